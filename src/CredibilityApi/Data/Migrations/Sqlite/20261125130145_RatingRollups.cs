using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RatingRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArticleDimensionStats",
                columns: table => new
                {
                    ArticleId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Dimension = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OutletId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Ratings = table.Column<int>(type: "INTEGER", nullable: false),
                    Sum = table.Column<double>(type: "REAL", nullable: false),
                    SumSquares = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleDimensionStats", x => new { x.ArticleId, x.Dimension });
                });

            migrationBuilder.CreateTable(
                name: "OutletDayAnnotators",
                columns: table => new
                {
                    OutletId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Dimension = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AnnotatorId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutletDayAnnotators", x => new { x.OutletId, x.Dimension, x.Day, x.AnnotatorId });
                });

            migrationBuilder.CreateTable(
                name: "OutletDayStats",
                columns: table => new
                {
                    OutletId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Dimension = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Articles = table.Column<int>(type: "INTEGER", nullable: false),
                    ScoreSum = table.Column<double>(type: "REAL", nullable: false),
                    ScoreSumSquares = table.Column<double>(type: "REAL", nullable: false),
                    Ratings = table.Column<int>(type: "INTEGER", nullable: false),
                    PairableValues = table.Column<int>(type: "INTEGER", nullable: false),
                    PairableUnits = table.Column<int>(type: "INTEGER", nullable: false),
                    PairableSum = table.Column<double>(type: "REAL", nullable: false),
                    PairableSumSquares = table.Column<double>(type: "REAL", nullable: false),
                    ObservedDisagreement = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutletDayStats", x => new { x.OutletId, x.Dimension, x.Day });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleDimensionStats_OutletId_Dimension_Day",
                table: "ArticleDimensionStats",
                columns: new[] { "OutletId", "Dimension", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_OutletDayStats_Dimension_Day",
                table: "OutletDayStats",
                columns: new[] { "Dimension", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArticleDimensionStats");

            migrationBuilder.DropTable(
                name: "OutletDayAnnotators");

            migrationBuilder.DropTable(
                name: "OutletDayStats");
        }
    }
}

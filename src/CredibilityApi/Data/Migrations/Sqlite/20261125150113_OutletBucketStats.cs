using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutletBucketStats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OutletBucketStats",
                columns: table => new
                {
                    Dimension = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Bucket = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OutletId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Articles = table.Column<int>(type: "INTEGER", nullable: false),
                    ScoreSum = table.Column<double>(type: "REAL", nullable: false),
                    ScoreSumSquares = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutletBucketStats", x => new { x.Dimension, x.Bucket, x.Start, x.OutletId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_OutletBucketStats_OutletId_Dimension_Start",
                table: "OutletBucketStats",
                columns: new[] { "OutletId", "Dimension", "Start" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OutletBucketStats");
        }
    }
}

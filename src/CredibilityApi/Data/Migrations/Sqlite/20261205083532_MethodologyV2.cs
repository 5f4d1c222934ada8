using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MethodologyV2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnnotatorLeniencies",
                columns: table => new
                {
                    Dimension = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AnnotatorId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Estimate = table.Column<double>(type: "REAL", nullable: false),
                    Sd = table.Column<double>(type: "REAL", nullable: false),
                    Lower95 = table.Column<double>(type: "REAL", nullable: false),
                    Upper95 = table.Column<double>(type: "REAL", nullable: false),
                    OwnVariance = table.Column<double>(type: "REAL", nullable: false),
                    Loading = table.Column<double>(type: "REAL", nullable: false),
                    Ratings = table.Column<int>(type: "INTEGER", nullable: false),
                    Overlap = table.Column<double>(type: "REAL", nullable: false),
                    Identified = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotatorLeniencies", x => new { x.Dimension, x.AnnotatorId });
                });

            migrationBuilder.CreateTable(
                name: "BucketPriorsV2",
                columns: table => new
                {
                    Dimension = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Bucket = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Outlets = table.Column<int>(type: "INTEGER", nullable: false),
                    Grid = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BucketPriorsV2", x => new { x.Dimension, x.Bucket, x.Start });
                });

            migrationBuilder.CreateTable(
                name: "DimensionFits",
                columns: table => new
                {
                    Dimension = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Changes = table.Column<long>(type: "INTEGER", nullable: false),
                    FittedChanges = table.Column<long>(type: "INTEGER", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NoiseVariance = table.Column<double>(type: "REAL", nullable: true),
                    ArticleVariance = table.Column<double>(type: "REAL", nullable: true),
                    LeniencyVariance = table.Column<double>(type: "REAL", nullable: false),
                    SharedVariance = table.Column<double>(type: "REAL", nullable: false),
                    Ratings = table.Column<int>(type: "INTEGER", nullable: false),
                    Articles = table.Column<int>(type: "INTEGER", nullable: false),
                    OverlappingArticles = table.Column<int>(type: "INTEGER", nullable: false),
                    Unavailable = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DimensionFits", x => x.Dimension);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnnotatorLeniencies");

            migrationBuilder.DropTable(
                name: "BucketPriorsV2");

            migrationBuilder.DropTable(
                name: "DimensionFits");
        }
    }
}

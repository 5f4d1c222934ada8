using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.SqlServer
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
                    Dimension = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    AnnotatorId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Estimate = table.Column<double>(type: "float", nullable: false),
                    Sd = table.Column<double>(type: "float", nullable: false),
                    Lower95 = table.Column<double>(type: "float", nullable: false),
                    Upper95 = table.Column<double>(type: "float", nullable: false),
                    OwnVariance = table.Column<double>(type: "float", nullable: false),
                    Loading = table.Column<double>(type: "float", nullable: false),
                    Ratings = table.Column<int>(type: "int", nullable: false),
                    Overlap = table.Column<double>(type: "float", nullable: false),
                    Identified = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotatorLeniencies", x => new { x.Dimension, x.AnnotatorId });
                });

            migrationBuilder.CreateTable(
                name: "BucketPriorsV2",
                columns: table => new
                {
                    Dimension = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Bucket = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Start = table.Column<DateOnly>(type: "date", nullable: false),
                    Outlets = table.Column<int>(type: "int", nullable: false),
                    Grid = table.Column<byte[]>(type: "varbinary(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BucketPriorsV2", x => new { x.Dimension, x.Bucket, x.Start });
                });

            migrationBuilder.CreateTable(
                name: "DimensionFits",
                columns: table => new
                {
                    Dimension = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Changes = table.Column<long>(type: "bigint", nullable: false),
                    FittedChanges = table.Column<long>(type: "bigint", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    NoiseVariance = table.Column<double>(type: "float", nullable: true),
                    ArticleVariance = table.Column<double>(type: "float", nullable: true),
                    LeniencyVariance = table.Column<double>(type: "float", nullable: false),
                    SharedVariance = table.Column<double>(type: "float", nullable: false),
                    Ratings = table.Column<int>(type: "int", nullable: false),
                    Articles = table.Column<int>(type: "int", nullable: false),
                    OverlappingArticles = table.Column<int>(type: "int", nullable: false),
                    Unavailable = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true)
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

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BucketPriorSums : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "InverseArticles",
                table: "BucketPriors",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "MeanSquares",
                table: "BucketPriors",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "MeanSum",
                table: "BucketPriors",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "WithinDf",
                table: "BucketPriors",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "WithinSquares",
                table: "BucketPriors",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            // The sums of the stored priors' buckets, from their outlet rows (RollupMaintenance keeps them from here on,
            // moving them by each outlet row's change; Scoring.PriorSums).
            migrationBuilder.Sql(
                "UPDATE \"BucketPriors\" SET \"MeanSum\" = COALESCE((SELECT SUM((s.\"ScoreSum\" / s.\"Articles\")) FROM \"OutletBucketStats\" AS s WHERE s.\"Dimension\" = \"BucketPriors\".\"Dimension\" AND s.\"Bucket\" = \"BucketPriors\".\"Bucket\" AND s.\"Start\" = \"BucketPriors\".\"Start\" AND s.\"Articles\" > 0), 0), \"MeanSquares\" = COALESCE((SELECT SUM((s.\"ScoreSum\" / s.\"Articles\") * (s.\"ScoreSum\" / s.\"Articles\")) FROM \"OutletBucketStats\" AS s WHERE s.\"Dimension\" = \"BucketPriors\".\"Dimension\" AND s.\"Bucket\" = \"BucketPriors\".\"Bucket\" AND s.\"Start\" = \"BucketPriors\".\"Start\" AND s.\"Articles\" > 0), 0), \"WithinDf\" = COALESCE((SELECT SUM(CASE WHEN s.\"Articles\" >= 2 THEN s.\"Articles\" - 1 ELSE 0 END) FROM \"OutletBucketStats\" AS s WHERE s.\"Dimension\" = \"BucketPriors\".\"Dimension\" AND s.\"Bucket\" = \"BucketPriors\".\"Bucket\" AND s.\"Start\" = \"BucketPriors\".\"Start\" AND s.\"Articles\" > 0), 0), \"WithinSquares\" = COALESCE((SELECT SUM(CASE WHEN s.\"Articles\" >= 2 AND (s.\"ScoreSumSquares\" - s.\"ScoreSum\" * s.\"ScoreSum\" / s.\"Articles\") > 0 THEN (s.\"ScoreSumSquares\" - s.\"ScoreSum\" * s.\"ScoreSum\" / s.\"Articles\") ELSE 0 END) FROM \"OutletBucketStats\" AS s WHERE s.\"Dimension\" = \"BucketPriors\".\"Dimension\" AND s.\"Bucket\" = \"BucketPriors\".\"Bucket\" AND s.\"Start\" = \"BucketPriors\".\"Start\" AND s.\"Articles\" > 0), 0), \"InverseArticles\" = COALESCE((SELECT SUM(1.0 / s.\"Articles\") FROM \"OutletBucketStats\" AS s WHERE s.\"Dimension\" = \"BucketPriors\".\"Dimension\" AND s.\"Bucket\" = \"BucketPriors\".\"Bucket\" AND s.\"Start\" = \"BucketPriors\".\"Start\" AND s.\"Articles\" > 0), 0);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "InverseArticles",
                table: "BucketPriors");

            migrationBuilder.DropColumn(
                name: "MeanSquares",
                table: "BucketPriors");

            migrationBuilder.DropColumn(
                name: "MeanSum",
                table: "BucketPriors");

            migrationBuilder.DropColumn(
                name: "WithinDf",
                table: "BucketPriors");

            migrationBuilder.DropColumn(
                name: "WithinSquares",
                table: "BucketPriors");
        }
    }
}

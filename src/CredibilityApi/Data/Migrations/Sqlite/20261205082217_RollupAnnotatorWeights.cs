using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RollupAnnotatorWeights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "InverseRatingsSum",
                table: "OutletDayStats",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "Weight",
                table: "OutletDayAnnotators",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            // Rows written before these columns existed get their values from the rows the refresh computes
            // them from (RollupMaintenance.RefreshDaysAsync): k is the article row's count of current ratings.
            // Any rating change still queued in PendingRollups is folded in at start, which recomputes its days.
            migrationBuilder.Sql(
                """
                UPDATE "OutletDayStats" SET "InverseRatingsSum" = (
                    SELECT TOTAL(1.0 / s."Ratings") FROM "ArticleDimensionStats" AS s
                    WHERE s."OutletId" = "OutletDayStats"."OutletId" AND s."Dimension" = "OutletDayStats"."Dimension" AND s."Day" = "OutletDayStats"."Day");
                """);
            migrationBuilder.Sql(
                """
                UPDATE "OutletDayAnnotators" SET "Weight" = (
                    SELECT TOTAL(1.0 / s."Ratings") FROM "ArticleDimensionStats" AS s
                    JOIN "Annotations" AS a ON a."ArticleId" = s."ArticleId" AND a."Dimension" = s."Dimension"
                    WHERE s."OutletId" = "OutletDayAnnotators"."OutletId" AND s."Dimension" = "OutletDayAnnotators"."Dimension" AND s."Day" = "OutletDayAnnotators"."Day"
                      AND a."AuthorId" = "OutletDayAnnotators"."AnnotatorId" AND a."Kind" = 'Rating' AND a."Status" = 'Active' AND a."Hidden" = 0);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "InverseRatingsSum",
                table: "OutletDayStats");

            migrationBuilder.DropColumn(
                name: "Weight",
                table: "OutletDayAnnotators");
        }
    }
}

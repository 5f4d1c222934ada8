using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.SqlServer
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
                type: "float",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "Weight",
                table: "OutletDayAnnotators",
                type: "float",
                nullable: false,
                defaultValue: 0.0);

            // Rows written before these columns existed get their values from the rows the refresh computes
            // them from (RollupMaintenance.RefreshDaysAsync): k is the article row's count of current ratings.
            // Any rating change still queued in PendingRollups is folded in at start, which recomputes its days.
            // EXEC: an idempotent script runs the whole migration as one batch, which SQL Server compiles before
            // the columns are added; a statement naming them directly would fail with "Invalid column name".
            migrationBuilder.Sql(
                """
                EXEC(N'UPDATE d SET [InverseRatingsSum] = COALESCE((
                    SELECT SUM(1.0E0 / s.[Ratings]) FROM [ArticleDimensionStats] AS s
                    WHERE s.[OutletId] = d.[OutletId] AND s.[Dimension] = d.[Dimension] AND s.[Day] = d.[Day]), 0)
                FROM [OutletDayStats] AS d;');
                """);
            migrationBuilder.Sql(
                """
                EXEC(N'UPDATE w SET [Weight] = COALESCE((
                    SELECT SUM(1.0E0 / s.[Ratings]) FROM [ArticleDimensionStats] AS s
                    JOIN [Annotations] AS a ON a.[ArticleId] = s.[ArticleId] AND a.[Dimension] = s.[Dimension]
                    WHERE s.[OutletId] = w.[OutletId] AND s.[Dimension] = w.[Dimension] AND s.[Day] = w.[Day]
                      AND a.[AuthorId] = w.[AnnotatorId] AND a.[Kind] = N''Rating'' AND a.[Status] = N''Active'' AND a.[Hidden] = CAST(0 AS bit)), 0)
                FROM [OutletDayAnnotators] AS w;');
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

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AsOfRevisionIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AnnotationRevisions_RecordedAt",
                table: "AnnotationRevisions");

            migrationBuilder.AddColumn<DateTime>(
                name: "ArticlePublishedAt",
                table: "AnnotationRevisions",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Dimension",
                table: "AnnotationRevisions",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OutletId",
                table: "AnnotationRevisions",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            // Existing revisions take their outlet, dimension and publication date from their own snapshot (ISO 8601 instants).
            migrationBuilder.Sql(
                """
                UPDATE AnnotationRevisions SET
                    OutletId = COALESCE(JSON_VALUE(Snapshot, '$.outletId'), N''),
                    Dimension = JSON_VALUE(Snapshot, '$.rating.dimension'),
                    ArticlePublishedAt = CONVERT(datetime2, REPLACE(JSON_VALUE(Snapshot, '$.articlePublishedAt'), 'Z', ''), 126)
                """);

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationRevisions_Dimension_ArticlePublishedAt",
                table: "AnnotationRevisions",
                columns: new[] { "Dimension", "ArticlePublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationRevisions_OutletId_Dimension_RecordedAt",
                table: "AnnotationRevisions",
                columns: new[] { "OutletId", "Dimension", "RecordedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AnnotationRevisions_Dimension_ArticlePublishedAt",
                table: "AnnotationRevisions");

            migrationBuilder.DropIndex(
                name: "IX_AnnotationRevisions_OutletId_Dimension_RecordedAt",
                table: "AnnotationRevisions");

            migrationBuilder.DropColumn(
                name: "ArticlePublishedAt",
                table: "AnnotationRevisions");

            migrationBuilder.DropColumn(
                name: "Dimension",
                table: "AnnotationRevisions");

            migrationBuilder.DropColumn(
                name: "OutletId",
                table: "AnnotationRevisions");

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationRevisions_RecordedAt",
                table: "AnnotationRevisions",
                column: "RecordedAt");
        }
    }
}

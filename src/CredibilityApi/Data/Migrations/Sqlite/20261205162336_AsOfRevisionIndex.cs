using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Dimension",
                table: "AnnotationRevisions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OutletId",
                table: "AnnotationRevisions",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            // Existing revisions take their outlet, dimension and publication date from their own snapshot. A snapshot's
            // instant is ISO 8601 ("2019-01-25T22:28:05.5Z"); EF stores "2019-01-25 22:28:05.5" on SQLite.
            migrationBuilder.Sql(
                """
                UPDATE AnnotationRevisions SET
                    OutletId = coalesce(json_extract(Snapshot, '$.outletId'), ''),
                    Dimension = json_extract(Snapshot, '$.rating.dimension'),
                    ArticlePublishedAt = replace(replace(json_extract(Snapshot, '$.articlePublishedAt'), 'T', ' '), 'Z', '')
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

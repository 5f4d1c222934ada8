using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FoldReadsByDimension : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Annotations_ArticleId_Kind",
                table: "Annotations");

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_ArticleId_Kind_Dimension",
                table: "Annotations",
                columns: new[] { "ArticleId", "Kind", "Dimension" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Annotations_ArticleId_Kind_Dimension",
                table: "Annotations");

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_ArticleId_Kind",
                table: "Annotations",
                columns: new[] { "ArticleId", "Kind" });
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BlindAnnotationMark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Blind",
                table: "Annotations",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "CampaignId",
                table: "Annotations",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_CampaignId_ArticleId",
                table: "Annotations",
                columns: new[] { "CampaignId", "ArticleId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Annotations_CampaignId_ArticleId",
                table: "Annotations");

            migrationBuilder.DropColumn(
                name: "Blind",
                table: "Annotations");

            migrationBuilder.DropColumn(
                name: "CampaignId",
                table: "Annotations");
        }
    }
}

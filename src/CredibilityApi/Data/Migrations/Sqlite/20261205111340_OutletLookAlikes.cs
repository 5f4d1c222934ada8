using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutletLookAlikes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "Outlets",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SkeletonKey",
                table: "OutletDomains",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Outlets_NameKey",
                table: "Outlets",
                column: "NameKey");

            migrationBuilder.CreateIndex(
                name: "IX_OutletDomains_SkeletonKey",
                table: "OutletDomains",
                column: "SkeletonKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outlets_NameKey",
                table: "Outlets");

            migrationBuilder.DropIndex(
                name: "IX_OutletDomains_SkeletonKey",
                table: "OutletDomains");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "Outlets");

            migrationBuilder.DropColumn(
                name: "SkeletonKey",
                table: "OutletDomains");
        }
    }
}

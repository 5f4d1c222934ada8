using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PepperedKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HashScheme",
                table: "ApiKeys",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Sha256");

            // Keys issued before this migration showed their secret's first 12 characters as their prefix.
            // Replace it with a label from the key's id (random, and not part of the secret); their hashes stay
            // plain SHA-256 (HashScheme 'Sha256') until each key's next use re-hashes it under the pepper.
            migrationBuilder.Sql("UPDATE [ApiKeys] SET [Prefix] = 'key-' + RIGHT([Id], 8)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HashScheme",
                table: "ApiKeys");
        }
    }
}

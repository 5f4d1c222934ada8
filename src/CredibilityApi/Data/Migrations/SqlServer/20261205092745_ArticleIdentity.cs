using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ArticleIdentity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "MirrorDomains",
                table: "Outlets",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "IdentityHash",
                table: "Articles",
                type: "nchar(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "MergedAt",
                table: "Articles",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MergedBy",
                table: "Articles",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MergedIntoId",
                table: "Articles",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ArticleAliases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ArticleId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Url = table.Column<string>(type: "nvarchar(2048)", maxLength: 2048, nullable: false),
                    UrlHash = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    IdentityHash = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleAliases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ArticleAliases_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_IdentityHash",
                table: "Articles",
                column: "IdentityHash");

            migrationBuilder.CreateIndex(
                name: "IX_ArticleAliases_ArticleId_Id",
                table: "ArticleAliases",
                columns: new[] { "ArticleId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleAliases_IdentityHash",
                table: "ArticleAliases",
                column: "IdentityHash");

            migrationBuilder.CreateIndex(
                name: "IX_ArticleAliases_UrlHash",
                table: "ArticleAliases",
                column: "UrlHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArticleAliases");

            migrationBuilder.DropIndex(
                name: "IX_Articles_IdentityHash",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "MirrorDomains",
                table: "Outlets");

            migrationBuilder.DropColumn(
                name: "IdentityHash",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "MergedAt",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "MergedBy",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "MergedIntoId",
                table: "Articles");
        }
    }
}

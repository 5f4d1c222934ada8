using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StudyGoldAndAdjudication : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Adjudicators",
                table: "Campaigns",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "[]");

            // Campaigns made before adjudication existed get the documented default X = 20.
            migrationBuilder.AddColumn<double>(
                name: "DisagreementThreshold",
                table: "Campaigns",
                type: "float",
                nullable: false,
                defaultValue: 20.0);

            migrationBuilder.CreateTable(
                name: "Adjudications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    CampaignId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ArticleId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Target = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Value = table.Column<double>(type: "float", nullable: true),
                    Verdict = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    Reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    AdjudicatorId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Adjudications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Adjudications_Accounts_AdjudicatorId",
                        column: x => x.AdjudicatorId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Adjudications_CampaignItems_CampaignId_ArticleId",
                        columns: x => new { x.CampaignId, x.ArticleId },
                        principalTable: "CampaignItems",
                        principalColumns: new[] { "CampaignId", "ArticleId" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GoldAnswers",
                columns: table => new
                {
                    CampaignId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ArticleId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Target = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Value = table.Column<double>(type: "float", nullable: true),
                    Tolerance = table.Column<double>(type: "float", nullable: true),
                    Verdict = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    SetBy = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    SetAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GoldAnswers", x => new { x.CampaignId, x.ArticleId, x.Kind, x.Target });
                    table.ForeignKey(
                        name: "FK_GoldAnswers_CampaignItems_CampaignId_ArticleId",
                        columns: x => new { x.CampaignId, x.ArticleId },
                        principalTable: "CampaignItems",
                        principalColumns: new[] { "CampaignId", "ArticleId" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Adjudications_AdjudicatorId",
                table: "Adjudications",
                column: "AdjudicatorId");

            migrationBuilder.CreateIndex(
                name: "IX_Adjudications_CampaignId_ArticleId_Kind_Target",
                table: "Adjudications",
                columns: new[] { "CampaignId", "ArticleId", "Kind", "Target" });

            migrationBuilder.CreateIndex(
                name: "IX_Adjudications_CampaignId_CreatedAt_Id",
                table: "Adjudications",
                columns: new[] { "CampaignId", "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Adjudications");

            migrationBuilder.DropTable(
                name: "GoldAnswers");

            migrationBuilder.DropColumn(
                name: "Adjudicators",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "DisagreementThreshold",
                table: "Campaigns");
        }
    }
}

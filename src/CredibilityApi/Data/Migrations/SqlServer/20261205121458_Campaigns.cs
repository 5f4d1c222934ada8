using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Campaigns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Campaigns",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Guidelines = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    RubricVersion = table.Column<int>(type: "int", nullable: false),
                    Dimensions = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    AskVerdicts = table.Column<bool>(type: "bit", nullable: false),
                    AskFraming = table.Column<bool>(type: "bit", nullable: false),
                    Overlap = table.Column<int>(type: "int", nullable: false),
                    Pool = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    DueAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    State = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ArticleIds = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    OutletIds = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PublishedFrom = table.Column<DateTime>(type: "datetime2", nullable: true),
                    PublishedTo = table.Column<DateTime>(type: "datetime2", nullable: true),
                    PerBucket = table.Column<int>(type: "int", nullable: true),
                    Bucket = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    Seed = table.Column<long>(type: "bigint", nullable: true),
                    CreatedBy = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Campaigns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Assignments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    CampaignId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ArticleId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    AnnotatorId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Position = table.Column<int>(type: "int", nullable: false),
                    State = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    AssignedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FirstFetchedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SubmittedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SkippedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SkipReason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    ReassignedToId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Assignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Assignments_Accounts_AnnotatorId",
                        column: x => x.AnnotatorId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Assignments_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Assignments_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CampaignItems",
                columns: table => new
                {
                    CampaignId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ArticleId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Position = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CampaignItems", x => new { x.CampaignId, x.ArticleId });
                    table.ForeignKey(
                        name: "FK_CampaignItems_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CampaignItems_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_AnnotatorId_ArticleId_State",
                table: "Assignments",
                columns: new[] { "AnnotatorId", "ArticleId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_AnnotatorId_State_Position_Id",
                table: "Assignments",
                columns: new[] { "AnnotatorId", "State", "Position", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_ArticleId",
                table: "Assignments",
                column: "ArticleId");

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_CampaignId_ArticleId_AnnotatorId",
                table: "Assignments",
                columns: new[] { "CampaignId", "ArticleId", "AnnotatorId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CampaignItems_ArticleId",
                table: "CampaignItems",
                column: "ArticleId");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignItems_CampaignId_Position",
                table: "CampaignItems",
                columns: new[] { "CampaignId", "Position" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Assignments");

            migrationBuilder.DropTable(
                name: "CampaignItems");

            migrationBuilder.DropTable(
                name: "Campaigns");
        }
    }
}

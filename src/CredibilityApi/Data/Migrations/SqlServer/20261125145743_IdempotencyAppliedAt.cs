using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class IdempotencyAppliedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AppliedAt",
                table: "IdempotencyRecords",
                type: "datetime2",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AppliedAt",
                table: "IdempotencyRecords");
        }
    }
}

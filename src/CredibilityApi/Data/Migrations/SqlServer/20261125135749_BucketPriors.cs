using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BucketPriors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BucketPriors",
                columns: table => new
                {
                    Dimension = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Bucket = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Start = table.Column<DateOnly>(type: "date", nullable: false),
                    Outlets = table.Column<int>(type: "int", nullable: false),
                    Mu = table.Column<double>(type: "float", nullable: false),
                    Tau2 = table.Column<double>(type: "float", nullable: false),
                    Sigma2 = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BucketPriors", x => new { x.Dimension, x.Bucket, x.Start });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BucketPriors");
        }
    }
}

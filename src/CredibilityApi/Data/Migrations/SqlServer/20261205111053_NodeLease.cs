using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CredibilityApi.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class NodeLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Leases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Owner = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    AcquiredAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Generation = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Leases", x => x.Name);
                });

            // Several nodes: readers must not wait for the rollup applier's locks, so READ COMMITTED reads row versions.
            // It can only be switched while no other session uses the database (NO_WAIT: fail at once rather than hang a
            // start); if it fails, the app warns at every start and the README says how to switch it. Azure SQL has it on.
            migrationBuilder.Sql("""
                IF (SELECT is_read_committed_snapshot_on FROM sys.databases WHERE database_id = DB_ID()) = 0
                BEGIN
                    BEGIN TRY
                        ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON WITH NO_WAIT;
                    END TRY
                    BEGIN CATCH
                        PRINT 'READ_COMMITTED_SNAPSHOT could not be switched on: ' + ERROR_MESSAGE();
                    END CATCH
                END
                """, suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Leases");
        }
    }
}

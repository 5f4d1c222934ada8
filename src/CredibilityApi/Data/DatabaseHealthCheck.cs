using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredibilityApi.Data;

/// <summary>
/// Ready when the database answers a query on the migrations history within three seconds. On SQLite the
/// probe opens its own connection without the create flag, so a database file that went missing is
/// reported instead of being silently replaced by an empty one.
/// </summary>
internal sealed class DatabaseHealthCheck(CredibilityDbContext db) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            if (db.Database.IsSqlite())
            {
                var probe = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
                await using var connection = new SqliteConnection(probe.ConnectionString);
                await connection.OpenAsync(timeout.Token);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM \"__EFMigrationsHistory\"";
                await command.ExecuteScalarAsync(timeout.Token);
                return HealthCheckResult.Healthy();
            }

            return (await db.Database.GetAppliedMigrationsAsync(timeout.Token)).Any()
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database has no schema.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The reason is logged by the health check service; the probe's answer only says unhealthy.
            return HealthCheckResult.Unhealthy("The database cannot be reached.", e);
        }
    }
}

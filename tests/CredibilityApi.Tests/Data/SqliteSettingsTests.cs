using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Data;

/// <summary>
/// The per-connection SQLite settings issue 13 measured: every EF connection gets the busy timeout and a 512 KiB page
/// cache (<c>Database:SqliteCacheKiB</c>), and the held-open read connections map the file (<c>Database:HotReadMmapMiB</c>).
/// SQLite keeps these per native connection, so a setting that was not applied would read back as SQLite's default.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SqliteSettingsTests(ApiFixture api)
{
    [SkippableFact]
    public async Task Every_connection_has_the_configured_busy_timeout_page_cache_and_mapping()
    {
        Skip.If(api.Factory.OnSqlServer, "SQLite's per-connection settings.");
        await using var scope = api.Factory.Services.CreateAsyncScope();
        await OnContextConnectionAsync(scope.ServiceProvider, connection =>
        {
            long Pragma(string name)
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA {name};";
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }

            Pragma("busy_timeout").ShouldBe(10_000);
            Pragma("cache_size").ShouldBe(-512, "a negative cache_size is KiB; SQLite's default is -2000");
            Pragma("wal_autocheckpoint").ShouldBe(0, "the background checkpointer copies the log; no commit does (SQLite's default is 1000)");
        });

        var sessions = scope.ServiceProvider.GetRequiredService<SqliteReadSessions>();
        var mapped = await sessions.ReadAsync(session =>
        {
            using var reader = session.Command("PRAGMA mmap_size;").ExecuteReader();
            reader.Read().ShouldBeTrue();
            return reader.GetInt64(0);
        }, CancellationToken.None);
        mapped.ShouldBe(256L * 1024 * 1024);
    }

    /// <summary>
    /// The context's connections are made without EF Core's SQLite functions (<see cref="SqlitePlainConnections"/>): their
    /// bindings, made again on every open of a pooled connection, were finalised by the hundred thousand under writes. With
    /// EF's own connection these calls answer (3, and a match); here SQLite does not know them.
    /// </summary>
    [SkippableFact]
    public async Task The_context_connections_carry_none_of_the_ef_sqlite_functions()
    {
        Skip.If(api.Factory.OnSqlServer, "SQLite's connections.");
        await using var scope = api.Factory.Services.CreateAsyncScope();
        await OnContextConnectionAsync(scope.ServiceProvider, connection =>
        {
            foreach (var sql in new[] { "SELECT ef_add(1, 2);", "SELECT 'abc' REGEXP 'b';", "SELECT ef_sum(1);", "SELECT '1' < '2' COLLATE EF_DECIMAL;" })
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                var error = Should.Throw<Microsoft.Data.Sqlite.SqliteException>(() => command.ExecuteScalar(), sql);
                error.Message.ShouldMatch("(?i)no such (function|collation sequence)");
            }
        });
    }

    /// <summary>Runs <paramref name="use"/> on the connection of the app's context, opened as the app opens it.</summary>
    private static async Task OnContextConnectionAsync(IServiceProvider services, Action<System.Data.Common.DbConnection> use)
    {
        var db = services.GetRequiredService<CredibilityDbContext>();
        await db.Database.OpenConnectionAsync();
        try
        {
            use(db.Database.GetDbConnection());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

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
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();
            long Pragma(string name)
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA {name};";
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }

            Pragma("busy_timeout").ShouldBe(10_000);
            Pragma("cache_size").ShouldBe(-512, "a negative cache_size is KiB; SQLite's default is -2000");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var sessions = scope.ServiceProvider.GetRequiredService<SqliteReadSessions>();
        var mapped = await sessions.ReadAsync(session =>
        {
            using var reader = session.Command("PRAGMA mmap_size;").ExecuteReader();
            reader.Read().ShouldBeTrue();
            return reader.GetInt64(0);
        }, CancellationToken.None);
        mapped.ShouldBe(256L * 1024 * 1024);
    }
}

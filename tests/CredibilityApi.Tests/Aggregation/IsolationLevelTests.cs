using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// SQL Server keeps a session's isolation level after its transaction ends: the applier's SERIALIZABLE must not reach
/// the requests that get its pooled connection next. Runs only against SQL Server (<c>CREDIBILITY_TEST_SQLSERVER</c>);
/// on SQLite it is reported as skipped.
/// </summary>
public sealed class IsolationLevelTests(NoRollupWorkerApiFactory factory) : IClassFixture<NoRollupWorkerApiFactory>
{
    /// <summary><c>sys.dm_exec_sessions.transaction_isolation_level</c> of READ COMMITTED.</summary>
    private const short ReadCommitted = 2;

    [SkippableFact]
    public async Task The_appliers_connections_are_back_at_read_committed_after_it_runs()
    {
        Skip.IfNot(factory.OnSqlServer, $"SQL Server only: set {ApiFactory.SqlServerVariable} to run it.");

        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        var domain = Unique.Domain();
        await admin.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await admin.RegisterArticleAsync(Requests.Article($"https://{domain}/isolation", publishedAt: new DateTimeOffset(1730, 1, 2, 0, 0, 0, TimeSpan.Zero)));
        await admin.RateArticleAsync(article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "factual_accuracy", Value = 55 }],
            Tags = [],
        });

        // The applier's SERIALIZABLE transactions run, then their connections go back to the pool.
        (await factory.ApplyPendingRollupsAsync()).ShouldBeGreaterThan(0);

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        await db.Database.OpenConnectionAsync();
        try
        {
            // A connection from the same pool, most likely the very one the applier returned...
            (await db.Database.SqlQueryRaw<short>("SELECT transaction_isolation_level AS [Value] FROM sys.dm_exec_sessions WHERE session_id = @@SPID").SingleAsync())
                .ShouldBe(ReadCommitted);

            // ...and every other session of this app on this database, idle in the pool.
            var application = new SqlConnectionStringBuilder(db.Database.GetConnectionString()).ApplicationName;
            var levels = await db.Database.SqlQuery<short>(
                    $"SELECT transaction_isolation_level AS [Value] FROM sys.dm_exec_sessions WHERE database_id = DB_ID() AND program_name = {application}")
                .ToListAsync();
            levels.ShouldNotBeEmpty();
            levels.ShouldAllBe(level => level == ReadCommitted);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

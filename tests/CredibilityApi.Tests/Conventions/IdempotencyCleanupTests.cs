using System.Data.Common;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CredibilityApi.Tests.Conventions;

/// <summary>Expired idempotency records go in batches: many short DELETEs instead of one that locks the whole table.</summary>
public sealed class IdempotencyCleanupTests
{
    [SkippableFact]
    public async Task Expired_records_are_deleted_a_thousand_per_statement_and_recent_ones_stay()
    {
        await using var app = new ApiFactory();
        Skip.If(app.OnSqlServer, "SQLite only: the test opens the app's SQLite file with a statement counter.");
        _ = app.Services;
        var cutoff = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var deletes = new DeleteCounter();
        await using var db = new SqliteCredibilityDbContext(new DbContextOptionsBuilder<SqliteCredibilityDbContext>()
            .UseSqlite($"Data Source={app.SqlitePath}")
            .AddInterceptors(deletes)
            .Options);
        db.IdempotencyRecords.AddRange(Enumerable.Range(0, 2_500).Select(i => Record($"old-{i}", cutoff.AddMinutes(-1 - i))));
        db.IdempotencyRecords.AddRange(Enumerable.Range(0, 10).Select(i => Record($"new-{i}", cutoff.AddMinutes(i))));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var deleted = await IdempotencyCleanup.DeleteExpiredAsync(db, cutoff, IdempotencyCleanup.BatchSize, CancellationToken.None);

        deleted.ShouldBe(2_500);
        deletes.Affected.ShouldBe([1_000, 1_000, 500]);
        (await db.IdempotencyRecords.Select(r => r.Key).OrderBy(k => k).ToListAsync())
            .ShouldBe(Enumerable.Range(0, 10).Select(i => $"new-{i}").Order(StringComparer.Ordinal));
    }

    private static IdempotencyRecord Record(string key, DateTime createdAt) => new()
    {
        AccountId = "acc_cleanup",
        Key = key,
        RequestHash = new string('0', 64),
        CreatedAt = createdAt,
    };

    /// <summary>The rows each DELETE statement removed, in order.</summary>
    private sealed class DeleteCounter : DbCommandInterceptor
    {
        public List<int> Affected { get; } = [];

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.TrimStart().StartsWith("DELETE", StringComparison.OrdinalIgnoreCase))
            {
                Affected.Add(result);
            }

            return ValueTask.FromResult(result);
        }
    }
}

using CredibilityApi.Aggregation;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// The fold reads and computes a batch before it takes the write lock (issue 13), so ratings are written while a batch is
/// prepared, and another applier may fold the same batch first. Either way the rollups must end equal to a recomputation,
/// and a batch folded by someone else must not be written again.
/// </summary>
public sealed class FoldOutsideTheLockTests(NoRollupWorkerApiFactory factory) : IClassFixture<NoRollupWorkerApiFactory>
{
    private static readonly DateTimeOffset Day = new(1731, 5, 8, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_batch_another_applier_folded_after_it_was_prepared_is_not_written_again()
    {
        await using var batch = await PreparedAsync();
        var (outletId, articles, _, db, prepared) = batch;
        prepared.Ids.Count.ShouldBeGreaterThanOrEqualTo(articles.Count);

        // Another applier folds the same changes first (here this process's own, as a node that took the lease over would).
        (await factory.ApplyPendingRollupsAsync()).ShouldBeGreaterThanOrEqualTo(articles.Count);

        (await RollupApplier.WriteBatchAsync(db, prepared, CancellationToken.None)).ShouldBe(RollupApplier.Raced);
        await AssertFoldedAsync(outletId, articles);
    }

    [Fact]
    public async Task A_batch_prepared_before_the_rollups_lease_changed_hands_is_not_written()
    {
        await using var batch = await PreparedAsync();
        var (outletId, articles, _, db, prepared) = batch;

        // Another node takes the lease over (a hand-over adds one to its generation) and may fold changes the batch has not
        // seen: the batch, computed before, must not be written over them.
        await using (var other = factory.Services.CreateAsyncScope())
        {
            (await other.ServiceProvider.GetRequiredService<CredibilityDbContext>().Leases
                .Where(l => l.Name == LeaseStore.Rollups)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, "another-node").SetProperty(l => l.Generation, l => l.Generation + 1))).ShouldBe(1);
        }

        (await RollupApplier.WriteBatchAsync(db, prepared, CancellationToken.None)).ShouldBe(RollupApplier.Raced);
        (await CountAsync(d => d.ArticleDimensionStats.CountAsync(s => articles.Contains(s.ArticleId)))).ShouldBe(0, "nothing of the batch was written");
        (await CountAsync(d => d.PendingRollups.CountAsync(p => articles.Contains(p.ArticleId)))).ShouldBeGreaterThanOrEqualTo(articles.Count);

        // The lease expires (another node stopped renewing it); this node takes it over and folds the batch again.
        await using (var expire = factory.Services.CreateAsyncScope())
        {
            await expire.ServiceProvider.GetRequiredService<CredibilityDbContext>().Leases
                .Where(l => l.Name == LeaseStore.Rollups)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, DateTime.UnixEpoch));
        }

        (await factory.ApplyPendingRollupsAsync()).ShouldBeGreaterThanOrEqualTo(articles.Count);
        await AssertFoldedAsync(outletId, articles);
    }

    [Fact]
    public async Task Ratings_written_while_a_batch_is_prepared_commit_at_once_and_are_folded_in_by_the_next_batch()
    {
        await using var batch = await PreparedAsync();
        var (outletId, articles, _, db, prepared) = batch;

        // A re-rating of the same article and dimension, and a new rating, commit between the batch's reads and its write.
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        await admin.RateArticleAsync(articles[0], Rating("factual_accuracy", 90));
        await admin.RateArticleAsync(articles[1], Rating("slant", -30));

        // The batch writes what it read; the newer ratings' pending rows fold them in after it.
        (await RollupApplier.WriteBatchAsync(db, prepared, CancellationToken.None)).ShouldBe(prepared.Ids.Count);
        await AssertFoldedAsync(outletId, articles, stillPending: true);
        (await factory.ApplyPendingRollupsAsync()).ShouldBeGreaterThanOrEqualTo(2);
        await AssertFoldedAsync(outletId, articles);

        var stats = await CountAsync(d => d.ArticleDimensionStats.AsNoTracking().SingleAsync(s => s.ArticleId == articles[0] && s.Dimension == "factual_accuracy"));
        (stats.Ratings, stats.Sum).ShouldBe((2, 90 + 60.0), "the admin's re-rating (90) replaced its first value (40) beside the annotator's 60");
    }

    /// <summary>A batch of <see cref="RatedOutletAsync"/>'s changes read and folded in memory, not written, on a context of its own.</summary>
    private sealed record Prepared(string OutletId, List<string> Articles, AsyncServiceScope Scope, CredibilityDbContext Db, RollupApplier.PreparedBatch Batch) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Scope.DisposeAsync();
    }

    private async Task<Prepared> PreparedAsync()
    {
        var (outletId, articles) = await RatedOutletAsync();
        var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var batch = await RollupApplier.PrepareBatchAsync(db, 100, CancellationToken.None);
        batch.ShouldNotBeNull();
        return new Prepared(outletId, articles, scope, db, batch);
    }

    /// <summary>An outlet of its own with three articles, each rated by two annotators, queued and not folded.</summary>
    private async Task<(string OutletId, List<string> Articles)> RatedOutletAsync()
    {
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        var account = await admin.CreateAccountAsync(new CreateAccountRequest { Name = "Fold " + Unique.Label(), Role = Role.Annotator });
        var annotator = factory.CreateApiClient((await admin.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "tests" })).Key);
        var domain = Unique.Domain();
        var outlet = await admin.RegisterOutletAsync(Requests.Outlet(domain));
        var articles = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var article = await admin.RegisterArticleAsync(Requests.Article($"https://{domain}/fold-{i}", publishedAt: Day.AddDays(i)));
            articles.Add(article.Id);
            await admin.RateArticleAsync(article.Id, Rating("factual_accuracy", 40));
            await annotator.RateArticleAsync(article.Id, Rating("factual_accuracy", 60 + i));
        }

        return (outlet.Id, articles);
    }

    private async Task AssertFoldedAsync(string outletId, List<string> articles, bool stillPending = false)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var pending = await db.PendingRollups.CountAsync(p => articles.Contains(p.ArticleId));
        if (stillPending)
        {
            pending.ShouldBeGreaterThan(0);
            return;
        }

        pending.ShouldBe(0);
        await RollupReference.AssertMatchesAsync(db, outletId);
    }

    private async Task<T> CountAsync<T>(Func<CredibilityDbContext, Task<T>> read)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<CredibilityDbContext>());
    }

    private static RateArticleRequest Rating(string dimension, double value) => new()
    {
        RubricVersion = 1,
        Values = [new RatingValue { Dimension = dimension, Value = value }],
        Tags = [],
    };
}

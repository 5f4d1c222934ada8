using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// An app whose background rollup worker is off, so what reads and restarts do can be seen; a read waits a short
/// 300 ms for queued changes, since nothing will apply them meanwhile.
/// </summary>
public sealed class NoRollupWorkerApiFactory : ApiFactory
{
    public const int ReadWaitMilliseconds = 300;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rollups:ApplyInBackground", "false");
        builder.UseSetting("Rollups:ReadWaitMilliseconds", ReadWaitMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class PendingRollupTests(NoRollupWorkerApiFactory factory) : IClassFixture<NoRollupWorkerApiFactory>
{
    private static readonly DateTimeOffset Day = new(1720, 3, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_rating_queues_its_rollup_a_read_never_applies_it_and_the_applier_folds_it_in()
    {
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        var domain = Unique.Domain();
        await admin.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await admin.RegisterArticleAsync(Requests.Article($"https://{domain}/pending", publishedAt: Day));
        await admin.RateArticleAsync(article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "factual_accuracy", Value = 40 }],
            Tags = [],
        });

        // Committed with the rating, not yet applied: the write did only its own inserts.
        (await CountAsync(db => db.PendingRollups.CountAsync(p => p.ArticleId == article.Id))).ShouldBe(1);
        (await CountAsync(db => db.ArticleDimensionStats.CountAsync(s => s.ArticleId == article.Id))).ShouldBe(0);

        // A read writes nothing: with no applier running it waits its bounded time, then answers from the rollups as they are.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var stale = await admin.GetScoreSeriesAsync(article.OutletId, "factual_accuracy", Bucket.Day,
            DateOnly.FromDateTime(Day.UtcDateTime), DateOnly.FromDateTime(Day.UtcDateTime).AddDays(1), null, null);
        waited.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(NoRollupWorkerApiFactory.ReadWaitMilliseconds));
        (stale.Points.SingleOrDefault()?.Articles ?? 0).ShouldBe(0);
        (await CountAsync(db => db.PendingRollups.CountAsync(p => p.ArticleId == article.Id))).ShouldBe(1);
        (await CountAsync(db => db.ArticleDimensionStats.CountAsync(s => s.ArticleId == article.Id))).ShouldBe(0);

        (await factory.ApplyPendingRollupsAsync()).ShouldBeGreaterThanOrEqualTo(1);
        var series = await admin.GetScoreSeriesAsync(article.OutletId, "factual_accuracy", Bucket.Day,
            DateOnly.FromDateTime(Day.UtcDateTime), DateOnly.FromDateTime(Day.UtcDateTime).AddDays(1), null, null);

        var point = series.Points.Single();
        point.Articles.ShouldBe(1);
        point.RawMean.ShouldBe(40);
        (await CountAsync(db => db.PendingRollups.CountAsync())).ShouldBe(0);
        (await CountAsync(db => db.ArticleDimensionStats.CountAsync(s => s.ArticleId == article.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task Changes_queued_when_the_process_stopped_are_applied_at_the_next_start()
    {
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        var domain = Unique.Domain();
        await admin.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await admin.RegisterArticleAsync(Requests.Article($"https://{domain}/restart", publishedAt: Day));
        await admin.RateArticleAsync(article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "slant", Value = -20 }],
            Tags = [],
        });
        (await CountAsync(db => db.PendingRollups.CountAsync(p => p.ArticleId == article.Id))).ShouldBe(1);

        // A second app on the same database file stands for the restarted process.
        await using var restarted = factory.WithWebHostBuilder(_ => { });
        using var scope = restarted.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();

        (await db.PendingRollups.CountAsync()).ShouldBe(0);
        var stats = await db.ArticleDimensionStats.AsNoTracking().SingleAsync(s => s.ArticleId == article.Id && s.Dimension == "slant");
        stats.Ratings.ShouldBe(1);
        stats.Sum.ShouldBe(-20);
    }

    private async Task<int> CountAsync(Func<CredibilityDbContext, Task<int>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<CredibilityDbContext>());
    }
}

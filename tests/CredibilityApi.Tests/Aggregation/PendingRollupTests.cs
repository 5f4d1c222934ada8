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
        var article = await RatedArticleAsync(admin, "pending", new RatingValue { Dimension = "factual_accuracy", Value = 40 });

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
    public async Task A_score_read_whose_wait_ran_out_says_how_many_queued_changes_it_misses_and_a_current_one_says_nothing()
    {
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        var article = await RatedArticleAsync(admin, "missing", new RatingValue { Dimension = "factual_accuracy", Value = 70 }, new RatingValue { Dimension = "slant", Value = 10 });

        // Nothing folds in this app while the test reads: every read waits out its bound, then answers without the queue.
        var queued = await CountAsync(db => db.PendingRollups.CountAsync());
        queued.ShouldBeGreaterThanOrEqualTo(2);
        var day = DateOnly.FromDateTime(Day.UtcDateTime);
        var window = $"from={day:yyyy-MM-dd}&to={day.AddDays(1):yyyy-MM-dd}";
        string[] reads =
        [
            $"/api/v1/outlets/{article.OutletId}/scores?dimensions=factual_accuracy&bucket=day&{window}",
            $"/api/v1/outlets/{article.OutletId}/scores.svg?dimension=factual_accuracy&bucket=day&{window}",
            $"/api/v1/scores?dimension=factual_accuracy&{window}",
            $"/api/v1/agreement?outletId={article.OutletId}&{window}",
        ];
        using var http = factory.CreateHttpClient(ApiFactory.AdminKey);
        foreach (var read in reads)
        {
            using var stale = await http.GetAsync(read);
            stale.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, read);
            stale.Headers.GetValues("Rollups-Pending").Single().ShouldBe(queued.ToString(System.Globalization.CultureInfo.InvariantCulture), read);
        }

        // The CSV too (the same endpoint as the JSON series), and the chart says so in its own text, which outlives the headers.
        using (var csv = new HttpRequestMessage(HttpMethod.Get, reads[0]))
        {
            csv.Headers.Accept.ParseAdd("text/csv");
            using var answer = await http.SendAsync(csv);
            answer.Headers.GetValues("Rollups-Pending").Single().ShouldBe(queued.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        (await http.GetStringAsync(reads[1])).ShouldContain($"without {queued.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} rating changes not yet folded in");

        // Reads that do not take their figures from the rollups miss nothing queued, and say nothing: blind-only ratings and
        // asOf (from the revisions) still wait for the queue, as before, but answer without the header.
        string[] fromRatings =
        [
            $"{reads[0]}&blindOnly=true",
            $"{reads[1]}&blindOnly=true",
            $"{reads[2]}&blindOnly=true",
            $"{reads[0]}&asOf={Day.AddDays(2):yyyy-MM-ddTHH:mm:ssZ}",
        ];
        foreach (var read in fromRatings)
        {
            using var answer = await http.GetAsync(read);
            answer.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, read);
            answer.Headers.Contains("Rollups-Pending").ShouldBeFalse(read);
        }

        (await factory.ApplyPendingRollupsAsync()).ShouldBeGreaterThanOrEqualTo(2);
        foreach (var read in reads)
        {
            using var current = await http.GetAsync(read);
            current.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, read);
            current.Headers.Contains("Rollups-Pending").ShouldBeFalse(read);
        }

        (await http.GetStringAsync(reads[1])).ShouldNotContain("not yet folded in");
    }

    [Fact]
    public async Task Changes_queued_when_the_process_stopped_are_applied_at_the_next_start()
    {
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        var article = await RatedArticleAsync(admin, "restart", new RatingValue { Dimension = "slant", Value = -20 });
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

    /// <summary>A new outlet's article published on <see cref="Day"/>, rated by the admin on rubric version 1.</summary>
    private static async Task<Article> RatedArticleAsync(CredibilityApiClient admin, string path, params RatingValue[] values)
    {
        var domain = Unique.Domain();
        await admin.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await admin.RegisterArticleAsync(Requests.Article($"https://{domain}/{path}", publishedAt: Day));
        await admin.RateArticleAsync(article.Id, new RateArticleRequest { RubricVersion = 1, Values = values, Tags = [] });
        return article;
    }

    private async Task<int> CountAsync(Func<CredibilityDbContext, Task<int>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<CredibilityDbContext>());
    }
}

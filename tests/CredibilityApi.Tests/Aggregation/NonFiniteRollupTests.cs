using CredibilityApi.Aggregation;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// The API never stores a rating outside its rubric's capped bounds, so no rollup sum can overflow. A value that
/// got into the table some other way (here written straight into it) must not jam the queue: its (article,
/// dimension) keeps its last summary, the error is logged, and the rest of the batch is applied.
/// </summary>
public sealed class NonFiniteRollupTests(NoRollupWorkerApiFactory factory) : IClassFixture<NoRollupWorkerApiFactory>
{
    [Fact]
    public async Task A_rating_whose_square_overflows_leaves_its_summary_alone_and_the_rest_of_the_batch_is_applied()
    {
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        var domain = Unique.Domain();
        await admin.RegisterOutletAsync(Requests.Outlet(domain));
        var day = new DateTimeOffset(1766, 6, 6, 9, 0, 0, TimeSpan.Zero);
        var poisoned = await admin.RegisterArticleAsync(Requests.Article($"https://{domain}/poisoned", publishedAt: day));
        var healthy = await admin.RegisterArticleAsync(Requests.Article($"https://{domain}/healthy", publishedAt: day.AddHours(1)));
        await RateAsync(admin, poisoned.Id, 30);
        await factory.ApplyPendingRollupsAsync();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            (await db.Annotations.Where(a => a.ArticleId == poisoned.Id && a.Dimension == "factual_accuracy")
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Value, 1e300))).ShouldBe(1);
            db.PendingRollups.Add(new PendingRollup { ArticleId = poisoned.Id, Dimension = "factual_accuracy" });
            await db.SaveChangesAsync();
        }

        await RateAsync(admin, healthy.Id, 70);
        var applied = await factory.ApplyPendingRollupsAsync();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            applied.ShouldBe(2);
            (await db.PendingRollups.CountAsync()).ShouldBe(0);
            var poisonedStats = await db.ArticleDimensionStats.AsNoTracking().SingleAsync(s => s.ArticleId == poisoned.Id);
            poisonedStats.Sum.ShouldBe(30);
            poisonedStats.SumSquares.ShouldBe(900);
            (await db.ArticleDimensionStats.AsNoTracking().SingleAsync(s => s.ArticleId == healthy.Id)).Sum.ShouldBe(70);
        }

        var from = DateOnly.FromDateTime(day.UtcDateTime);
        var series = await admin.GetScoreSeriesAsync(poisoned.OutletId, "factual_accuracy", CredibilityApi.Client.Bucket.Day, from, from.AddDays(1), null, null);
        series.Points.Single().RawMean.ShouldBe(50);
    }

    private static Task RateAsync(CredibilityApiClient client, string articleId, double value) =>
        client.RateArticleAsync(articleId, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "factual_accuracy", Value = value }],
            Tags = [],
        });
}

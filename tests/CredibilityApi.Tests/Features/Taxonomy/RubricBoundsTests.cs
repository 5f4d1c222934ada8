using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Aggregation;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Features.Taxonomy;

/// <summary>
/// Rubric bounds lie in [-1e6, 1e6], so a rating's square is at most 1e12 and no rollup sum can overflow to
/// infinity (which SQL Server refuses, error 8023). Its own app: publishing a rubric changes the current version.
/// </summary>
public sealed class RubricBoundsTests(NoRollupWorkerApiFactory factory) : IClassFixture<NoRollupWorkerApiFactory>
{
    private static RubricDimension Wide(string key, double min, double max) => new()
    {
        Key = key, Label = "Wide", Description = "", Min = min, Max = max, Polarity = Polarity.HigherIsBetter, Weight = 0,
    };

    [Theory]
    [InlineData(-1_000_001, 100, "dimensions[1].min")]
    [InlineData(0, 1_000_001, "dimensions[1].max")]
    [InlineData(-1e300, 1e300, "dimensions[1].min")]
    [InlineData(5, 5, "dimensions[1].max")]
    public async Task Bounds_beyond_a_million_either_way_or_not_increasing_are_400_naming_the_field(double min, double max, string field)
    {
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        var current = await admin.GetRubricAsync("current");

        var e = await admin.PublishRubricAsync(new PublishRubricRequest
        {
            Dimensions = [current.Dimensions.First(d => d.Key == "factual_accuracy"), Wide("too_wide", min, max)],
        }).ShouldFailWith(400);

        e.Response!.ShouldContain($"\"{field}\"");
    }

    [Fact]
    public async Task The_widest_rubric_with_extreme_ratings_gives_finite_rollups_and_scores()
    {
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        var current = await admin.GetRubricAsync("current");
        var published = await admin.PublishRubricAsync(new PublishRubricRequest
        {
            Notes = "The widest bounds allowed.",
            Dimensions = [.. current.Dimensions, Wide("widest", -1_000_000, 1_000_000)],
        });
        var (_, secondKey) = await CreateAnnotatorAsync(admin);
        var second = factory.CreateApiClient(secondKey);

        var domain = Unique.Domain();
        var outlet = await admin.RegisterOutletAsync(Requests.Outlet(domain));
        var day = new DateTimeOffset(1777, 7, 7, 12, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 6; i++)
        {
            var article = await admin.RegisterArticleAsync(Requests.Article($"https://{domain}/x{i}", publishedAt: day.AddMinutes(i)));
            foreach (var (client, value) in new[] { (admin, 1_000_000.0), (second, i % 2 == 0 ? -1_000_000.0 : 1_000_000.0) })
            {
                await client.RateArticleAsync(article.Id, new RateArticleRequest
                {
                    RubricVersion = published.Version,
                    Values = [new RatingValue { Dimension = "widest", Value = value }],
                    Tags = [],
                });
            }
        }

        (await factory.ApplyPendingRollupsAsync()).ShouldBeGreaterThan(0);
        var from = DateOnly.FromDateTime(day.UtcDateTime);
        var series = await admin.GetScoreSeriesAsync(outlet.Id, "widest", Bucket.Day, from, from.AddDays(1), null, null);
        var ranking = await admin.RankOutletsAsync("widest", from, from.AddDays(1), 1, null, MethodologyVersion.V1);

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var articles = await db.ArticleDimensionStats.AsNoTracking().Where(s => s.OutletId == outlet.Id).ToListAsync();
        var days = await db.OutletDayStats.AsNoTracking().Where(s => s.OutletId == outlet.Id).ToListAsync();
        articles.Count.ShouldBe(6);
        articles.ShouldAllBe(s => s.Ratings == 2 && double.IsFinite(s.Sum) && double.IsFinite(s.SumSquares));
        articles.Max(s => s.SumSquares).ShouldBe(2e12);
        days.ShouldHaveSingleItem();
        days.ShouldAllBe(d => double.IsFinite(d.ScoreSum) && double.IsFinite(d.ScoreSumSquares) && double.IsFinite(d.PairableSum)
            && double.IsFinite(d.PairableSumSquares) && double.IsFinite(d.ObservedDisagreement) && double.IsFinite(d.InverseRatingsSum));
        var point = series.Points.Single();
        point.Articles.ShouldBe(6);
        point.RawMean!.Value.ShouldBe(500_000, 1e-6);
        double.IsFinite(ranking.Items.Single(r => r.OutletId == outlet.Id).Shrunk.Mean).ShouldBeTrue();
    }

    private static async Task<(Account Account, string Key)> CreateAnnotatorAsync(CredibilityApiClient admin)
    {
        var account = await admin.CreateAccountAsync(new CreateAccountRequest { Name = "Wide Annotator", Role = Role.Annotator });
        var key = await admin.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "tests" });
        return (account, key.Key);
    }
}

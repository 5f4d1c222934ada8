using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CredibilityApi.Tests.Scoring.Calibration;

/// <summary>
/// One simulated world taken through the HTTP API as a researcher would: outlets and articles registered, ratings
/// imported in batches by 20 annotator accounts, the v2 refit run, every outlet's series read back. The intervals
/// the API serves must be those the calibration harness computes for the same world, so the harness's coverage is
/// the API's. Runs on an app of its own, so the fit sees this world's ratings and nothing else.
/// </summary>
public sealed class EndToEndWorldTests(ApiFixture api, ITestOutputHelper output) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_world_imported_through_the_api_gets_the_intervals_the_harness_computes()
    {
        var world = WorldSpec.All.Single(w => w.Name == "lenient");
        const int seed = 20261205;
        var ratings = Simulation.Generate(world, seed, out var truth);
        var expected = Simulation.Run(world, seed, 0);

        var annotators = new Dictionary<string, string>();
        foreach (var name in ratings.Select(r => r.AnnotatorId).Distinct().Order(StringComparer.Ordinal))
        {
            annotators[name] = (await api.CreateAccountAsync($"Simulated annotator {name}", Role.Annotator)).Account.Id;
        }

        var month = new DateTimeOffset(2019, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var outlets = new Dictionary<string, Outlet>();
        var articles = new Dictionary<string, Article>();
        foreach (var outlet in ratings.GroupBy(r => r.OutletId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var domain = Unique.Domain();
            outlets[outlet.Key] = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
            foreach (var (article, i) in outlet.Select(r => r.ArticleId).Distinct().Select((a, i) => (a, i)))
            {
                articles[article] = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/{article}", publishedAt: month.AddDays(i % 28).AddHours(i / 28)));
            }
        }

        foreach (var batch in ratings.Chunk(1000))
        {
            await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest
            {
                Annotations = batch.Select(r => new AnnotationImportRecord
                {
                    Kind = AnnotationKind.Rating,
                    Target = new AnnotationTarget { Type = TargetType.Article, Id = articles[r.ArticleId].Id },
                    AuthorId = annotators[r.AnnotatorId],
                    Rating = new RatingImport { Dimension = "factual_accuracy", Value = r.Value, RubricVersion = 1 },
                }).ToList(),
            });
        }

        (await api.Factory.RefitAsync()).ShouldBeGreaterThan(0);

        var served = new List<(double Truth, ShrunkScore Shrunk)>();
        var outletIds = outlets.Keys.Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < outletIds.Count; i++)
        {
            var series = await api.Researcher.GetScoreSeriesAsync(outlets[outletIds[i]].Id, "factual_accuracy", Bucket.Month,
                DateOnly.FromDateTime(month.UtcDateTime), DateOnly.FromDateTime(month.UtcDateTime).AddMonths(1));
            series.MethodologyVersion.ShouldBe("v2");
            series.VarianceComponents!.Single().ComputedAt.ShouldNotBeNull();
            var point = series.Points.Single();
            var harness = expected[i];
            point.Shrunk.ShouldNotBeNull(point.Reliability);
            point.Shrunk.Mean.ShouldBe(harness.V2!.Mean, 1e-6, outletIds[i]);
            point.Shrunk.Lower95.ShouldBe(harness.V2.Lower95, 1e-6, outletIds[i]);
            point.Shrunk.Upper95.ShouldBe(harness.V2.Upper95, 1e-6, outletIds[i]);
            point.RawMean!.Value.ShouldBe(harness.RawMean, 1e-9);
            served.Add((truth[outletIds[i]], point.Shrunk));
        }

        var covered = served.Count(s => s.Shrunk.Lower95 <= s.Truth && s.Truth <= s.Shrunk.Upper95);
        output.WriteLine($"{covered} of {served.Count} outlets' served intervals cover their truth (one world; the harness measures coverage over thousands).");
    }
}

using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using CsCheck;

namespace CredibilityApi.Tests.Features.Scores;

/// <summary>
/// Random rating histories written through the API, then every outlet's series read back through the
/// API and compared with a brute-force recomputation written here, independently of the server's
/// scoring code: last rating per annotator and article, article means, outlet moments, the empirical-Bayes
/// prior by the method of moments, the posterior.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ScoresPropertyTests(ApiFixture api)
{
    private const int Outlets = 3, ArticlesPerOutlet = 3;
    private static int _nextYear = 1601;

    private static readonly Gen<(int Outlet, int Article, int Annotator, int Value)[]> Histories =
        Gen.Select(Gen.Int[0, Outlets - 1], Gen.Int[0, ArticlesPerOutlet - 1], Gen.Int[0, 1], Gen.Int[0, 100]).Array[1, 14];

    [Fact]
    public async Task Series_read_through_the_api_equal_a_brute_force_recomputation()
    {
        await Histories.SampleAsync(async history =>
        {
            var year = Interlocked.Increment(ref _nextYear);
            var day = new DateTimeOffset(year, 2, 3, 0, 0, 0, TimeSpan.Zero);
            var outlets = new List<Outlet>();
            var articles = new List<List<Article>>();
            for (var o = 0; o < Outlets; o++)
            {
                var domain = Unique.Domain();
                outlets.Add(await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain)));
                var list = new List<Article>();
                for (var a = 0; a < ArticlesPerOutlet; a++)
                {
                    list.Add(await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/p{a}", publishedAt: day.AddHours(a))));
                }

                articles.Add(list);
            }

            var raters = new[] { api.Annotator, api.OtherAnnotator };
            foreach (var (o, a, r, value) in history)
            {
                await raters[r].RateArticleAsync(articles[o][a].Id, new RateArticleRequest
                {
                    RubricVersion = 1,
                    Values = [new RatingValue { Dimension = "factual_accuracy", Value = value }],
                    Tags = [],
                });
            }

            // Brute force: the last value each annotator gave each article counts.
            var current = new Dictionary<(int O, int A, int R), double>();
            foreach (var (o, a, r, value) in history)
            {
                current[(o, a, r)] = value;
            }

            var perOutlet = Enumerable.Range(0, Outlets).Select(o => current
                .Where(kv => kv.Key.O == o)
                .GroupBy(kv => kv.Key.A)
                .Select(g => g.Average(kv => kv.Value))
                .ToList()).ToList();
            var rated = perOutlet.Where(s => s.Count > 0).ToList();
            var means = rated.Select(s => s.Average()).ToList();
            var mu = means.Average();
            var withinDf = rated.Where(s => s.Count >= 2).Sum(s => s.Count - 1);
            var betweenVariance = rated.Count < 2 ? 0 : means.Sum(m => (m - mu) * (m - mu)) / (rated.Count - 1);
            var sigma2 = Math.Max(1e-6, withinDf > 0
                ? rated.Where(s => s.Count >= 2).Sum(s => s.Sum(x => (x - s.Average()) * (x - s.Average()))) / withinDf
                : betweenVariance);
            var tau2 = rated.Count < 2 ? double.PositiveInfinity : Math.Max(1e-6, betweenVariance - rated.Average(s => sigma2 / s.Count));

            var from = DateOnly.FromDateTime(day.UtcDateTime);
            for (var o = 0; o < Outlets; o++)
            {
                var point = (await api.Researcher.GetScoreSeriesAsync(outlets[o].Id, "factual_accuracy", Bucket.Month, from, from.AddDays(1), null, null)).Points.Single();
                var scores = perOutlet[o];
                point.Articles.ShouldBe(scores.Count);
                point.Ratings.ShouldBe(current.Count(kv => kv.Key.O == o));
                point.Annotators.ShouldBe(current.Where(kv => kv.Key.O == o).Select(kv => kv.Key.R).Distinct().Count());
                if (scores.Count == 0)
                {
                    point.RawMean.ShouldBeNull();
                    point.Shrunk.ShouldBeNull();
                    continue;
                }

                point.RawMean!.Value.ShouldBe(scores.Average(), 1e-9);
                var precision = (scores.Count / sigma2) + (1 / tau2);
                point.Shrunk!.Mean.ShouldBe(((scores.Count * scores.Average() / sigma2) + (mu / tau2)) / precision, 1e-6);
                point.Shrunk.Sd.ShouldBe(Math.Sqrt(1 / precision), 1e-6);
            }
        }, iter: 4, threads: 1);
    }
}

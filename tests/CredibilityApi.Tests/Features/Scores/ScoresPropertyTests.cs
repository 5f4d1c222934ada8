using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using CsCheck;

namespace CredibilityApi.Tests.Features.Scores;

/// <summary>
/// Random rating histories (ratings, re-ratings, retractions) written through the API, then every
/// outlet's series, the ranking and the agreement read back through the API and compared with a
/// brute-force recomputation written here, independently of the server's
/// scoring code: last rating per annotator and article, article means, outlet moments, the empirical-Bayes
/// prior by the method of moments, the posterior.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ScoresPropertyTests(ApiFixture api)
{
    private const int Outlets = 3, ArticlesPerOutlet = 3;
    private static int _nextYear = 1601;

    // Each step rates (or re-rates) an article, or, when Value is negative, retracts that rating.
    private static readonly Gen<(int Outlet, int Article, int Annotator, int Value)[]> Histories =
        Gen.Select(Gen.Int[0, Outlets - 1], Gen.Int[0, ArticlesPerOutlet - 1], Gen.Int[0, 1], Gen.Int[-40, 100]).Array[1, 14];

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
            var raterIds = new[] { api.AnnotatorAccount.Id, api.OtherAnnotatorAccount.Id };

            // Brute force alongside: the last value each annotator gave each article counts, unless retracted.
            var current = new Dictionary<(int O, int A, int R), double>();
            foreach (var (o, a, r, value) in history)
            {
                if (value >= 0)
                {
                    await raters[r].RateArticleAsync(articles[o][a].Id, new RateArticleRequest
                    {
                        RubricVersion = 1,
                        Values = [new RatingValue { Dimension = "factual_accuracy", Value = value }],
                        Tags = [],
                    });
                    current[(o, a, r)] = value;
                }
                else if (current.Remove((o, a, r)))
                {
                    var rating = (await api.Researcher.ListAnnotationsAsync(kind: AnnotationKind.Rating, articleId: articles[o][a].Id, authorId: raterIds[r])).Items.Single();
                    await raters[r].RetractAnnotationAsync(rating.Id, new ReasonRequest { Reason = "property test" });
                }
            }

            var perOutlet = Enumerable.Range(0, Outlets).Select(o => current
                .Where(kv => kv.Key.O == o)
                .GroupBy(kv => kv.Key.A)
                .Select(g => g.Average(kv => kv.Value))
                .ToList()).ToList();
            var rated = perOutlet.Where(s => s.Count > 0).ToList();
            var means = rated.Select(s => s.Average()).ToList();
            var mu = means.Count == 0 ? 0 : means.Average();   // a history of retractions alone rates nothing
            var withinDf = rated.Where(s => s.Count >= 2).Sum(s => s.Count - 1);
            var betweenVariance = rated.Count < 2 ? 0 : means.Sum(m => (m - mu) * (m - mu)) / (rated.Count - 1);
            var sigma2 = Math.Max(1e-6, withinDf > 0
                ? rated.Where(s => s.Count >= 2).Sum(s => s.Sum(x => (x - s.Average()) * (x - s.Average()))) / withinDf
                : betweenVariance);
            var tau2 = rated.Count < 2 ? double.PositiveInfinity : Math.Max(1e-6, betweenVariance - rated.Average(s => sigma2 / s.Count));

            var from = DateOnly.FromDateTime(day.UtcDateTime);

            // The ranking shrinks every outlet with the same prior.
            var ranking = await api.Researcher.RankOutletsAsync("factual_accuracy", from, from.AddDays(1), 1, null, MethodologyVersion.V1);
            ranking.Items.Count.ShouldBe(rated.Count);
            ranking.OutletsInPrior.ShouldBe(rated.Count);
            foreach (var item in ranking.Items)
            {
                var scores = perOutlet[outlets.FindIndex(x => x.Id == item.OutletId)];
                var precision = (scores.Count / sigma2) + (1 / tau2);
                item.Shrunk.Mean.ShouldBe(((scores.Count * scores.Average() / sigma2) + (mu / tau2)) / precision, 1e-6);
            }

            // Agreement: interval alpha over articles with two current ratings, by the pairwise definition.
            var units = current.GroupBy(kv => (kv.Key.O, kv.Key.A)).Select(g => g.Select(kv => kv.Value).ToList()).Where(u => u.Count >= 2).ToList();
            var all = units.SelectMany(u => u).ToList();
            var agreement = (await api.Researcher.GetAgreementAsync("factual_accuracy", null, from, from.AddDays(1), null)).Dimensions.Single();
            agreement.PairableValues.ShouldBe(all.Count);
            var expectedDisagreement = all.Count < 2 ? 0 : all.SelectMany(x => all, (x, y) => (x - y) * (x - y)).Sum() / (all.Count * (all.Count - 1.0));
            if (all.Count < 2 || expectedDisagreement == 0)
            {
                agreement.Alpha.ShouldBeNull();
            }
            else
            {
                var observed = units.Sum(u => u.SelectMany(x => u, (x, y) => (x - y) * (x - y)).Sum() / (u.Count - 1)) / all.Count;
                agreement.Alpha!.Value.ShouldBe(1 - (observed / expectedDisagreement), 1e-9);
            }

            for (var o = 0; o < Outlets; o++)
            {
                var point = (await api.Researcher.GetScoreSeriesAsync(outlets[o].Id, "factual_accuracy", Bucket.Month, from, from.AddDays(1), null, null, MethodologyVersion.V1)).Points.Single();
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
        }, iter: 10, threads: 1);
    }
}

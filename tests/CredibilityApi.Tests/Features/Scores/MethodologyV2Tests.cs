using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using CredibilityApi.Client;
using CredibilityApi.Scoring;
using CredibilityApi.Tests.Scoring.Calibration;
using Methodology = CredibilityApi.Scoring.Methodology;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Scores;

/// <summary>
/// Methodology v2 through the API, on an app of its own so that each dimension's fit holds only what these tests
/// wrote: each test works on a dimension of its own.
/// </summary>
public sealed class MethodologyV2Tests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly DateTimeOffset March = new(2020, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task<CredibilityApiClient[]> RatersAsync(int count)
    {
        var raters = new List<CredibilityApiClient> { api.Annotator, api.OtherAnnotator };
        while (raters.Count < count)
        {
            var (_, key) = await api.CreateAccountAsync($"Rater {Unique.Label()}", Role.Annotator);
            raters.Add(api.Factory.CreateApiClient(key));
        }

        return [.. raters.Take(count)];
    }

    private static Task Rate(CredibilityApiClient rater, Article article, string dimension, double value) =>
        rater.RateArticleAsync(article.Id, new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = dimension, Value = value }], Tags = [] });

    private async Task<(Outlet Outlet, List<Article> Articles)> OutletAsync(int articles, DateTimeOffset published)
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var list = new List<Article>();
        for (var i = 0; i < articles; i++)
        {
            list.Add(await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/a{i}", publishedAt: published.AddDays(i % 20).AddHours(i))));
        }

        return (outlet, list);
    }

    [Fact]
    public async Task Series_equal_a_recomputation_from_the_raw_ratings_and_as_of_reproduces_them()
    {
        const string dimension = "sourcing_transparency";
        var random = new Random(7);
        var raters = await RatersAsync(4);
        var leniency = new[] { -6.0, 0, 4, 9 };

        // What is current, kept here independently of the server: (outlet, article, rater) → value.
        var current = new Dictionary<(int Outlet, int Article, int Rater), double>();
        var outlets = new List<(Outlet Outlet, List<Article> Articles)>();
        for (var o = 0; o < 5; o++)
        {
            // Two months: the first outlets publish in March, the others in March and April.
            outlets.Add(await OutletAsync(2 + random.Next(5), o < 2 ? March : March.AddDays(20)));
        }

        for (var o = 0; o < outlets.Count; o++)
        {
            var quality = 30 + random.Next(50);
            for (var a = 0; a < outlets[o].Articles.Count; a++)
            {
                foreach (var r in Enumerable.Range(0, raters.Length).OrderBy(_ => random.Next()).Take(1 + random.Next(3)))
                {
                    var value = Math.Clamp(Math.Round(quality + leniency[r] + (10 * Simulation.Gaussian(random)), 1), 0, 100);
                    await Rate(raters[r], outlets[o].Articles[a], dimension, value);
                    current[(o, a, r)] = value;
                }
            }
        }

        // A re-rating and a retraction: only current ratings count.
        var (ro, ra, rr) = current.Keys.First();
        await Rate(raters[rr], outlets[ro].Articles[ra], dimension, 12);
        current[(ro, ra, rr)] = 12;
        var (xo, xa, xr) = current.Keys.Last();
        var retractingAuthor = (await raters[xr].GetMeAsync()).AccountId;
        var retracted = (await api.Researcher.ListAnnotationsAsync(kind: AnnotationKind.Rating, articleId: outlets[xo].Articles[xa].Id)).Items
            .Single(i => i.Rating!.Dimension == dimension && i.AuthorId == retractingAuthor);
        await raters[xr].RetractAnnotationAsync(retracted.Id, new ReasonRequest { Reason = "test" });
        current.Remove((xo, xa, xr));

        await api.Factory.RefitAsync();

        // The recomputation: the scoring code on the raw ratings, grouped here.
        var raterIds = new List<string>();
        foreach (var rater in raters)
        {
            raterIds.Add((await rater.GetMeAsync()).AccountId);
        }

        var published = outlets.SelectMany((o, oi) => o.Articles.Select((a, ai) => (Key: (oi, ai), a.PublishedAt))).ToDictionary(x => x.Key, x => x.PublishedAt);
        var fit = LeniencyModel.Fit(
            current.Select(kv => new RatingObservation($"{kv.Key.Outlet}/{kv.Key.Article}", raterIds[kv.Key.Rater], kv.Value,
                $"{kv.Key.Outlet}|{published[(kv.Key.Outlet, kv.Key.Article)]:yyyy-MM}")).ToList(),
            100, Methodology.V2);
        fit.Unavailable.ShouldBeNull();
        var cited = await Cited.AfterWritesAsync();
        foreach (var month in new[] { March, March.AddMonths(1) })
        {
            var units = current
                .Where(kv => published[(kv.Key.Outlet, kv.Key.Article)].Month == month.Month)
                .GroupBy(kv => kv.Key.Outlet)
                .ToDictionary(g => g.Key, g => ScoringV2.Unit(OutletUnitSums.Of(g.GroupBy(kv => kv.Key.Article)
                    .Select(a => (IReadOnlyList<(string, double)>)a.Select(kv => (raterIds[kv.Key.Rater], kv.Value)).ToList())), fit)!);
            var prior = ScoringV2.Prior(units.Values, 100, Methodology.V2);
            foreach (var (o, unit) in units)
            {
                var expected = ScoringV2.Estimate(unit, prior, fit, 100, Methodology.V2);
                var from = DateOnly.FromDateTime(month.UtcDateTime);
                var live = (await api.Researcher.GetScoreSeriesAsync(outlets[o].Outlet.Id, dimension, Bucket.Month, from, from.AddMonths(1))).Points.Single();
                var asOf = (await api.Researcher.GetScoreSeriesAsync(outlets[o].Outlet.Id, dimension, Bucket.Month, from, from.AddMonths(1), asOf: cited)).Points.Single();
                foreach (var point in new[] { live, asOf })
                {
                    point.Shrunk!.Mean.ShouldBe(expected.Posterior!.Mean, 1e-6);
                    point.Shrunk.Sd.ShouldBe(expected.Posterior.Sd, 1e-6);
                    point.Shrunk.Lower95.ShouldBe(expected.Posterior.Lower95, 1e-6);
                    point.Shrunk.Upper95.ShouldBe(expected.Posterior.Upper95, 1e-6);
                    point.LeniencyAdjustment!.Value.ShouldBe(expected.LeniencyAdjustment!.Value, 1e-6);
                    point.EffectiveAnnotators!.Value.ShouldBe(expected.EffectiveAnnotators!.Value, 1e-6);
                    point.Reliability.ShouldBe(expected.Reliability);
                }
            }

            // A ranking over the same calendar month shrinks against the same outlets: the same numbers, from window sums.
            var ranking = await api.Researcher.RankOutletsAsync(dimension, DateOnly.FromDateTime(month.UtcDateTime), DateOnly.FromDateTime(month.UtcDateTime).AddMonths(1), 1);
            ranking.MethodologyVersion.ShouldBe("v2");
            ranking.OutletsInPrior.ShouldBe(units.Count);
            foreach (var item in ranking.Items)
            {
                var o = outlets.FindIndex(x => x.Outlet.Id == item.OutletId);
                var expected = ScoringV2.Estimate(units[o], prior, fit, 100, Methodology.V2).Posterior!;
                item.Shrunk.Mean.ShouldBe(expected.Mean, 1e-6);
                item.Shrunk.Upper95.ShouldBe(expected.Upper95, 1e-6);
            }
        }
    }

    [Fact]
    public async Task A_lenient_annotator_is_measured_and_corrected_for()
    {
        const string dimension = "headline_fidelity";
        var raters = await RatersAsync(3);
        var random = new Random(11);
        var outlets = new List<(Outlet Outlet, List<Article> Articles)>();
        for (var o = 0; o < 4; o++)
        {
            outlets.Add(await OutletAsync(6, March));
        }

        foreach (var (outlet, articles) in outlets)
        {
            foreach (var article in articles)
            {
                var x = 40 + random.Next(30);
                await Rate(raters[0], article, dimension, x);
                await Rate(raters[1], article, dimension, x + 10);                          // always ten points more
                await Rate(raters[2], article, dimension, x + 3 + random.Next(-4, 5));
            }
        }

        await api.Factory.RefitAsync();
        var report = await api.Researcher.ListLenienciesAsync(dimension);

        report.MethodologyVersion.ShouldBe("v2");
        report.VarianceComponents.ComputedAt.ShouldNotBeNull();
        report.VarianceComponents.Annotators.ShouldBe(3);
        report.Items.Select(i => i.AnnotatorId).ShouldBeInOrder(SortDirection.Ascending, StringComparer.Ordinal);
        var ids = new List<string>();
        foreach (var rater in raters)
        {
            ids.Add((await rater.GetMeAsync()).AccountId);
        }

        var strict = report.Items.Single(i => i.AnnotatorId == ids[0]);
        var lenient = report.Items.Single(i => i.AnnotatorId == ids[1]);
        (lenient.Estimate - strict.Estimate).ShouldBeInRange(8, 10.5);
        // Each is known only relative to the average annotator, who with three annotators is itself uncertain: wide intervals.
        lenient.Sd.ShouldBeGreaterThan(0);
        lenient.Upper95.ShouldBeGreaterThan(lenient.Estimate);
        lenient.Identified.ShouldBeTrue();
        lenient.Overlap.ShouldBe(24 * (1 - (1.0 / 3)), 1e-9);

        // An outlet rated by the lenient annotator alone is corrected by that annotator's leniency.
        var (alone, aloneArticles) = await OutletAsync(3, March);
        foreach (var article in aloneArticles)
        {
            await Rate(raters[1], article, dimension, 70);
        }

        await api.Factory.RefitAsync();
        report = await api.Researcher.ListLenienciesAsync(dimension);
        var point = (await api.Researcher.GetScoreSeriesAsync(alone.Id, dimension, Bucket.Month, DateOnly.FromDateTime(March.UtcDateTime), DateOnly.FromDateTime(March.UtcDateTime).AddMonths(1))).Points.Single();
        point.LeniencyAdjustment!.Value.ShouldBe(report.Items.Single(i => i.AnnotatorId == ids[1]).Estimate, 1e-9);
        point.EffectiveAnnotators!.Value.ShouldBe(1, 1e-9);
        point.RawMean.ShouldBe(70);

        // Paging, roles and bad input.
        var first = await api.Researcher.ListLenienciesAsync(dimension, limit: 2);
        var second = await api.Researcher.ListLenienciesAsync(dimension, first.NextCursor, 2);
        first.Items.Concat(second.Items).Select(i => i.AnnotatorId).ShouldBe(report.Items.Select(i => i.AnnotatorId));
        second.NextCursor.ShouldBeNull();
        await api.Annotator.ListLenienciesAsync(dimension).ShouldFailWith(403);
        (await api.Researcher.ListLenienciesAsync("truthiness").ShouldFailWith(422)).Response!.ShouldContain("headline_fidelity");
        await api.Researcher.ListLenienciesAsync(dimension, "not-a-cursor").ShouldFailWith(400);
    }

    [Fact]
    public async Task A_thin_bucket_gets_a_wide_interval_with_a_note_saying_why()
    {
        const string dimension = "framing_neutrality";
        var raters = await RatersAsync(3);
        // Shared ratings elsewhere for the noise and article variance: articles sd 10 around their outlet, noise sd 8.
        var random = new Random(3);
        for (var o = 0; o < 3; o++)
        {
            var (_, articles) = await OutletAsync(5, March);
            for (var a = 0; a < articles.Count; a++)
            {
                var article = 40 + (10 * o) + (10 * Simulation.Gaussian(random));
                for (var r = 0; r < 3; r++)
                {
                    await Rate(raters[r], articles[a], dimension, Math.Round(Math.Clamp(article + (8 * Simulation.Gaussian(random)), 0, 100), 1));
                }
            }
        }

        // In May, one outlet with one article and no one else.
        var (thin, thinArticles) = await OutletAsync(1, March.AddMonths(2));
        await Rate(raters[0], thinArticles[0], dimension, 90);
        await api.Factory.RefitAsync();

        var may = DateOnly.FromDateTime(March.AddMonths(2).UtcDateTime);
        var point = (await api.Researcher.GetScoreSeriesAsync(thin.Id, dimension, Bucket.Month, may, may.AddMonths(1))).Points.Single();

        point.Shrunk.ShouldNotBeNull();
        (point.Shrunk.Upper95 - point.Shrunk.Lower95).ShouldBeGreaterThan(25);
        point.Shrunk.Lower95.ShouldBeLessThan(90);
        point.Shrunk.Upper95.ShouldBeGreaterThan(90);
        point.Reliability.ShouldNotBeNull();
        point.Reliability.ShouldContain("only 1 rated article");
        point.Reliability.ShouldContain("no other outlet rated in this bucket");

        // v1 on the same bucket: the collapse v2 replaces (a lone outlet keeps its raw mean, with a standard error of 0).
        var v1 = (await api.Researcher.GetScoreSeriesAsync(thin.Id, dimension, Bucket.Month, may, may.AddMonths(1), methodology: MethodologyVersion.V1)).Points.Single();
        (v1.Shrunk!.Upper95 - v1.Shrunk.Lower95).ShouldBeLessThan(1);
    }

    [Fact]
    public async Task Without_shared_articles_v2_gives_no_interval_and_says_why()
    {
        const string dimension = "slant";
        var (outlet, articles) = await OutletAsync(3, March);
        foreach (var article in articles)
        {
            await Rate(api.Annotator, article, dimension, -20);
        }

        await api.Factory.RefitAsync();
        var from = DateOnly.FromDateTime(March.UtcDateTime);
        var series = await api.Researcher.GetScoreSeriesAsync(outlet.Id, dimension, Bucket.Month, from, from.AddMonths(1));

        var point = series.Points.Single();
        point.RawMean.ShouldBe(-20);
        point.Shrunk.ShouldBeNull();
        point.Reliability!.ShouldContain("rated by two annotators");
        series.VarianceComponents!.Single().Unavailable.ShouldBe(point.Reliability);
    }

    [Fact]
    public async Task The_methodology_is_chosen_per_request_and_named_in_every_answer()
    {
        var http = api.Factory.CreateHttpClient(api.ResearcherKey);
        var (outlet, articles) = await OutletAsync(1, March);
        await Rate(api.Annotator, articles[0], "factual_accuracy", 50);
        await Rate(api.OtherAnnotator, articles[0], "factual_accuracy", 60);
        await api.Factory.RefitAsync();
        var from = DateOnly.FromDateTime(March.UtcDateTime);

        var v1 = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Month, from, from.AddMonths(1), methodology: MethodologyVersion.V1);
        v1.MethodologyVersion.ShouldBe("v1");
        v1.VarianceComponents.ShouldBeNull();
        v1.Points.Single().LeniencyAdjustment.ShouldBeNull();

        var bad = await http.GetAsync($"/api/v1/outlets/{outlet.Id}/scores?methodology=v3");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bad.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await bad.Content.ReadAsStringAsync()).ShouldContain("methodology", Case.Insensitive);
        (await http.GetAsync("/api/v1/scores?dimension=factual_accuracy&methodology=v0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.GetAsync($"/api/v1/outlets/{outlet.Id}/scores.svg?dimension=factual_accuracy&methodology=x")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/outlets/{outlet.Id}/scores?dimensions=factual_accuracy&bucket=month&from={from:yyyy-MM-dd}&to={from.AddMonths(1):yyyy-MM-dd}");
        csvRequest.Headers.Accept.ParseAdd("text/csv");
        var csv = (await (await http.SendAsync(csvRequest)).Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        csv[0].ShouldEndWith(",leniency_adjustment,effective_annotators,leniency_computed_at,reliability,blind_only,campaign_id");
        csv[1].ShouldContain(",v2,");
        csv[1].ShouldEndWith("rating noise.\",false,");   // two ratings of one article cannot estimate the noise: no interval, and why, quoted

        var svg = XDocument.Parse(await http.GetStringAsync($"/api/v1/outlets/{outlet.Id}/scores.svg?dimension=factual_accuracy&bucket=month&from={from:yyyy-MM-dd}&to={from.AddMonths(1):yyyy-MM-dd}"));
        svg.Descendants().Select(e => e.Value).ShouldContain(t => t.Contains("methodology v2"));
    }

    [Fact]
    public async Task The_methodology_document_publishes_both_versions_with_v2s_parameters()
    {
        var document = await api.Researcher.GetMethodologyAsync();

        document.DefaultVersion.ShouldBe("v2");
        document.Versions.Select(v => v.Name).ShouldBe(["v1", "v2"]);
        var v2 = document.Versions.Single(v => v.Name == "v2");
        v2.Steps.Select(s => s.Name).ShouldContain("annotator leniency");
        v2.Steps.Select(s => s.Name).ShouldContain("ratings at the bounds");
        v2.Steps.Single(s => s.Name == "shrinkage").Parameters!["tauPriorScaleShareOfRange"].ShouldBe(Methodology.V2.TauPriorScale);
        document.Versions.Single(v => v.Name == "v1").Steps.Single(s => s.Name == "shrinkage").Parameters!["varianceFloor"].ShouldBe(Methodology.V1.VarianceFloor);
    }
}

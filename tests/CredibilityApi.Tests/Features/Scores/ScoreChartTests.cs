using System.Net;
using System.Xml.Linq;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Scores;

[Collection(ApiCollection.Name)]
public sealed class ScoreChartTests(ApiFixture api)
{
    [Fact]
    public async Task The_chart_is_valid_svg_with_the_outlet_name_a_band_and_a_gap_for_empty_months()
    {
        var domain = Unique.Domain();
        var registered = Requests.Outlet(domain);
        registered.Name = "Chart <&> Test " + Unique.Label();
        var outlet = await api.Annotator.RegisterOutletAsync(registered);
        // April has two articles, so its interval has a width (one article's would be a single value's).
        foreach (var (month, value, day) in new[] { (1, 40.0, 10), (2, 60.0, 10), (4, 70.0, 10), (4, 90.0, 11) })
        {
            var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/m{month}-{day}", publishedAt: new DateTimeOffset(1750, month, day, 0, 0, 0, TimeSpan.Zero)));
            await api.Annotator.RateArticleAsync(article.Id, new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = "framing_neutrality", Value = value }], Tags = [] });
        }

        var response = await api.Factory.CreateHttpClient(api.ResearcherKey)
            .GetAsync($"/api/v1/outlets/{outlet.Id}/scores.svg?dimension=framing_neutrality&bucket=month&from=1750-01-01&to=1750-05-01&methodology=v1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        svg.Root!.Name.ShouldBe(ns + "svg");
        svg.Descendants(ns + "text").Select(t => t.Value).ShouldContain(registered.Name);
        // Jan-Feb as a band, then Apr, which has no scored neighbour (March is a gap), as an error bar: a band of one
        // point would have no width.
        svg.Descendants(ns + "polygon").Count(p => (string?)p.Attribute("class") == "band").ShouldBe(1);
        var bar = svg.Descendants(ns + "g").Single(g => (string?)g.Attribute("class") == "band");
        var lines = bar.Elements(ns + "line").ToList();
        lines.Count.ShouldBe(3);   // the interval and its two caps
        (Y(lines[0], "y1"), Y(lines[0], "y2")).ShouldBe((Y(lines[1], "y1"), Y(lines[2], "y1")));   // the caps at the bounds
        (Y(lines[0], "y2") - Y(lines[0], "y1")).ShouldBeGreaterThan(1);   // from the upper bound down to the lower: visible
        svg.Descendants(ns + "circle").Select(c => c.Value).ShouldContain(v => v.EndsWith(", 1 article", StringComparison.Ordinal));
        svg.Descendants(ns + "circle").Select(c => c.Value).ShouldContain(v => v.EndsWith(", 2 articles", StringComparison.Ordinal));
        svg.Descendants(ns + "polyline").Count(p => (string?)p.Attribute("class") == "score").ShouldBe(2);
        svg.Descendants(ns + "circle").Count().ShouldBe(3);
        svg.Descendants(ns + "text").Select(t => t.Value).ShouldContain("1750-01-01");
    }

    private static double Y(XElement line, string attribute) => double.Parse((string)line.Attribute(attribute)!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_chart_as_of_an_instant_draws_the_scores_as_they_stood_and_names_the_instant()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/asof", publishedAt: new DateTimeOffset(1751, 3, 10, 0, 0, 0, TimeSpan.Zero)));
        await api.Annotator.RateArticleAsync(article.Id, new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = "framing_neutrality", Value = 20 }], Tags = [] });
        var cited = await Cited.AfterWritesAsync();
        await Task.Delay(1100);
        await api.Annotator.RateArticleAsync(article.Id, new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = "framing_neutrality", Value = 90 }], Tags = [] });
        var http = api.Factory.CreateHttpClient(api.ResearcherKey);
        var path = $"/api/v1/outlets/{outlet.Id}/scores.svg?dimension=framing_neutrality&bucket=month&from=1751-03-01&to=1751-04-01&methodology=v1";

        var then = await http.GetStringAsync($"{path}&asOf={cited:yyyy-MM-ddTHH:mm:ssZ}");
        var current = await http.GetStringAsync(path);

        then.ShouldContain($"as of {cited:yyyy-MM-ddTHH:mm:ssZ}");
        then.ShouldContain("1751-03-01: 20 (");
        current.ShouldContain("1751-03-01: 90 (");
        current.ShouldNotContain("as of");
        (await http.GetAsync($"{path}&asOf=2999-01-01T00:00:00Z")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // The subtitle names the instant drawn, to the tick: it is the chart's citation.
        (await http.GetStringAsync($"{path}&asOf=2001-02-03T04:05:06.7654321Z")).ShouldContain("as of 2001-02-03T04:05:06.7654321Z");
    }

    [Fact]
    public async Task An_outlet_without_rated_articles_gets_a_chart_that_says_so()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));

        var text = await api.Factory.CreateHttpClient(api.ResearcherKey).GetStringAsync($"/api/v1/outlets/{outlet.Id}/scores.svg?dimension=factual_accuracy");

        var svg = XDocument.Parse(text);
        XNamespace ns = "http://www.w3.org/2000/svg";
        svg.Descendants(ns + "text").Select(t => t.Value).ShouldContain(v => v.Contains("(no rated articles: the last year)", StringComparison.Ordinal));
        text.ShouldNotContain("its rated articles");
        svg.Descendants(ns + "text").Single(t => (string?)t.Attribute("class") == "empty").Value.ShouldBe("No scored bucket in this window");
        svg.Descendants(ns + "circle").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_window_of_too_many_buckets_is_refused_naming_the_bucket()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        var http = api.Factory.CreateHttpClient(api.ResearcherKey);

        foreach (var path in new[] { $"scores.svg?dimension=slant", "scores?dimensions=slant" })
        {
            using var response = await http.GetAsync($"/api/v1/outlets/{outlet.Id}/{path}&bucket=day&from=2000-01-01&to=2020-01-01");
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, path);
            var body = await response.Content.ReadAsStringAsync();
            body.ShouldContain("\"name\":\"bucket\"", customMessage: body);
            body.ShouldContain("coarser bucket");
        }
    }

    [Fact]
    public async Task Unknown_outlets_and_dimensions_are_refused()
    {
        var http = api.Factory.CreateHttpClient(api.ResearcherKey);
        (await http.GetAsync("/api/v1/outlets/out_missing/scores.svg?dimension=slant")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        (await http.GetAsync($"/api/v1/outlets/{outlet.Id}/scores.svg?dimension=truthiness")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await http.GetAsync($"/api/v1/outlets/{outlet.Id}/scores.svg")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Without_from_and_to_the_chart_spans_the_outlets_rated_articles_and_its_subtitle_says_so()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/a", publishedAt: new DateTimeOffset(1603, 2, 10, 12, 0, 0, TimeSpan.Zero)));
        await api.Annotator.RateArticleAsync(article.Id, new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = "factual_accuracy", Value = 70 }], Tags = [] });

        using var response = await api.Factory.CreateHttpClient(api.ResearcherKey).GetAsync($"/api/v1/outlets/{outlet.Id}/scores.svg?dimension=factual_accuracy");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("1603-02-10 to 1603-02-11 (its rated articles)");
    }
}

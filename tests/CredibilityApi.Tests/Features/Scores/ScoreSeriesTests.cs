using System.Net;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Scores;

/// <summary>
/// Scores read through the API against numbers worked out here from the ratings the test wrote. Each
/// test uses its own day far in the past, so no other test's outlets share its buckets (the prior is
/// estimated from every outlet in a bucket).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ScoreSeriesTests(ApiFixture api)
{
    private static int _nextYear = 1901;

    private static DateTimeOffset FreshDay() => new(Interlocked.Increment(ref _nextYear), 6, 1, 12, 0, 0, TimeSpan.Zero);

    private async Task<(Outlet Outlet, List<Article> Articles)> OutletWithArticlesAsync(DateTimeOffset day, int count)
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var articles = new List<Article>();
        for (var i = 0; i < count; i++)
        {
            articles.Add(await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/s{i}", publishedAt: day.AddHours(i))));
        }

        return (outlet, articles);
    }

    private static Task Rate(CredibilityApiClient by, Article article, double value, string dimension = "factual_accuracy") =>
        by.RateArticleAsync(article.Id, new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = dimension, Value = value }], Tags = [] });

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    [Fact]
    public async Task Without_from_and_to_the_series_spans_the_outlets_rated_articles_and_says_so()
    {
        var day = FreshDay();
        var (outlet, articles) = await OutletWithArticlesAsync(day, 1);
        var later = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{outlet.PrimaryDomain}/later", publishedAt: day.AddDays(40)));
        await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{outlet.PrimaryDomain}/unrated", publishedAt: day.AddDays(300)));
        await Rate(api.Annotator, articles[0], 40);
        await Rate(api.Annotator, later, 80);

        var series = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Month, null, null, null, null);

        series.WindowDefaulted.ShouldBeTrue();
        (series.From, series.To).ShouldBe((Day(day), Day(day).AddDays(41)));      // the unrated article does not stretch it
        series.WindowNote!.ShouldContain($"published {Day(day):yyyy-MM-dd} to {Day(day).AddDays(40):yyyy-MM-dd}");
        series.Points.Where(p => p.RawMean != null).Select(p => p.RawMean).ShouldBe([40.0, 80.0]);
    }

    [Fact]
    public async Task An_explicit_window_is_kept_exactly_and_not_marked_defaulted()
    {
        var day = FreshDay();
        var (outlet, articles) = await OutletWithArticlesAsync(day, 1);
        await Rate(api.Annotator, articles[0], 40);

        var series = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Month, Day(day).AddDays(-3), Day(day).AddDays(9), null, null);
        var fromOnly = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Year, Day(day), null, null, null);

        (series.From, series.To, series.WindowDefaulted, series.WindowNote).ShouldBe((Day(day).AddDays(-3), Day(day).AddDays(9), false, null));
        (fromOnly.From, fromOnly.WindowDefaulted).ShouldBe((Day(day), false));
    }

    [Fact]
    public async Task A_from_inside_a_bucket_leaves_out_the_articles_published_before_it_in_the_series_and_the_chart()
    {
        // The window is used as given: the year bucket that from cuts holds only what was published from it on.
        var day = FreshDay();
        var (outlet, articles) = await OutletWithArticlesAsync(day, 1);
        var earlier = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{outlet.PrimaryDomain}/earlier", publishedAt: day.AddDays(-10)));
        await Rate(api.OtherAnnotator, earlier, 10);
        await Rate(api.Annotator, articles[0], 50);

        var cut = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Year, Day(day), Day(day).AddDays(1), null, null, MethodologyVersion.V1);
        var cutAsOf = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Year, Day(day), Day(day).AddDays(1), null, await Cited.AfterWritesAsync(), MethodologyVersion.V1);
        var whole = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Year, Day(day).AddDays(-10), Day(day).AddDays(1), null, null, MethodologyVersion.V1);
        var v2 = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Year, Day(day), Day(day).AddDays(1), null, null, MethodologyVersion.V2);

        (cut.Points.Single().Articles, cut.Points.Single().RawMean, cut.Points.Single().Annotators).ShouldBe((1, 50.0, 1));
        // From the revisions too: the annotator of the article before from is not counted in the cut bucket.
        (cutAsOf.Points.Single().Articles, cutAsOf.Points.Single().RawMean, cutAsOf.Points.Single().Annotators).ShouldBe((1, 50.0, 1));
        (whole.Points.Single().Articles, whole.Points.Single().RawMean, whole.Points.Single().Annotators).ShouldBe((2, 30.0, 2));
        (v2.Points.Single().Articles, v2.Points.Single().RawMean).ShouldBe((1, 50.0));
        var svg = await api.Factory.CreateHttpClient(api.ResearcherKey).GetStringAsync(
            $"/api/v1/outlets/{outlet.Id}/scores.svg?dimension=factual_accuracy&bucket=year&from={Day(day):yyyy-MM-dd}&to={Day(day).AddDays(1):yyyy-MM-dd}&methodology=v1");
        svg.ShouldContain(", 1 article</title>");
    }

    [Fact]
    public async Task An_asOf_series_without_a_window_takes_it_from_the_articles_rated_by_then_not_from_later_ones()
    {
        var day = FreshDay();
        var (outlet, articles) = await OutletWithArticlesAsync(day, 1);
        await Rate(api.Annotator, articles[0], 40);
        await Task.Delay(1100);
        var cited = DateTime.UtcNow;
        cited = new DateTime(cited.Ticks - (cited.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        await Task.Delay(1100);
        var later = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{outlet.PrimaryDomain}/later", publishedAt: day.AddDays(60)));
        await Rate(api.Annotator, later, 80);

        var asOf = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Month, null, null, null, cited);
        var current = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Month, null, null, null, null);

        (asOf.From, asOf.To).ShouldBe((Day(day), Day(day).AddDays(1)));
        asOf.WindowNote!.ShouldContain($"as of {cited:yyyy-MM-ddTHH:mm:ssZ}, published {Day(day):yyyy-MM-dd} to {Day(day):yyyy-MM-dd}");
        asOf.Points.Single().RawMean.ShouldBe(40);
        (current.From, current.To).ShouldBe((Day(day), Day(day).AddDays(61)));

        // Before the outlet's first rating: no rated articles then, so the year up to the day after asOf, whenever asked.
        var before = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Month, null, null, null, new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero));
        (before.From, before.To).ShouldBe((new DateOnly(2000, 1, 2), new DateOnly(2001, 1, 2)));
        before.WindowNote!.ShouldContain("no rated articles on these dimensions as of 2001-01-01T00:00:00Z");
    }

    [Fact]
    public async Task An_asOf_later_than_now_is_refused_because_its_figure_would_change()
    {
        var (outlet, _) = await OutletWithArticlesAsync(FreshDay(), 1);

        var e = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Month, null, null, null, DateTimeOffset.UtcNow.AddDays(1)).ShouldFailWith(400);

        e.Response!.ShouldContain("'asOf' is later than now");
    }

    [Fact]
    public async Task Without_from_and_to_an_outlet_with_no_rated_articles_gets_the_last_year_and_a_note_saying_why()
    {
        var (outlet, _) = await OutletWithArticlesAsync(FreshDay(), 1);

        var series = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Month, null, null, null, null);

        series.WindowDefaulted.ShouldBeTrue();
        series.WindowNote!.ShouldContain("no rated articles");
        series.From.ShouldBe(series.To.AddYears(-1));
    }

    [Fact]
    public async Task A_rating_written_is_in_the_very_next_read()
    {
        var day = FreshDay();
        var (outlet, articles) = await OutletWithArticlesAsync(day, 1);

        await Rate(api.Annotator, articles[0], 40);
        var series = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Day, Day(day), Day(day).AddDays(1), null, null);

        var point = series.Points.Single();
        (point.Articles, point.Ratings, point.Annotators).ShouldBe((1, 1, 1));
        point.RawMean.ShouldBe(40);
    }

    [Fact]
    public async Task A_single_outlet_is_not_shrunk_and_its_numbers_are_the_raw_ones()
    {
        var day = FreshDay();
        var (outlet, articles) = await OutletWithArticlesAsync(day, 3);
        await Rate(api.Annotator, articles[0], 20);
        await Rate(api.OtherAnnotator, articles[0], 40);      // article score 30
        await Rate(api.Annotator, articles[1], 60);           // 60
        await Rate(api.Annotator, articles[2], 90);           // 90

        var point = (await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Week, Day(day), Day(day).AddDays(1), null, null, MethodologyVersion.V1)).Points.Single();

        point.Articles.ShouldBe(3);
        point.Ratings.ShouldBe(4);
        point.Annotators.ShouldBe(2);
        point.RawMean!.Value.ShouldBe(60, 1e-9);
        point.RawSd!.Value.ShouldBe(30, 1e-9);                  // sample sd of 30, 60, 90
        point.Shrunk!.Mean.ShouldBe(60, 1e-6);                  // the prior mean is this outlet's own mean
        point.Agreement.PairableValues.ShouldBe(2);
        point.Agreement.Alpha.ShouldBe(0);                      // one unit {20, 40}: observed = expected disagreement
    }

    [Fact]
    public async Task The_composite_weighs_the_rescaled_dimensions_that_have_scores()
    {
        var day = FreshDay();
        var (outlet, articles) = await OutletWithArticlesAsync(day, 1);
        await api.Annotator.RateArticleAsync(articles[0].Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "factual_accuracy", Value = 80 }, new RatingValue { Dimension = "sourcing_transparency", Value = 50 }, new RatingValue { Dimension = "slant", Value = -90 }],
            Tags = [],
        });

        // v1, whose single-outlet posterior is the raw mean, so the index can be worked out by hand.
        var series = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "slant", Bucket.Day, Day(day), Day(day).AddDays(1), null, null, MethodologyVersion.V1);

        // Rubric v1 weights 0.4 and 0.3 for the two rated higher-is-better dimensions; slant (bipolar) weighs 0.
        series.Points.Single().Dimension.ShouldBe("slant");
        series.Composite.Single().Index!.Value.ShouldBe(((0.4 * 80) + (0.3 * 50)) / 0.7, 1e-6);
        // It says which went in, so indexes of buckets rated on other dimensions are not compared as like for like.
        series.Composite.Single().Dimensions.ShouldBe(["factual_accuracy", "sourcing_transparency"]);
    }

    [Fact]
    public async Task Empty_buckets_have_null_scores_not_zeros()
    {
        var day = FreshDay();
        var (outlet, articles) = await OutletWithArticlesAsync(day, 1);
        await Rate(api.Annotator, articles[0], 70);

        var series = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Day, Day(day).AddDays(-2), Day(day).AddDays(1), null, null);

        series.Points.Count.ShouldBe(3);
        var empty = series.Points.First();
        (empty.Articles, empty.Ratings, empty.Annotators).ShouldBe((0, 0, 0));
        empty.RawMean.ShouldBeNull();
        empty.Shrunk.ShouldBeNull();
        empty.Decayed.ShouldBeNull();
        series.Points.Last().RawMean.ShouldBe(70);
        series.Composite.First().Index.ShouldBeNull();
        series.MethodologyVersion.ShouldBe("v2");   // the default
    }

    [Fact]
    public async Task Two_outlets_in_a_bucket_shrink_towards_each_other_as_the_formula_says()
    {
        var day = FreshDay();
        var (a, aArticles) = await OutletWithArticlesAsync(day, 2);
        var (b, bArticles) = await OutletWithArticlesAsync(day, 2);
        await Rate(api.Annotator, aArticles[0], 80);
        await Rate(api.Annotator, aArticles[1], 90);
        await Rate(api.Annotator, bArticles[0], 20);
        await Rate(api.Annotator, bArticles[1], 40);

        var point = (await api.Researcher.GetScoreSeriesAsync(a.Id, "factual_accuracy", Bucket.Day, Day(day), Day(day).AddDays(1), null, null, MethodologyVersion.V1)).Points.Single();

        // By hand: means 85 and 30; sigma2 = ((25+25) + (100+100)) / (1 + 1) = 125; mu = 57.5;
        // tau2 = var(85, 30) - mean(125/2, 125/2) = 1512.5 - 62.5 = 1450.
        const double sigma2 = 125, mu = 57.5, tau2 = 1450, n = 2, m = 85;
        var precision = (n / sigma2) + (1 / tau2);
        point.Shrunk!.Mean.ShouldBe(((n * m / sigma2) + (mu / tau2)) / precision, 1e-9);
        point.Shrunk.Sd.ShouldBe(Math.Sqrt(1 / precision), 1e-9);
        point.Shrunk.Lower95.ShouldBe(point.Shrunk.Mean - (1.959963984540054 * point.Shrunk.Sd), 1e-9);
        point.Shrunk.Mean.ShouldBeLessThan(85);
        point.Shrunk.Mean.ShouldBeGreaterThan(mu);
    }

    [Fact]
    public async Task The_decayed_score_weighs_an_article_half_after_one_half_life()
    {
        var day = FreshDay();
        var (outlet, articles) = await OutletWithArticlesAsync(day, 1);
        var later = await api.Annotator.RegisterArticleAsync(Requests.Article(articles[0].Url + "-later", publishedAt: day.AddDays(10)));
        await Rate(api.Annotator, articles[0], 100);
        await Rate(api.Annotator, later, 0);

        var series = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Day, Day(day).AddDays(10), Day(day).AddDays(11), 10.5, null);

        // At the end of the later article's day: weights 2^-(t-p1)/h and 2^-(t-p2)/h.
        var end = Day(day).AddDays(11).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var w1 = Math.Pow(2, -(end - day.UtcDateTime).TotalDays / 10.5);
        var w2 = Math.Pow(2, -(end - day.AddDays(10).UtcDateTime).TotalDays / 10.5);
        series.Points.Single().Decayed!.Value.ShouldBe(((w1 * 100) + (w2 * 0)) / (w1 + w2), 1e-9);
    }

    [Fact]
    public async Task As_of_reproduces_a_figure_after_later_edits_and_retractions()
    {
        var day = FreshDay();
        var (outlet, articles) = await OutletWithArticlesAsync(day, 2);
        await Rate(api.Annotator, articles[0], 30);
        await Rate(api.Annotator, articles[1], 50);
        // The generated client sends instants to the second, so the citation sits on a second boundary.
        await Task.Delay(1100);
        var cited = DateTime.UtcNow;
        cited = new DateTime(cited.Ticks - (cited.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var before = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Day, Day(day), Day(day).AddDays(1), null, null);
        await Task.Delay(1100);

        var rating = (await api.Researcher.ListAnnotationsAsync(kind: AnnotationKind.Rating, articleId: articles[1].Id)).Items.Single();
        await api.Annotator.RetractAnnotationAsync(rating.Id, new ReasonRequest { Reason = "changed my mind" });
        await Rate(api.Annotator, articles[0], 90);

        var now = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Day, Day(day), Day(day).AddDays(1), null, null);
        var reproduced = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Day, Day(day), Day(day).AddDays(1), null, cited);

        now.Points.Single().RawMean.ShouldBe(90);
        reproduced.Points.Single().RawMean.ShouldBe(before.Points.Single().RawMean);
        reproduced.Points.Single().Articles.ShouldBe(2);
        reproduced.AsOf.ShouldNotBeNull();
    }

    /// <summary>
    /// The rule for asOf and moderation: a figure cited at T is reproduced as it was, so a rating hidden after T
    /// still counts in asOf=T (its number only), while a current read leaves it out and no reader but an admin
    /// or its author sees the hidden rating itself.
    /// </summary>
    [Fact]
    public async Task A_rating_hidden_after_the_cited_instant_still_counts_as_of_it_but_not_now_and_is_not_shown()
    {
        var day = FreshDay();
        var (outlet, articles) = await OutletWithArticlesAsync(day, 2);
        await Rate(api.Annotator, articles[0], 30);
        await Rate(api.Annotator, articles[1], 50);
        await Task.Delay(1100);
        var cited = DateTime.UtcNow;
        cited = new DateTime(cited.Ticks - (cited.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        await Task.Delay(1100);

        var hidden = (await api.Researcher.ListAnnotationsAsync(kind: AnnotationKind.Rating, articleId: articles[1].Id)).Items.Single();
        await api.Admin.HideAnnotationAsync(hidden.Id, new ReasonRequest { Reason = "Rated the wrong article." });

        var now = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Day, Day(day), Day(day).AddDays(1), null, null);
        var reproduced = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Day, Day(day), Day(day).AddDays(1), null, cited);

        now.Points.Single().RawMean.ShouldBe(30);
        now.Points.Single().Ratings.ShouldBe(1);
        reproduced.Points.Single().RawMean.ShouldBe(40);
        reproduced.Points.Single().Ratings.ShouldBe(2);
        await api.Researcher.GetAnnotationAsync(hidden.Id).ShouldFailWith(404);
        await api.Researcher.ListRevisionsAsync(hidden.Id).ShouldFailWith(404);
        (await api.Researcher.ListAnnotationsAsync(articleId: articles[1].Id)).Items.ShouldBeEmpty();
        (await api.Admin.GetAnnotationAsync(hidden.Id)).Hidden.ShouldBeTrue();
    }

    [Fact]
    public async Task Csv_has_one_tidy_row_per_dimension_and_bucket()
    {
        var day = FreshDay();
        var (outlet, articles) = await OutletWithArticlesAsync(day, 1);
        await Rate(api.Annotator, articles[0], 55);
        var http = api.Factory.CreateHttpClient(api.ResearcherKey);
        var request = new HttpRequestMessage(HttpMethod.Get,
            $"/api/v1/outlets/{outlet.Id}/scores?dimensions=factual_accuracy,slant&bucket=day&from={Day(day):yyyy-MM-dd}&to={Day(day).AddDays(2):yyyy-MM-dd}");
        request.Headers.Accept.ParseAdd("text/csv");

        var response = await http.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        lines[0].ShouldStartWith("outlet_id,dimension,bucket,bucket_start,bucket_end,articles,ratings,annotators,raw_mean");
        lines.Length.ShouldBe(1 + (2 * 2));
        lines[1].ShouldStartWith($"{outlet.Id},factual_accuracy,day,{Day(day):yyyy-MM-dd},{Day(day).AddDays(1):yyyy-MM-dd},1,1,1,55,");
        lines[2].ShouldContain(",0,0,0,,");
    }

    [Theory]
    [InlineData("text/csv", "text/csv")]
    [InlineData("text/csv; charset=utf-8", "text/csv")]
    [InlineData("text/csv;header=present", "text/csv")]
    [InlineData("text/csv;q=0.1, application/json", "application/json")]
    [InlineData("application/json, text/csv", "application/json")]
    [InlineData("application/json;q=0.5, text/csv", "text/csv")]
    [InlineData("*/*", "application/json")]
    [InlineData("image/png", "application/json")]
    public async Task The_series_format_follows_the_accept_headers_qualities(string accept, string expected)
    {
        var (outlet, _) = await OutletWithArticlesAsync(FreshDay(), 1);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/outlets/{outlet.Id}/scores?dimensions=slant&bucket=year&from=2001-01-01&to=2002-01-01");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await api.Factory.CreateHttpClient(api.ResearcherKey).SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(expected);
        response.Headers.Vary.ShouldContain("Accept");
    }

    [Fact]
    public async Task Unknown_outlets_and_dimensions_are_refused()
    {
        await api.Researcher.GetScoreSeriesAsync("out_missing", null, null, null, null, null, null).ShouldFailWith(404);
        var (outlet, _) = await OutletWithArticlesAsync(FreshDay(), 1);
        var e = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "truthiness", null, null, null, null, null).ShouldFailWith(422);
        e.Response!.ShouldContain("factual_accuracy");
        await api.Researcher.GetScoreSeriesAsync(outlet.Id, null, Bucket.Day, new DateOnly(2000, 1, 1), new DateOnly(2020, 1, 1), null, null).ShouldFailWith(422);
        (await api.Researcher.GetScoreSeriesAsync(outlet.Id, null, Bucket.Week, new DateOnly(2016, 1, 1), new DateOnly(2021, 1, 1), null, null)).Points.Count.ShouldBe(5 * 262);
    }
}

using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Scores;

[Collection(ApiCollection.Name)]
public sealed class RankOutletsTests(ApiFixture api)
{
    private static int _nextYear = 1801;

    private async Task<Outlet> OutletRatedAsync(DateTimeOffset day, params double[] articleScores)
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        for (var i = 0; i < articleScores.Length; i++)
        {
            var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/k{i}", publishedAt: day.AddHours(i)));
            await api.Annotator.RateArticleAsync(article.Id, new RateArticleRequest
            {
                RubricVersion = 1,
                Values = [new RatingValue { Dimension = "headline_fidelity", Value = articleScores[i] }],
                Tags = [],
            });
        }

        return outlet;
    }

    [Fact]
    public async Task Outlets_are_ranked_by_shrunk_score_with_a_minimum_sample()
    {
        var day = new DateTimeOffset(Interlocked.Increment(ref _nextYear), 3, 1, 0, 0, 0, TimeSpan.Zero);
        var best = await OutletRatedAsync(day, 90, 95, 85);
        var middle = await OutletRatedAsync(day, 60, 70, 50);
        var thin = await OutletRatedAsync(day, 100);
        var from = DateOnly.FromDateTime(day.UtcDateTime);

        var all = await api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), 1, null, MethodologyVersion.V1);
        var filtered = await api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), 2, null, MethodologyVersion.V1);

        all.OutletsInPrior.ShouldBe(3);
        all.PriorMean!.Value.ShouldBe((90.0 + 60 + 100) / 3, 1e-9);
        all.Items.Select(i => i.Rank).ShouldBe([1, 2, 3]);
        all.Items.Select(i => i.Shrunk.Mean).ShouldBeInOrder(SortDirection.Descending);
        filtered.Items.Select(i => i.OutletId).ShouldBe([best.Id, middle.Id]);
        filtered.Items.First().Articles.ShouldBe(3);
        filtered.Items.ShouldAllBe(i => i.OutletId != thin.Id);
    }

    [Fact]
    public async Task Ranking_pages_with_a_cursor()
    {
        var day = new DateTimeOffset(Interlocked.Increment(ref _nextYear), 3, 1, 0, 0, 0, TimeSpan.Zero);
        await OutletRatedAsync(day, 10);
        await OutletRatedAsync(day, 20);
        await OutletRatedAsync(day, 30);
        var from = DateOnly.FromDateTime(day.UtcDateTime);

        var first = await api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), 1, null, MethodologyVersion.V1, cursor: null, limit: 2);
        var second = await api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), 1, null, MethodologyVersion.V1, cursor: first.NextCursor, limit: 2);

        first.Items.Concat(second.Items).Select(i => i.Rank).ShouldBe([1, 2, 3]);
        second.NextCursor.ShouldBeNull();

        // The same ranking with its defaults spelt out (blindOnly false, the methodology's half-life): one cursor serves both.
        var byDefault = await api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), 1, null, MethodologyVersion.V1, cursor: null, limit: 1);
        var spelt = await api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), 1, byDefault.HalfLifeDays, MethodologyVersion.V1, false, cursor: byDefault.NextCursor, limit: 1);
        spelt.Items.Select(i => i.Rank).ShouldBe([2]);

        // The cursor is an offset into this ranking: with another dimension, window or methodology it is refused, not
        // read as an offset into a different list.
        foreach (var other in new Func<Task>[]
                 {
                     () => api.Researcher.RankOutletsAsync("factual_accuracy", from, from.AddDays(1), 1, null, MethodologyVersion.V1, cursor: first.NextCursor, limit: 2),
                     () => api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), 1, null, MethodologyVersion.V2, cursor: first.NextCursor, limit: 2),
                     () => api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(2), 1, null, MethodologyVersion.V1, cursor: first.NextCursor, limit: 2),
                 })
        {
            (await other().ShouldFailWith(400)).Response!.ShouldContain("pages a ranking with other parameters");
        }

        // A forged cursor past any ranking is refused, not overflowed into a negative offset.
        var forged = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(
            System.Text.Json.JsonSerializer.Serialize(new[] { int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), "0000000000000000" })));
        await api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), 1, null, MethodologyVersion.V1, cursor: forged, limit: 2).ShouldFailWith(400);
    }

    [Fact]
    public async Task A_ranking_as_of_an_instant_reproduces_the_cited_standings_after_later_ratings_and_retractions()
    {
        var day = new DateTimeOffset(Interlocked.Increment(ref _nextYear), 3, 1, 0, 0, 0, TimeSpan.Zero);
        var first = await OutletRatedAsync(day, 90, 80);
        var second = await OutletRatedAsync(day, 60, 50);
        var from = DateOnly.FromDateTime(day.UtcDateTime);
        var cited = await Cited.AfterWritesAsync();
        var live = await api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), 1, null, MethodologyVersion.V1);
        var v2Then = await api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), 1, null, MethodologyVersion.V2, asOf: cited);
        await Task.Delay(1100);

        // Later: the first outlet's ratings are retracted and the second gets a high one, so the order flips.
        foreach (var rating in (await api.Researcher.ListAnnotationsAsync(kind: AnnotationKind.Rating, outletId: first.Id)).Items)
        {
            await api.Annotator.RetractAnnotationAsync(rating.Id, new ReasonRequest { Reason = "withdrawn" });
        }

        await OutletRatedAsync(day, 10);
        var extra = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{second.PrimaryDomain}/late", publishedAt: day.AddHours(5)));
        await api.Annotator.RateArticleAsync(extra.Id, new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = "headline_fidelity", Value = 100 }], Tags = [] });
        var now = await api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), 1, null, MethodologyVersion.V1);
        var reproduced = await api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), 1, null, MethodologyVersion.V1, asOf: cited);
        var v2Again = await api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), 1, null, MethodologyVersion.V2, asOf: cited);

        now.Items.Select(i => i.OutletId).ShouldNotContain(first.Id);
        reproduced.AsOf.ShouldBe(cited);
        reproduced.Items.Select(i => (i.Rank, i.OutletId, i.Articles, i.RawMean, i.Shrunk.Mean))
            .ShouldBe(live.Items.Select(i => (i.Rank, i.OutletId, i.Articles, i.RawMean, i.Shrunk.Mean)));
        reproduced.Items.Select(i => i.OutletId).ShouldBe([first.Id, second.Id]);
        reproduced.OutletsInPrior.ShouldBe(live.OutletsInPrior);
        v2Again.Items.Select(i => (i.OutletId, i.Shrunk.Mean, i.Shrunk.Lower95, i.Shrunk.Upper95))
            .ShouldBe(v2Then.Items.Select(i => (i.OutletId, i.Shrunk.Mean, i.Shrunk.Lower95, i.Shrunk.Upper95)));

        var e = await api.Researcher.RankOutletsAsync("headline_fidelity", from, from.AddDays(1), asOf: DateTimeOffset.UtcNow.AddDays(1)).ShouldFailWith(400);
        e.Response!.ShouldContain("'asOf' is later than now");
    }

    [Fact]
    public async Task An_unknown_dimension_is_422()
    {
        await api.Researcher.RankOutletsAsync("truthiness").ShouldFailWith(422);
    }
}

using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using static CredibilityApi.Tests.Features.Campaigns.CampaignTestData;

namespace CredibilityApi.Tests.Features.Campaigns;

/// <summary>
/// Issue 14, item 3: aggregates limited to ratings made blind (<c>blindOnly=true</c>): series, chart, ranking, agreement. Two pool annotators rate a
/// campaign's two articles blind; a third annotator, outside the campaign, rates one of them in the open. The blind
/// figures count the four blind ratings and nothing else, and equal a recomputation from those four.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BlindOnlyTests(ApiFixture api)
{
    private static RateArticleRequest Rate(double accuracy, double slant) => new()
    {
        RubricVersion = 1,
        Values = [new RatingValue { Dimension = "factual_accuracy", Value = accuracy }, new RatingValue { Dimension = "slant", Value = slant }],
        Tags = [],
    };

    [Fact]
    public async Task Series_chart_ranking_and_agreement_count_only_the_blind_ratings_or_the_campaigns()
    {
        var (outlet, articles) = await OutletWithArticlesAsync(api.Admin, 2);
        var pool = await AnnotatorsAsync(api, 2);
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Listed(pool.Select(p => p.Id), 2, articles))).Id);

        double[][] blindValues = [[20, 30], [40, 70]];   // [annotator][article], factual accuracy
        for (var who = 0; who < 2; who++)
        {
            for (var article = 0; article < 2; article++)
            {
                var rated = await pool[who].Client.RateArticleAsync(articles[article], Rate(blindValues[who][article], -10));
                rated.Ratings.ShouldAllBe(r => r.Blind);
                rated.Ratings.ShouldAllBe(r => r.CampaignId == campaign.Id);
            }
        }

        // Outside the campaign: seen, not blind, and far from the others.
        var open = await api.OtherAnnotator.RateArticleAsync(articles[0], Rate(95, 80));
        open.Ratings.ShouldAllBe(r => !r.Blind);
        await api.Factory.ApplyPendingRollupsAsync();
        await api.Factory.RefitAsync();

        var from = new DateOnly(2026, 3, 1);
        var to = new DateOnly(2026, 4, 1);
        foreach (var methodology in new[] { MethodologyVersion.V1, MethodologyVersion.V2 })
        {
            var all = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Month, from, to, methodology: methodology);
            var blind = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Month, from, to, methodology: methodology, blindOnly: true);
            all.BlindOnly.ShouldBeFalse();
            blind.BlindOnly.ShouldBeTrue();
            all.Points.Single().Ratings.ShouldBe(5);
            var point = blind.Points.Single();
            point.Ratings.ShouldBe(4);
            point.Articles.ShouldBe(2);
            point.Annotators.ShouldBe(2);
            // The raw mean is the mean of the per-article means of the blind ratings only.
            point.RawMean!.Value.ShouldBe(((20.0 + 40) / 2 + (30.0 + 70) / 2) / 2, 1e-9);
        }

        var agreement = await api.Researcher.GetAgreementAsync("factual_accuracy", outlet.Id, from, to, byAnnotatorPair: true, blindOnly: true);
        agreement.BlindOnly.ShouldBeTrue();
        var dimension = agreement.Dimensions.Single();
        dimension.Ratings.ShouldBe(4);
        dimension.Annotators.ShouldBe(2);
        dimension.PairableValues.ShouldBe(4);
        var expected = CredibilityApi.Scoring.Krippendorff.Interval([[20.0, 40.0], [30.0, 70.0]]);
        dimension.Alpha!.Value.ShouldBe(expected.Value!.Value, 1e-9);
        dimension.Pairs!.Single().SharedArticles.ShouldBe(2);
        (await api.Researcher.GetAgreementAsync("factual_accuracy", outlet.Id, from, to)).Dimensions.Single().Ratings.ShouldBe(5);

        // The ranking: this outlet's standing from the blind ratings only (v1, so the prior comes from the window's outlets).
        var ranked = await api.Researcher.RankOutletsAsync("factual_accuracy", from, to, minArticles: 1, methodology: MethodologyVersion.V1, blindOnly: true, limit: 100);
        ranked.BlindOnly.ShouldBeTrue();
        var mine = ranked.Items.Single(i => i.OutletId == outlet.Id);
        mine.Ratings.ShouldBe(4);
        mine.Articles.ShouldBe(2);
        mine.Annotators.ShouldBe(2);
        mine.RawMean!.Value.ShouldBe(((20.0 + 40) / 2 + (30.0 + 70) / 2) / 2, 1e-9);
        mine.Agreement.Alpha!.Value.ShouldBe(expected.Value!.Value, 1e-9);
        var openRanking = await api.Researcher.RankOutletsAsync("factual_accuracy", from, to, minArticles: 1, methodology: MethodologyVersion.V1, limit: 100);
        openRanking.Items.Single(i => i.OutletId == outlet.Id).Ratings.ShouldBe(5);

        // campaignId: the campaign's own ratings (the open rating is not the campaign's), alone or with blindOnly.
        var ofCampaign = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Month, from, to, methodology: MethodologyVersion.V1, campaignId: campaign.Id);
        ofCampaign.CampaignId.ShouldBe(campaign.Id);
        ofCampaign.Points.Single().Ratings.ShouldBe(4);
        ofCampaign.Points.Single().RawMean!.Value.ShouldBe(((20.0 + 40) / 2 + (30.0 + 70) / 2) / 2, 1e-9);
        (await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Month, from, to, blindOnly: true, campaignId: campaign.Id)).Points.Single().Ratings.ShouldBe(4);
        var rankedInCampaign = await api.Researcher.RankOutletsAsync("factual_accuracy", from, to, minArticles: 1, methodology: MethodologyVersion.V1, campaignId: campaign.Id, limit: 100);
        rankedInCampaign.CampaignId.ShouldBe(campaign.Id);
        rankedInCampaign.Items.ShouldHaveSingleItem().OutletId.ShouldBe(outlet.Id);   // only the campaign's outlet has its ratings
        rankedInCampaign.Items.Single().Ratings.ShouldBe(4);
        const string Unknown = "cmp_0192f0c3b4c57d6e8f9a0b1c2d3e4fff";
        (await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Month, from, to, campaignId: Unknown).ShouldFailWith(404)).ProblemCode().ShouldBeNull();
        await api.Researcher.RankOutletsAsync("factual_accuracy", from, to, campaignId: Unknown).ShouldFailWith(404);

        using var http = api.Factory.CreateHttpClient(api.ResearcherKey);
        (await http.GetAsync($"/api/v1/outlets/{outlet.Id}/scores.svg?dimension=factual_accuracy&campaignId={Unknown}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await http.GetStringAsync($"/api/v1/outlets/{outlet.Id}/scores.svg?dimension=factual_accuracy&from=2026-03-01&to=2026-04-01&campaignId={campaign.Id}"))
            .ShouldContain($"campaign {campaign.Id} only");
        var svg = await http.GetStringAsync($"/api/v1/outlets/{outlet.Id}/scores.svg?dimension=factual_accuracy&from=2026-03-01&to=2026-04-01&blindOnly=true");
        svg.ShouldContain("blind ratings only");
        var csv = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/outlets/{outlet.Id}/scores?dimensions=factual_accuracy&bucket=month&from=2026-03-01&to=2026-04-01&blindOnly=true")
        {
            Headers = { { "Accept", "text/csv" } },
        });
        var lines = (await csv.Content.ReadAsStringAsync()).Trim().Split('\n');
        lines[0].ShouldEndWith(",blind_only,campaign_id");
        lines[1].ShouldEndWith(",true,");
    }
}

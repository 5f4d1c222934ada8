using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using static CredibilityApi.Tests.Features.Campaigns.StudyTestData;

namespace CredibilityApi.Tests.Features.Campaigns;

/// <summary>Gold items (issue 14, item 5): known answers, and each annotator's accuracy on them with a Wilson interval.</summary>
[Collection(ApiCollection.Name)]
public sealed class GoldTests(ApiFixture api)
{
    [Fact]
    public async Task Accuracy_on_gold_items_counts_ratings_within_tolerance_with_a_wilson_interval()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 10, 2);
        var (a, b) = (pool[0], pool[1]);
        var random = new Random(14);
        var bValues = new List<double>();
        for (var i = 0; i < articles.Count; i++)
        {
            // Gold score 50 with the default tolerance of 10: a's ratings are right on 8 of the 10 items.
            await api.Admin.SetGoldItemAsync(campaign.Id, new SetGoldItemRequest
            {
                ArticleId = articles[i],
                Ratings = [new GoldRating { Dimension = "factual_accuracy", Value = 50 }],
                Verdicts = [],
            });
            await RateAsync(a.Client, articles[i], i < 8 ? 50 + (i - 4) * 2.5 : 61, 0);
            var bValue = Math.Round(random.NextDouble() * 100);
            bValues.Add(bValue);
            await RateAsync(b.Client, articles[i], bValue, 0);
        }

        // An ad hoc rating by someone outside the campaign changes nothing.
        await RateAsync(api.Admin, articles[0], 50, 0);

        var report = await api.Researcher.GetGoldAccuracyAsync(campaign.Id);

        report.GoldItems.ShouldBe(10);
        report.Annotators.Select(x => x.AnnotatorId).ShouldBe(pool.Select(p => p.Id).Order(StringComparer.Ordinal));
        var ofA = report.Annotators.Single(x => x.AnnotatorId == a.Id);
        var accuracy = ofA.Dimensions.Single(d => d.Dimension == "factual_accuracy").Accuracy;
        accuracy.Correct.ShouldBe(8);
        accuracy.Trials.ShouldBe(10);
        accuracy.Share.ShouldBe(0.8);
        Math.Round(accuracy.Lower95!.Value, 3).ShouldBe(0.490);
        Math.Round(accuracy.Upper95!.Value, 3).ShouldBe(0.943);

        var slant = ofA.Dimensions.Single(d => d.Dimension == "slant").Accuracy;
        slant.Trials.ShouldBe(0);
        slant.Share.ShouldBeNull();

        var ofB = report.Annotators.Single(x => x.AnnotatorId == b.Id).Dimensions.Single(d => d.Dimension == "factual_accuracy").Accuracy;
        ofB.Trials.ShouldBe(10);
        ofB.Correct.ShouldBe(bValues.Count(v => Math.Abs(v - 50) <= 10));
    }

    [Fact]
    public async Task Accuracy_on_gold_verdicts_counts_equal_verdicts()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 2, 2, verdicts: true);
        var claims = new List<Claim>();
        foreach (var article in articles)
        {
            claims.Add(await ClaimAsync(api.Admin, article, "Forces advanced 40 km overnight"));
        }

        await api.Admin.SetGoldItemAsync(campaign.Id, new SetGoldItemRequest
        {
            ArticleId = articles[0],
            Ratings = [],
            Verdicts = [new GoldVerdict { ClaimId = claims[0].Id, Verdict = Verdict.False }],
        });
        await VerdictAsync(pool[0].Client, claims[0].Id, Verdict.False);
        await VerdictAsync(pool[1].Client, claims[0].Id, Verdict.Accurate);
        await VerdictAsync(pool[1].Client, claims[1].Id, Verdict.False);

        var report = await api.Admin.GetGoldAccuracyAsync(campaign.Id);

        var right = report.Annotators.Single(x => x.AnnotatorId == pool[0].Id).Verdicts;
        (right.Correct, right.Trials).ShouldBe((1, 1));
        var wrong = report.Annotators.Single(x => x.AnnotatorId == pool[1].Id).Verdicts;
        (wrong.Correct, wrong.Trials).ShouldBe((0, 1));
        wrong.Upper95.ShouldNotBeNull();
    }

    [Fact]
    public async Task Annotators_can_neither_mark_gold_nor_read_accuracy()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 1, 1);
        var request = new SetGoldItemRequest { ArticleId = articles[0], Ratings = [new GoldRating { Dimension = "slant", Value = 0 }], Verdicts = [] };

        await pool[0].Client.SetGoldItemAsync(campaign.Id, request).ShouldFailWith(403);
        await pool[0].Client.GetGoldAccuracyAsync(campaign.Id).ShouldFailWith(403);

        (await api.Admin.GetGoldAccuracyAsync(campaign.Id)).GoldItems.ShouldBe(0);
    }

    [Fact]
    public async Task Bad_gold_is_refused_with_a_problem_and_nothing_is_written()
    {
        var (campaign, articles, _) = await OpenAsync(api, 1, 1);
        var (_, stranger) = await CampaignTestData.OutletWithArticlesAsync(api.Admin, 1);
        SetGoldItemRequest Gold(string article, string dimension, double value) =>
            new() { ArticleId = article, Ratings = [new GoldRating { Dimension = dimension, Value = value }], Verdicts = [] };

        var notAnItem = await api.Admin.SetGoldItemAsync(campaign.Id, Gold(stranger[0], "slant", 0)).ShouldFailWith(404);
        notAnItem.Response!.ShouldContain("is not an item of campaign");
        notAnItem.Headers["Content-Type"].Single().ShouldStartWith("application/problem+json");
        await api.Admin.SetGoldItemAsync("cmp_unknown", Gold(articles[0], "slant", 0)).ShouldFailWith(404);
        (await api.Admin.SetGoldItemAsync(campaign.Id, Gold(articles[0], "headline_fidelity", 50)).ShouldFailWith(422)).Response!.ShouldContain("does not rate 'headline_fidelity'");
        (await api.Admin.SetGoldItemAsync(campaign.Id, Gold(articles[0], "factual_accuracy", 150)).ShouldFailWith(422)).Response!.ShouldContain("is rated from 0 to 100");
        (await api.Admin.SetGoldItemAsync(campaign.Id, new SetGoldItemRequest { ArticleId = articles[0], Ratings = [], Verdicts = [] }).ShouldFailWith(400))
            .Response!.ShouldContain("at least one known answer");
        (await api.Admin.SetGoldItemAsync(campaign.Id, new SetGoldItemRequest
        {
            ArticleId = articles[0],
            Ratings = [],
            Verdicts = [new GoldVerdict { ClaimId = "clm_unknown", Verdict = Verdict.False }],
        }).ShouldFailWith(422)).Response!.ShouldContain("does not ask for verdicts");

        await api.Admin.CloseCampaignAsync(campaign.Id);
        (await api.Admin.SetGoldItemAsync(campaign.Id, Gold(articles[0], "slant", 0)).ShouldFailWith(409)).Response!.ShouldContain("gold answers are fixed");

        (await api.Admin.GetGoldAccuracyAsync(campaign.Id)).GoldItems.ShouldBe(0);
    }

    [Fact]
    public async Task Setting_gold_again_replaces_the_items_answers()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 1, 1);
        await api.Admin.SetGoldItemAsync(campaign.Id, new SetGoldItemRequest
        {
            ArticleId = articles[0],
            Ratings = [new GoldRating { Dimension = "factual_accuracy", Value = 10 }, new GoldRating { Dimension = "slant", Value = 0 }],
            Verdicts = [],
        });
        var replaced = await api.Admin.SetGoldItemAsync(campaign.Id, new SetGoldItemRequest
        {
            ArticleId = articles[0],
            Ratings = [new GoldRating { Dimension = "factual_accuracy", Value = 70, Tolerance = 5 }],
            Verdicts = [],
        });
        await RateAsync(pool[0].Client, articles[0], 74, 0);

        replaced.Ratings.Single().Tolerance.ShouldBe(5);
        var report = (await api.Admin.GetGoldAccuracyAsync(campaign.Id)).Annotators.Single().Dimensions;
        report.Single(d => d.Dimension == "factual_accuracy").Accuracy.Correct.ShouldBe(1);
        report.Single(d => d.Dimension == "slant").Accuracy.Trials.ShouldBe(0);
    }

    [Fact]
    public async Task Nothing_an_annotator_reads_about_an_assignment_says_it_is_gold()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 2, 1);
        var http = api.Factory.CreateHttpClient(ApiFactory.AdminKey);
        var before = await (await http.GetAsync($"/api/v1/campaigns/{campaign.Id}")).Content.ReadAsStringAsync();
        await api.Admin.SetGoldItemAsync(campaign.Id, new SetGoldItemRequest
        {
            ArticleId = articles[0],
            Ratings = [new GoldRating { Dimension = "factual_accuracy", Value = 50 }],
            Verdicts = [],
        });

        var queue = await pool[0].Client.ListMyAssignmentsAsync(campaign.Id);
        var gold = queue.Items.Single(i => i.ArticleId == articles[0]);
        var plain = queue.Items.Single(i => i.ArticleId == articles[1]);

        // The same fields, shaped the same, for the gold item and the plain one; the campaign reads as before.
        gold.Tasks.Dimensions.ShouldBe(plain.Tasks.Dimensions);
        System.Text.Json.JsonSerializer.Serialize(gold).ShouldNotContain("gold", Case.Insensitive);
        (await (await http.GetAsync($"/api/v1/campaigns/{campaign.Id}")).Content.ReadAsStringAsync()).ShouldBe(before);
    }
}

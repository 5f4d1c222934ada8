using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using static CredibilityApi.Tests.Features.Campaigns.StudyTestData;

namespace CredibilityApi.Tests.Features.Campaigns;

/// <summary>Adjudication (issue 14, item 6): the queue of disagreements, decisions with reasons, the log and the study's export.</summary>
[Collection(ApiCollection.Name)]
public sealed class AdjudicationTests(ApiFixture api)
{
    [Fact]
    public async Task Disagreeing_items_are_queued_adjudicated_logged_and_exported_while_agreeing_ones_never_queue()
    {
        var adjudicators = await CampaignTestData.AnnotatorsAsync(api, 1);
        var (campaign, articles, pool) = await OpenAsync(api, 3, 2, adjudicators: [adjudicators[0].Id], threshold: 20);
        var (a, b) = (pool[0].Client, pool[1].Client);

        // Item 0: accuracy 40 vs 90 (range 50 > 20) disagrees, slant 10 vs 25 agrees; item 1 agrees within 20 on both.
        await RateAsync(a, articles[0], 40, 10);
        await RateAsync(b, articles[0], 90, 25);
        await RateAsync(a, articles[1], 60, 0);
        await RateAsync(b, articles[1], 80, -20);
        await RateAsync(a, articles[2], 70, 5);

        var queue = await adjudicators[0].Client.ListAdjudicationQueueAsync(campaign.Id);

        queue.Waiting.ShouldBe(1);
        queue.DisagreementThreshold.ShouldBe(20);
        var item = queue.Items.Single();
        item.ArticleId.ShouldBe(articles[0]);
        var disagreement = item.Disagreements.Single();
        disagreement.Kind.ShouldBe(StudyTargetKind.Rating);
        disagreement.Dimension.ShouldBe("factual_accuracy");
        disagreement.Range.ShouldBe(50);
        disagreement.Values.Select(v => (v.AnnotatorId, v.Value)).OrderBy(v => v.Value)
            .ShouldBe([(pool[0].Id, (double?)40), (pool[1].Id, (double?)90)]);

        // The item that agrees cannot be adjudicated: 422, nothing written.
        var agreeing = await adjudicators[0].Client.AdjudicateAsync(campaign.Id, Decision(articles[1], "factual_accuracy", 70)).ShouldFailWith(422);
        agreeing.Response!.ShouldContain("needs no adjudication");
        agreeing.Headers["Content-Type"].Single().ShouldStartWith("application/problem+json");
        (await api.Researcher.ListAdjudicationLogAsync(campaign.Id)).Items.ShouldBeEmpty();

        var decided = await adjudicators[0].Client.AdjudicateAsync(campaign.Id, Decision(articles[0], "factual_accuracy", 70));

        decided.Items.Single().AdjudicatorId.ShouldBe(adjudicators[0].Id);
        (await adjudicators[0].Client.ListAdjudicationQueueAsync(campaign.Id)).Items.ShouldBeEmpty();
        var log = (await api.Researcher.ListAdjudicationLogAsync(campaign.Id)).Items;
        log.Single().Value.ShouldBe(70);
        log.Single().Reason.ShouldBe("Checked the figures against the ministry's release.");

        var rows = await ExportAsync(campaign.Id);
        rows.Count.ShouldBe(6);
        Row(rows, articles[0], "factual_accuracy").ShouldSatisfyAllConditions(
            r => r.Value.ShouldBe(70),
            r => r.Source.ShouldBe(StudyValueSource.Adjudicated),
            r => r.AdjudicationId.ShouldBe(decided.Items.Single().Id),
            r => r.Annotations.ShouldBe(2));
        Row(rows, articles[0], "slant").ShouldSatisfyAllConditions(r => r.Value.ShouldBe(17.5), r => r.Source.ShouldBe(StudyValueSource.Median));
        Row(rows, articles[1], "factual_accuracy").ShouldSatisfyAllConditions(r => r.Value.ShouldBe(70), r => r.Source.ShouldBe(StudyValueSource.Median));
        Row(rows, articles[2], "factual_accuracy").ShouldSatisfyAllConditions(r => r.Value.ShouldBe(70), r => r.Annotations.ShouldBe(1));
        rows.ShouldAllBe(r => !r.AwaitingAdjudication);
    }

    [Fact]
    public async Task After_closing_an_adjudicator_can_decide_again_and_the_earlier_decision_is_marked_superseded()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 1, 3);
        await RateAsync(pool[0].Client, articles[0], 10, 0);
        await RateAsync(pool[1].Client, articles[0], 50, 0);
        await RateAsync(pool[2].Client, articles[0], 60, 0);
        var before = (await ExportAsync(campaign.Id)).Single(r => r.Dimension == "factual_accuracy");
        before.ShouldSatisfyAllConditions(r => r.Value.ShouldBe(50), r => r.AwaitingAdjudication.ShouldBeTrue());

        var first = await api.Admin.AdjudicateAsync(campaign.Id, Decision(articles[0], "factual_accuracy", 40));
        await api.Admin.CloseCampaignAsync(campaign.Id);
        var second = await api.Admin.AdjudicateAsync(campaign.Id, Decision(articles[0], "factual_accuracy", 55));

        var log = (await api.Admin.ListAdjudicationLogAsync(campaign.Id)).Items;
        log.Select(x => (x.Id, x.Superseded)).ShouldBe([(first.Items.Single().Id, true), (second.Items.Single().Id, false)]);
        (await ExportAsync(campaign.Id)).Single(r => r.Dimension == "factual_accuracy").Value.ShouldBe(55);
    }

    [Fact]
    public async Task Differing_verdicts_go_to_adjudication_and_a_majority_needs_none_in_the_export()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 1, 3, verdicts: true);
        var split = await ClaimAsync(api.Admin, articles[0], "the town fell at dawn");
        var agreed = await ClaimAsync(api.Admin, articles[0], "Forces advanced 40 km overnight");
        await VerdictAsync(pool[0].Client, split.Id, Verdict.False);
        await VerdictAsync(pool[1].Client, split.Id, Verdict.Accurate);
        await VerdictAsync(pool[0].Client, agreed.Id, Verdict.Misleading);
        await VerdictAsync(pool[1].Client, agreed.Id, Verdict.Misleading);

        var queued = (await api.Admin.ListAdjudicationQueueAsync(campaign.Id)).Items.Single().Disagreements.Single();
        queued.ClaimId.ShouldBe(split.Id);
        queued.Kind.ShouldBe(StudyTargetKind.Verdict);
        var tie = (await ExportAsync(campaign.Id)).Single(r => r.ClaimId == split.Id);
        (tie.Source, tie.Verdict).ShouldBe((StudyValueSource.Tie, (Verdict?)null));

        await api.Admin.AdjudicateAsync(campaign.Id, new AdjudicateRequest
        {
            ArticleId = articles[0],
            Ratings = [],
            Verdicts = [new AdjudicatedVerdict { ClaimId = split.Id, Verdict = Verdict.Mixed }],
            Reason = "Half of it holds.",
        });
        await api.Admin.AdjudicateAsync(campaign.Id, new AdjudicateRequest
        {
            ArticleId = articles[0],
            Ratings = [],
            Verdicts = [new AdjudicatedVerdict { ClaimId = agreed.Id, Verdict = Verdict.False }],
            Reason = "Not needed.",
        }).ShouldFailWith(422);

        var rows = await ExportAsync(campaign.Id);
        rows.Single(r => r.ClaimId == split.Id).ShouldSatisfyAllConditions(r => r.Verdict.ShouldBe(Verdict.Mixed), r => r.Source.ShouldBe(StudyValueSource.Adjudicated));
        rows.Single(r => r.ClaimId == agreed.Id).ShouldSatisfyAllConditions(r => r.Verdict.ShouldBe(Verdict.Misleading), r => r.Source.ShouldBe(StudyValueSource.Majority));
    }

    [Fact]
    public async Task Non_adjudicators_unknown_items_and_bad_values_are_refused_with_problems_and_nothing_is_written()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 1, 2);
        await RateAsync(pool[0].Client, articles[0], 0, 0);
        await RateAsync(pool[1].Client, articles[0], 100, 0);
        var (_, stranger) = await CampaignTestData.OutletWithArticlesAsync(api.Admin, 1);

        // A pool member who is not a named adjudicator sees neither the queue nor may decide.
        (await pool[0].Client.ListAdjudicationQueueAsync(campaign.Id).ShouldFailWith(403)).Response!.ShouldContain("adjudicators");
        await pool[0].Client.AdjudicateAsync(campaign.Id, Decision(articles[0], "factual_accuracy", 50)).ShouldFailWith(403);
        await api.Researcher.AdjudicateAsync(campaign.Id, Decision(articles[0], "factual_accuracy", 50)).ShouldFailWith(403);
        await api.Admin.AdjudicateAsync("cmp_unknown", Decision(articles[0], "factual_accuracy", 50)).ShouldFailWith(404);
        (await api.Admin.AdjudicateAsync(campaign.Id, Decision(stranger[0], "factual_accuracy", 50)).ShouldFailWith(422)).Response!.ShouldContain("is not an item of campaign");
        (await api.Admin.AdjudicateAsync(campaign.Id, Decision(articles[0], "factual_accuracy", 101)).ShouldFailWith(422)).Response!.ShouldContain("outside");
        (await api.Admin.AdjudicateAsync(campaign.Id, Decision(articles[0], "headline_fidelity", 50)).ShouldFailWith(422)).Response!.ShouldContain("does not rate");
        (await api.Admin.AdjudicateAsync(campaign.Id, new AdjudicateRequest { ArticleId = articles[0], Ratings = [new AdjudicatedRating { Dimension = "factual_accuracy", Value = 50 }], Verdicts = [], Reason = "" })
            .ShouldFailWith(400)).Response!.ShouldContain("reason");

        (await api.Admin.ListAdjudicationLogAsync(campaign.Id)).Items.ShouldBeEmpty();
        (await api.Admin.ListAdjudicationQueueAsync(campaign.Id)).Waiting.ShouldBe(1);
    }

    [Fact]
    public async Task The_queue_pages_in_drawn_order()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 3, 2);
        foreach (var article in articles)
        {
            await RateAsync(pool[0].Client, article, 0, 0);
            await RateAsync(pool[1].Client, article, 100, 0);
        }

        var first = await api.Admin.ListAdjudicationQueueAsync(campaign.Id, limit: 2);
        var second = await api.Admin.ListAdjudicationQueueAsync(campaign.Id, first.NextCursor, 2);

        first.Items.Select(i => i.ArticleId).Concat(second.Items.Select(i => i.ArticleId)).ShouldBe(articles);
        second.NextCursor.ShouldBeNull();
        first.Waiting.ShouldBe(3);

        // The client's helper walks the same pages; the log's walks every decision.
        var walked = new List<string>();
        await foreach (var item in api.Admin.ListAllAdjudicationQueueAsync(campaign.Id, pageSize: 1))
        {
            walked.Add(item.ArticleId);
        }

        walked.ShouldBe(articles);
        foreach (var article in articles)
        {
            await api.Admin.AdjudicateAsync(campaign.Id, Decision(article, "factual_accuracy", 50));
        }

        var logged = new List<string>();
        await foreach (var decision in api.Researcher.ListAllAdjudicationLogAsync(campaign.Id, pageSize: 2))
        {
            logged.Add(decision.ArticleId);
        }

        logged.ShouldBe(articles, ignoreOrder: true);
    }

    [Fact]
    public async Task An_adjudicator_in_the_pool_does_not_see_disagreements_on_their_own_pending_items()
    {
        var (_, ids) = await CampaignTestData.OutletWithArticlesAsync(api.Admin, 2);
        var pool = await CampaignTestData.AnnotatorsAsync(api, 3);
        var request = CampaignTestData.Listed(pool.Select(a => a.Id), 3, ids);
        request.Adjudicators = [pool[2].Id];
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(request)).Id);
        foreach (var article in ids)
        {
            await RateAsync(pool[0].Client, article, 0, 0);
            await RateAsync(pool[1].Client, article, 100, 0);
        }

        // Both items disagree, but both are still pending for the adjudicator: blind, they are not in their queue.
        (await api.Admin.ListAdjudicationQueueAsync(campaign.Id)).Items.Select(i => i.ArticleId).ShouldBe(ids);
        var blind = await pool[2].Client.ListAdjudicationQueueAsync(campaign.Id);
        blind.Items.ShouldBeEmpty();
        blind.Waiting.ShouldBe(0);

        // Submitting one item puts it in their queue, with the others' values.
        await RateAsync(pool[2].Client, ids[0], 50, 0);
        var after = await pool[2].Client.ListAdjudicationQueueAsync(campaign.Id);
        after.Items.Select(i => i.ArticleId).ShouldBe([ids[0]]);
        after.Items.Single().Disagreements.SelectMany(d => d.Values).Select(v => v.AnnotatorId).ShouldContain(pool[0].Id);

        // Closing the campaign lifts the blinding for the rest.
        await api.Admin.CloseCampaignAsync(campaign.Id);
        (await pool[2].Client.ListAdjudicationQueueAsync(campaign.Id)).Items.Select(i => i.ArticleId).ShouldBe(ids);
    }

    private static AdjudicateRequest Decision(string articleId, string dimension, double value) => new()
    {
        ArticleId = articleId,
        Ratings = [new AdjudicatedRating { Dimension = dimension, Value = value }],
        Verdicts = [],
        Reason = "Checked the figures against the ministry's release.",
    };

    private async Task<List<CampaignExportRow>> ExportAsync(string campaignId)
    {
        var rows = new List<CampaignExportRow>();
        await foreach (var row in api.Researcher.ExportAllCampaignRowsAsync(campaignId))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static CampaignExportRow Row(List<CampaignExportRow> rows, string articleId, string dimension) =>
        rows.Single(r => r.ArticleId == articleId && r.Dimension == dimension);
}

using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using static CredibilityApi.Tests.Features.Campaigns.CampaignTestData;

namespace CredibilityApi.Tests.Features.Campaigns;

[Collection(ApiCollection.Name)]
public sealed class AssignmentTests(ApiFixture api)
{
    [Fact]
    public async Task Three_of_five_annotators_get_every_article_and_their_loads_differ_by_at_most_one()
    {
        var pool = await AnnotatorsAsync(api, 5);
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 7);
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Listed(pool.Select(p => p.Id), 3, articles))).Id);

        var byAnnotator = new Dictionary<string, List<string>>();
        foreach (var (id, client) in pool)
        {
            var mine = await client.ListMyAssignmentsAsync(campaignId: campaign.Id, limit: 500);
            mine.Items.ShouldAllBe(a => a.State == AssignmentState.Pending);
            byAnnotator[id] = mine.Items.Select(a => a.ArticleId).ToList();
            byAnnotator[id].Distinct().Count().ShouldBe(byAnnotator[id].Count, "no annotator gets an article twice");
            mine.Progress.Total.ShouldBe(byAnnotator[id].Count);
        }

        foreach (var article in articles)
        {
            byAnnotator.Count(p => p.Value.Contains(article)).ShouldBe(3, $"{article} goes to exactly k annotators");
        }

        var loads = byAnnotator.Values.Select(v => v.Count).ToList();
        loads.Sum().ShouldBe(21);
        (loads.Max() - loads.Min()).ShouldBeLessThanOrEqualTo(1);
    }

    [Fact]
    public async Task The_same_seed_assigns_the_same_annotators()
    {
        var pool = await AnnotatorsAsync(api, 4);
        var (outlet, _) = await OutletWithArticlesAsync(api.Admin, 14);

        async Task<List<(string, string)>> AssignmentsAsync(long seed)
        {
            var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Sampled(pool.Select(p => p.Id), 2, [outlet.Id], 3, seed))).Id);
            var pairs = new List<(string, string)>();
            foreach (var (id, client) in pool)
            {
                pairs.AddRange((await client.ListMyAssignmentsAsync(campaignId: campaign.Id, limit: 500)).Items.Select(a => (a.ArticleId, id)));
            }

            return [.. pairs.Order()];
        }

        var first = await AssignmentsAsync(2026);
        var again = await AssignmentsAsync(2026);

        first.Count.ShouldBe(2 * 3 * 2, "3 articles in each of 2 weeks, each to 2 annotators");
        again.ShouldBe(first);
    }

    [Fact]
    public async Task My_assignments_list_pending_first_in_drawn_order_with_progress_and_record_first_fetch()
    {
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 3);
        var me = await api.Annotator.GetMeAsync();
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Listed([me.AccountId], 1, articles))).Id);

        var first = await api.Annotator.ListMyAssignmentsAsync(campaignId: campaign.Id);
        var firstItems = first.Items.ToList();

        first.Items.Select(a => a.ArticleId).ShouldBe(articles);
        first.Items.Select(a => a.Position).ShouldBe([0, 1, 2]);
        firstItems[0].Tasks.Dimensions.ShouldBe(Dimensions);
        firstItems[0].ArticleUrl.ShouldEndWith("/story-0");
        firstItems[0].ArticleTitle.ShouldNotBeNullOrEmpty();
        firstItems[0].CampaignName.ShouldBe(campaign.Name);
        first.Items.ShouldAllBe(a => a.FirstFetchedAt != null);
        first.Progress.Total.ShouldBe(3);
        first.Progress.Pending.ShouldBe(3);

        // Rating the first item on every dimension submits it; it moves behind the pending ones.
        await api.Annotator.RateArticleAsync(articles[0], AllDimensions(10));
        var second = await api.Annotator.ListMyAssignmentsAsync(campaignId: campaign.Id);

        second.Items.Select(a => a.ArticleId).ShouldBe([articles[1], articles[2], articles[0]]);
        second.Items.Select(a => a.State).ShouldBe([AssignmentState.Pending, AssignmentState.Pending, AssignmentState.Submitted]);
        second.Items.Last().SubmittedAt.ShouldNotBeNull();
        second.Progress.Submitted.ShouldBe(1);
        second.Progress.Pending.ShouldBe(2);
        second.Progress.Total.ShouldBe(3);

        // The first fetch is kept: a later listing does not move it.
        second.Items.Single(a => a.Id == firstItems[1].Id).FirstFetchedAt.ShouldBe(firstItems[1].FirstFetchedAt);
    }

    [Fact]
    public async Task Rating_only_some_of_the_dimensions_leaves_the_assignment_pending()
    {
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 1);
        var me = await api.Annotator.GetMeAsync();
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Listed([me.AccountId], 1, articles))).Id);

        await api.Annotator.RateArticleAsync(articles[0], new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = "slant", Value = 5 }], Tags = [] });
        (await api.Annotator.ListMyAssignmentsAsync(campaignId: campaign.Id)).Items.Single().State.ShouldBe(AssignmentState.Pending);

        await api.Annotator.RateArticleAsync(articles[0], new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = "factual_accuracy", Value = 5 }], Tags = [] });
        (await api.Annotator.ListMyAssignmentsAsync(campaignId: campaign.Id)).Items.Single().State.ShouldBe(AssignmentState.Submitted);
    }

    [Fact]
    public async Task Paging_my_assignments_visits_each_once_in_queue_order()
    {
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 5);
        var pool = await AnnotatorsAsync(api, 1);
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Listed([pool[0].Id], 1, articles))).Id);
        var client = pool[0].Client;
        await client.RateArticleAsync(articles[1], AllDimensions(0));

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.ListMyAssignmentsAsync(campaignId: campaign.Id, cursor: cursor, limit: 2);
            seen.AddRange(page.Items.Select(a => a.ArticleId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        seen.ShouldBe([articles[0], articles[2], articles[3], articles[4], articles[1]]);
    }

    [Fact]
    public async Task Skipping_moves_the_item_to_a_pool_annotator_who_does_not_have_it()
    {
        var pool = await AnnotatorsAsync(api, 3);
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 3);
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Listed(pool.Select(p => p.Id), 2, articles))).Id);
        var (skipperId, skipper) = pool[0];
        var item = (await skipper.ListMyAssignmentsAsync(campaignId: campaign.Id)).Items.First();
        var holdersBefore = await HoldersAsync(pool, campaign.Id, item.ArticleId);

        var result = await skipper.SkipAssignmentAsync(item.Id, new SkipAssignmentRequest { Reason = "Behind a paywall." });

        result.Skipped.State.ShouldBe(AssignmentState.Skipped);
        result.Skipped.SkipReason.ShouldBe("Behind a paywall.");
        result.Skipped.ReassignedToId.ShouldBe(result.ReassignedTo.Id);
        result.ReassignedTo.State.ShouldBe(AssignmentState.Pending);
        var holdersAfter = await HoldersAsync(pool, campaign.Id, item.ArticleId);
        holdersBefore.ShouldContain(skipperId);
        holdersAfter.ShouldNotContain(skipperId);
        holdersAfter.Count.ShouldBe(2, "the overlap stays k");
        holdersAfter.Except(holdersBefore).ShouldHaveSingleItem();

        var mine = await skipper.ListMyAssignmentsAsync(campaignId: campaign.Id);
        mine.Progress.Skipped.ShouldBe(1);
        mine.Items.Last().Id.ShouldBe(item.Id, "a skipped item goes to the end of the queue");
        (await skipper.SkipAssignmentAsync(item.Id, new SkipAssignmentRequest { Reason = "Again." }).ShouldFailWith(409)).Response!.ShouldContain("already skipped");
    }

    [Fact]
    public async Task Skipping_when_every_pool_annotator_has_the_article_is_409_and_changes_nothing()
    {
        var pool = await AnnotatorsAsync(api, 2);
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 1);
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Listed(pool.Select(p => p.Id), 2, articles))).Id);
        var item = (await pool[0].Client.ListMyAssignmentsAsync(campaignId: campaign.Id)).Items.Single();

        var e = await pool[0].Client.SkipAssignmentAsync(item.Id, new SkipAssignmentRequest { Reason = "Conflict of interest." }).ShouldFailWith(409);

        e.Response!.ShouldContain("cannot be reassigned");
        (await pool[0].Client.ListMyAssignmentsAsync(campaignId: campaign.Id)).Items.Single().State.ShouldBe(AssignmentState.Pending);
    }

    [Fact]
    public async Task Skipping_needs_a_reason_and_an_open_campaign()
    {
        var pool = await AnnotatorsAsync(api, 2);
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 1);
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Listed(pool.Select(p => p.Id), 1, articles))).Id);
        var holder = pool[0];
        var mine = await holder.Client.ListMyAssignmentsAsync(campaignId: campaign.Id);
        if (mine.Items.Count == 0)
        {
            holder = pool[1];
            mine = await holder.Client.ListMyAssignmentsAsync(campaignId: campaign.Id);
        }

        var item = mine.Items.Single();

        (await holder.Client.SkipAssignmentAsync(item.Id, new SkipAssignmentRequest { Reason = "" }).ShouldFailWith(400)).Response!.ShouldContain("reason");
        await api.Admin.CloseCampaignAsync(campaign.Id);
        (await holder.Client.SkipAssignmentAsync(item.Id, new SkipAssignmentRequest { Reason = "Late." }).ShouldFailWith(409)).Response!.ShouldContain("closed");
    }

    private static async Task<List<string>> HoldersAsync(List<(string Id, CredibilityApiClient Client)> pool, string campaignId, string articleId)
    {
        var holders = new List<string>();
        foreach (var (id, client) in pool)
        {
            var items = (await client.ListMyAssignmentsAsync(campaignId: campaignId, limit: 500)).Items;
            if (items.Any(a => a.ArticleId == articleId && a.State != AssignmentState.Skipped))
            {
                holders.Add(id);
            }
        }

        return holders;
    }
}

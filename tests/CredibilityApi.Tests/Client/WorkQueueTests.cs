using CredibilityApi.Client;
using CredibilityApi.Tests.Features.Campaigns;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Client;

/// <summary>The client's "work the queue" loop over a campaign's assignments (issues 14 and 18).</summary>
[Collection(ApiCollection.Name)]
public sealed class WorkQueueTests(ApiFixture api)
{
    [Fact]
    public async Task The_loop_hands_out_each_pending_item_once_and_ends_when_the_queue_is_empty()
    {
        var (_, articles) = await CampaignTestData.OutletWithArticlesAsync(api.Admin, 3);
        var annotator = (await CampaignTestData.AnnotatorsAsync(api, 1)).Single();
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(CampaignTestData.Listed([annotator.Id], 1, articles))).Id);

        var handled = new List<string>();
        await foreach (var item in annotator.Client.WorkQueueAsync(campaign.Id))
        {
            handled.Add(item.ArticleId);
            if (handled.Count == 2)
            {
                await annotator.Client.SkipAssignmentAsync(item.Id, new SkipAssignmentRequest { Reason = "Paywalled." }).ShouldFailWith(409);
                await annotator.Client.RateArticleAsync(item.ArticleId, CampaignTestData.AllDimensions(40));
            }
            else
            {
                await annotator.Client.RateArticleAsync(item.ArticleId, CampaignTestData.AllDimensions(60));
            }
        }

        handled.ShouldBe(articles);
        var progress = (await annotator.Client.ListMyAssignmentsAsync(campaign.Id)).Progress;
        progress.Pending.ShouldBe(0);
        progress.Submitted.ShouldBe(3);
    }

    [Fact]
    public async Task An_item_neither_rated_nor_skipped_stops_the_loop_with_a_clear_error()
    {
        var (_, articles) = await CampaignTestData.OutletWithArticlesAsync(api.Admin, 2);
        var annotator = (await CampaignTestData.AnnotatorsAsync(api, 1)).Single();
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(CampaignTestData.Listed([annotator.Id], 1, articles))).Id);

        var e = await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in annotator.Client.WorkQueueAsync(campaign.Id))
            {
                // Neither rated nor skipped.
            }
        });

        e.Message.ShouldContain("still pending");
    }
}

using CredibilityApi.Client;
using CredibilityApi.Tests.Features.Campaigns;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Client;

/// <summary>Blind annotation as an annotator meets it through the generated client while working the queue (issue 14, item 3).</summary>
[Collection(ApiCollection.Name)]
public sealed class BlindQueueTests(ApiFixture api)
{
    [Fact]
    public async Task Working_the_queue_an_annotator_sees_neither_others_ratings_nor_scores_of_an_item_until_rating_it()
    {
        var (outlet, articles) = await CampaignTestData.OutletWithArticlesAsync(api.Admin, 1);
        var pool = await CampaignTestData.AnnotatorsAsync(api, 2);
        var (me, them) = (pool[0].Client, pool[1].Client);
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(CampaignTestData.Listed(pool.Select(p => p.Id), 2, articles))).Id);
        var theirs = (await them.RateArticleAsync(articles[0], CampaignTestData.AllDimensions(90))).Ratings.Select(r => r.Id).ToList();

        var seen = 0;
        await foreach (var item in me.WorkQueueAsync(campaign.Id))
        {
            seen++;
            (await me.ListAnnotationsAsync(articleId: item.ArticleId)).Items.ShouldBeEmpty();
            var refused = await me.GetScoreSeriesAsync(outlet.Id).ShouldFailWith(403);
            (refused.Response ?? "").ShouldContain(item.ArticleId);
            await me.GetAnnotationAsync(theirs[0]).ShouldFailWith(404);

            await me.RateArticleAsync(item.ArticleId, CampaignTestData.AllDimensions(10));
        }

        seen.ShouldBe(1);
        var all = (await me.ListAnnotationsAsync(articleId: articles[0])).Items;
        theirs.ShouldAllBe(id => all.Any(a => a.Id == id));
        all.Count.ShouldBe(2 * CampaignTestData.Dimensions.Length);
        all.ShouldAllBe(a => a.Blind && a.CampaignId == campaign.Id);
        (await me.GetScoreSeriesAsync(outlet.Id)).ShouldNotBeNull();
    }
}

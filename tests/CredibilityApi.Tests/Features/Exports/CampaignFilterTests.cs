using CredibilityApi.Client;
using CredibilityApi.Tests.Features.Campaigns;
using CredibilityApi.Tests.Infrastructure;
using static CredibilityApi.Tests.Features.Campaigns.StudyTestData;

namespace CredibilityApi.Tests.Features.Exports;

/// <summary>campaignId on every export (issue 14, item 7): a study's rows without the ad hoc annotation around them.</summary>
[Collection(ApiCollection.Name)]
public sealed class CampaignFilterTests(ApiFixture api)
{
    [Fact]
    public async Task Exports_filtered_by_campaign_hold_only_its_annotators_work_on_its_items()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 2, 3, overlap: 2, verdicts: true);
        var (_, outside) = await CampaignTestData.OutletWithArticlesAsync(api.Admin, 1);
        var expected = new List<string>();
        foreach (var (id, client) in pool)
        {
            var queue = (await client.ListMyAssignmentsAsync(campaign.Id)).Items.ToList();
            foreach (var assignment in queue)
            {
                expected.AddRange((await client.RateArticleAsync(assignment.ArticleId, CampaignTestData.AllDimensions(40))).Ratings.Select(r => r.Id));
            }

            // Ratings outside the campaign, by the same annotators.
            await RateAsync(client, outside[0], 10, 10);
        }

        // The admin (not in the pool) rates a campaign item: ad hoc, not the campaign's.
        await RateAsync(api.Admin, articles[0], 90, 90);
        var claim = await ClaimAsync(api.Admin, articles[0], "Forces advanced 40 km overnight");
        await ClaimAsync(api.Admin, outside[0], "the town fell at dawn");
        var verdicts = new List<string>();
        foreach (var (_, client) in pool)
        {
            if ((await client.ListMyAssignmentsAsync(campaign.Id)).Items.Any(i => i.ArticleId == articles[0]))
            {
                verdicts.Add((await client.RecordProvenanceAsync(new RecordProvenanceRequest
                {
                    Target = new AnnotationTarget { Type = TargetType.Claim, Id = claim.Id },
                    Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Verdict, Verdict = Verdict.False, EvidenceUrls = [] },
                    Tags = [],
                })).Id);
            }
        }

        await VerdictAsync(api.Admin, claim.Id, Verdict.Accurate);

        var annotations = new List<Annotation>();
        await foreach (var a in api.Researcher.ExportAllAnnotationsAsync(AnnotationKind.Rating, campaignId: campaign.Id))
        {
            annotations.Add(a);
        }

        annotations.Select(a => a.Id).ShouldBe(expected, ignoreOrder: true);
        annotations.Count.ShouldBe(2 * 2 * 2);

        var claims = new List<Claim>();
        await foreach (var c in api.Researcher.ExportAllClaimsAsync(campaignId: campaign.Id))
        {
            claims.Add(c);
        }

        claims.Select(c => c.Id).ShouldBe([claim.Id]);

        var reviews = await api.Researcher.ExportClaimReviewsAsync(campaignId: campaign.Id);
        verdicts.Count.ShouldBe(2);
        reviews.Count.ShouldBe(2);

        await foreach (var _ in api.Researcher.ExportAllFramingSpansAsync(campaignId: campaign.Id))
        {
            throw new InvalidOperationException("The campaign has no framing spans.");
        }

        (await api.Researcher.ExportAnnotationsAsync(campaignId: "cmp_unknown").ShouldFailWith(404)).Response!.ShouldContain("cmp_unknown");
    }

    [Fact]
    public async Task A_skipped_annotators_later_rating_is_not_the_campaigns()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 1, 2, overlap: 1);
        var holder = pool[0];
        var items = (await holder.Client.ListMyAssignmentsAsync(campaign.Id)).Items;
        if (items.Count == 0)
        {
            holder = pool[1];
            items = (await holder.Client.ListMyAssignmentsAsync(campaign.Id)).Items;
        }

        var item = items.Single();
        await holder.Client.SkipAssignmentAsync(item.Id, new SkipAssignmentRequest { Reason = "Conflict of interest." });
        await RateAsync(holder.Client, articles[0], 50, 50);

        var annotations = new List<Annotation>();
        await foreach (var a in api.Researcher.ExportAllAnnotationsAsync(campaignId: campaign.Id))
        {
            annotations.Add(a);
        }

        annotations.ShouldBeEmpty();
    }
}

using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using static CredibilityApi.Tests.Features.Campaigns.CampaignTestData;

namespace CredibilityApi.Tests.Features.Campaigns;

/// <summary>When an assignment counts as submitted: every dimension rated, and a verdict on every claim when the campaign asks for verdicts.</summary>
[Collection(ApiCollection.Name)]
public sealed class SubmissionTests(ApiFixture api)
{
    private static RateArticleRequest AllDimensions() => new()
    {
        RubricVersion = 1,
        Values = [.. Dimensions.Select(d => new RatingValue { Dimension = d, Value = 10 })],
        Tags = [],
    };

    private async Task<string> VerdictAsync(string claimId) =>
        (await api.Annotator.RecordProvenanceAsync(new RecordProvenanceRequest
        {
            Target = new AnnotationTarget { Type = TargetType.Claim, Id = claimId },
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Verdict, Verdict = Verdict.Mixed },
            Tags = [],
        })).Id;

    [Fact]
    public async Task A_campaign_asking_for_verdicts_needs_one_on_every_claim_of_the_article()
    {
        var fixture = await ArticleFixture.CreateAsync(api.Admin);
        var claims = new List<string>();
        foreach (var prefix in new[] { "quoted by the Daily Example, said ", "An unnamed official said " })
        {
            claims.Add((await api.Admin.RegisterClaimAsync(fixture.Article.Id, new RegisterClaimRequest
            {
                Selector = new TextSelector { Exact = "the town fell at dawn", Prefix = prefix },
                Claimant = new Claimant { Name = "Someone", Type = SourceType.Person },
                Attribution = [],
                Tags = [],
            })).Id);
        }

        var me = await api.Annotator.GetMeAsync();
        var request = Listed([me.AccountId], 1, [fixture.Article.Id]);
        request.Tasks.Verdicts = true;
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(request)).Id);
        async Task<AssignmentState> StateAsync() => (await api.Annotator.ListMyAssignmentsAsync(campaignId: campaign.Id)).Items.Single().State;

        await api.Annotator.RateArticleAsync(fixture.Article.Id, AllDimensions());
        (await StateAsync()).ShouldBe(AssignmentState.Pending);

        await VerdictAsync(claims[0]);
        (await StateAsync()).ShouldBe(AssignmentState.Pending);

        await VerdictAsync(claims[1]);
        (await StateAsync()).ShouldBe(AssignmentState.Submitted);
    }

    [Fact]
    public async Task Verdicts_first_then_the_last_rating_submits_and_an_article_without_claims_needs_ratings_only()
    {
        var fixture = await ArticleFixture.CreateAsync(api.Admin);
        var claim = (await api.Admin.RegisterClaimAsync(fixture.Article.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = "Forces advanced 40 km overnight" },
            Claimant = new Claimant { Name = "A spokesman", Type = SourceType.Government },
            Attribution = [],
            Tags = [],
        })).Id;
        var (_, bare) = await OutletWithArticlesAsync(api.Admin, 1);

        var me = await api.Annotator.GetMeAsync();
        var request = Listed([me.AccountId], 1, [fixture.Article.Id, bare[0]]);
        request.Tasks.Verdicts = true;
        request.Tasks.Framing = true;
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(request)).Id);
        async Task<AssignmentState> StateOfAsync(string article) =>
            (await api.Annotator.ListMyAssignmentsAsync(campaignId: campaign.Id)).Items.Single(a => a.ArticleId == article).State;

        await VerdictAsync(claim);
        (await StateOfAsync(fixture.Article.Id)).ShouldBe(AssignmentState.Pending);
        await api.Annotator.RateArticleAsync(fixture.Article.Id, AllDimensions());
        (await StateOfAsync(fixture.Article.Id)).ShouldBe(AssignmentState.Submitted);

        // No claims, and framing notes are never required: the ratings complete it.
        await api.Annotator.RateArticleAsync(bare[0], AllDimensions());
        (await StateOfAsync(bare[0])).ShouldBe(AssignmentState.Submitted);
    }
}

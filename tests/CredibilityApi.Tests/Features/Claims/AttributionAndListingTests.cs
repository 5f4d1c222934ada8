using System.Net.Http.Json;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Claims;

[Collection(ApiCollection.Name)]
public sealed class AttributionAndListingTests(ApiFixture api)
{
    private static AttributionHop Hop(string agent, SourceType type, Medium medium, Relation relation) =>
        new() { Agent = agent, AgentType = type, Medium = medium, Relation = relation };

    private static RegisterClaimRequest Claim(string exact, string? prefix, Claimant claimant, params AttributionHop[] chain) => new()
    {
        Selector = new TextSelector { Exact = exact, Prefix = prefix },
        Claimant = claimant,
        Attribution = chain.ToList(),
        Tags = [],
    };

    /// <summary>The product's running example: four ways a claim reaches an outlet.</summary>
    private static async Task<(ArticleFixture F, Claim Tweet, Claim Resident, Claim Official, Claim Bare)> RegisterExampleAsync(CredibilityApiClient client)
    {
        var f = await ArticleFixture.CreateAsync(client);
        var tweet = await client.RegisterClaimAsync(f.Article.Id, Claim(
            "Forces advanced 40 km overnight", null,
            new Claimant { Name = "Army spokesman", Type = SourceType.Government },
            Hop("Army spokesman", SourceType.Government, Medium.SocialPost, Relation.PrimarySource)));
        var resident = await client.RegisterClaimAsync(f.Article.Id, Claim(
            "the town fell at dawn", "quoted by the Daily Example, said ",
            new Claimant { Name = "A resident", Type = SourceType.Person },
            Hop("A resident", SourceType.Person, Medium.Interview, Relation.PrimarySource),
            Hop("Daily Example", SourceType.Outlet, Medium.OtherOutletArticle, Relation.QuotedFrom)));
        var official = await client.RegisterClaimAsync(f.Article.Id, Claim(
            "the town fell at dawn", "An unnamed official said ",
            new Claimant { Name = null, Type = SourceType.Anonymous },
            Hop("an unnamed official", SourceType.Anonymous, Medium.Statement, Relation.PrimarySource)));
        var bare = await client.RegisterClaimAsync(f.Article.Id, Claim(
            "marauding militants were seen again", null,
            new Claimant { Type = SourceType.Unknown }));
        return (f, tweet, resident, official, bare);
    }

    [Fact]
    public async Task Each_chain_shape_gets_its_attribution_class()
    {
        var (_, tweet, resident, official, bare) = await RegisterExampleAsync(api.Annotator);

        tweet.AttributionClass.ShouldBe(AttributionClass.NamedPrimary);
        resident.AttributionClass.ShouldBe(AttributionClass.NamedSecondhand);
        official.AttributionClass.ShouldBe(AttributionClass.Anonymous);
        bare.AttributionClass.ShouldBe(AttributionClass.Unattributed);
        resident.Attribution.Select(h => h.Relation).ShouldBe([Relation.PrimarySource, Relation.QuotedFrom]);
    }

    [Fact]
    public async Task Claims_are_listed_across_articles_by_outlet_class_claimant_and_window()
    {
        var (f, tweet, _, official, _) = await RegisterExampleAsync(api.Annotator);

        var anonymous = await api.Researcher.ListClaimsAsync(outletId: f.Outlet.Id, attributionClass: AttributionClass.Anonymous);
        var bySpokesman = await api.Researcher.ListClaimsAsync(outletId: f.Outlet.Id, claimant: "SPOKESMAN");
        var inWindow = await api.Researcher.ListClaimsAsync(outletId: f.Outlet.Id, publishedFrom: f.Article.PublishedAt.AddDays(-1), publishedTo: f.Article.PublishedAt.AddDays(1));
        var outOfWindow = await api.Researcher.ListClaimsAsync(outletId: f.Outlet.Id, publishedFrom: f.Article.PublishedAt.AddDays(1));

        anonymous.Items.Select(c => c.Id).ShouldBe([official.Id]);
        bySpokesman.Items.Select(c => c.Id).ShouldBe([tweet.Id]);
        inWindow.Items.Count.ShouldBe(4);
        outOfWindow.Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_articles_claims_page_through_in_the_order_they_were_marked()
    {
        var (f, tweet, resident, official, bare) = await RegisterExampleAsync(api.Annotator);

        var first = await api.Researcher.ListArticleClaimsAsync(f.Article.Id, limit: 3);
        var second = await api.Researcher.ListArticleClaimsAsync(f.Article.Id, cursor: first.NextCursor, limit: 3);

        first.Items.Concat(second.Items).Select(c => c.Id).ShouldBe([tweet.Id, resident.Id, official.Id, bare.Id]);
        second.NextCursor.ShouldBeNull();
    }

    [Fact]
    public async Task Editing_a_claim_reanchors_it_and_rederives_its_class()
    {
        var (_, tweet, _, _, _) = await RegisterExampleAsync(api.Annotator);
        var edit = new UpdateClaimRequest
        {
            Selector = new TextSelector { Exact = "Forces advanced 40 km" },
            Claimant = new Claimant { Name = "Army spokesman", Type = SourceType.Government },
            Attribution =
            [
                Hop("Army spokesman", SourceType.Government, Medium.SocialPost, Relation.PrimarySource),
                Hop("Wire agency", SourceType.Outlet, Medium.WireReport, Relation.ParaphrasedFrom),
            ],
            Tags = ["wire-copy"],
        };

        var edited = await api.Annotator.UpdateClaimAsync(tweet.Id, tweet.Etag, edit);

        edited.Anchor.End.ShouldBe(21);
        edited.AttributionClass.ShouldBe(AttributionClass.NamedSecondhand);
        edited.Tags.ShouldBe(["wire-copy"]);
        edited.Etag.ShouldBe("\"2\"");
        (await api.Researcher.GetClaimAsync(tweet.Id)).AttributionClass.ShouldBe(AttributionClass.NamedSecondhand);
    }

    [Fact]
    public async Task Editing_a_claim_needs_a_current_etag_and_its_author()
    {
        var (_, tweet, _, _, _) = await RegisterExampleAsync(api.Annotator);
        var edit = new UpdateClaimRequest
        {
            Selector = new TextSelector { Exact = "Forces advanced" },
            Claimant = new Claimant { Type = SourceType.Unknown },
            Attribution = [],
            Tags = [],
        };

        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        (await http.PutAsJsonAsync($"/api/v1/claims/{tweet.Id}", edit)).StatusCode.ShouldBe(System.Net.HttpStatusCode.PreconditionRequired);
        await api.Annotator.UpdateClaimAsync(tweet.Id, "\"7\"", edit).ShouldFailWith(412);
        await api.OtherAnnotator.UpdateClaimAsync(tweet.Id, tweet.Etag, edit).ShouldFailWith(403);
        await api.Researcher.UpdateClaimAsync(tweet.Id, tweet.Etag, edit).ShouldFailWith(403);
        await api.Annotator.UpdateClaimAsync("clm_missing", tweet.Etag, edit).ShouldFailWith(404);
        (await api.Admin.UpdateClaimAsync(tweet.Id, tweet.Etag, edit)).AttributionClass.ShouldBe(AttributionClass.Unattributed);
    }

    [Fact]
    public async Task Getting_an_unknown_claim_is_404()
    {
        await api.Researcher.GetClaimAsync("clm_missing").ShouldFailWith(404);
    }
}

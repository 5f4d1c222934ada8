using System.Reflection;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Client;

/// <summary>Issue 18, point 3: an <c>await foreach</c> helper for every paged operation of the client.</summary>
[Collection(ApiCollection.Name)]
public sealed class PagingHelperTests(ApiFixture api)
{
    /// <summary>The helper's name for a paged operation: ListX -> ListAllX, ExportX -> ExportAllX, RankX -> RankAllX.</summary>
    private static string HelperName(string operation) =>
        System.Text.RegularExpressions.Regex.Replace(operation, "^(List|Export|Rank)", "$1All");

    [Fact]
    public void Every_paged_operation_of_the_client_has_a_helper_that_follows_its_cursor()
    {
        var paged = typeof(ICredibilityApiClient).GetMethods()
            .Where(m => m.GetParameters().Any(p => p.Name == "cursor"))
            .Select(m => m.Name)
            .Distinct()
            .ToList();
        paged.Count.ShouldBeGreaterThan(10);   // the scan found the paged operations

        var helpers = typeof(ICredibilityApiClient).Assembly.GetExportedTypes()
            .Where(t => t.IsAbstract && t.IsSealed)   // static classes
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)
                        && m.GetParameters().FirstOrDefault()?.ParameterType == typeof(ICredibilityApiClient))
            .Select(m => m.Name)
            .ToHashSet();

        paged.Where(p => !helpers.Contains(HelperName(p))).ShouldBeEmpty("each paged operation needs an IAsyncEnumerable helper named by HelperName");
    }

    private static async Task<List<T>> AllAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    [Fact]
    public async Task Revisions_article_claims_and_claim_reviews_come_whole_a_page_of_one_at_a_time()
    {
        var fixture = await ArticleFixture.CreateAsync(api.Annotator);
        var outlet = fixture.Outlet;
        for (var i = 0; i < 2; i++)
        {
            outlet = await api.Annotator.UpdateOutletAsync(outlet.Id, outlet.Etag, new UpdateOutletRequest
            {
                Name = outlet.Name + " " + i, PrimaryDomain = outlet.PrimaryDomain, Aliases = outlet.Aliases, Country = outlet.Country,
                Language = outlet.Language, Ownership = outlet.Ownership,
            });
        }

        var revisions = await AllAsync(api.Researcher.ListAllOutletRevisionsAsync(outlet.Id, pageSize: 1));
        revisions.Select(r => r.Revision).ShouldBe((await api.Researcher.ListOutletRevisionsAsync(outlet.Id, limit: 100)).Items.Select(r => r.Revision));
        revisions.Count.ShouldBe(3);

        var claims = new List<string>();
        foreach (var (exact, prefix) in new[] { ("Forces advanced 40 km overnight", (string?)null), ("the town fell at dawn", "quoted by the Daily Example, said "), ("the town fell at dawn", "An unnamed official said ") })
        {
            var claim = await api.Annotator.RegisterClaimAsync(fixture.Article.Id, new RegisterClaimRequest
            {
                Selector = new TextSelector { Exact = exact, Prefix = prefix },
                Claimant = new Claimant { Name = "Someone", Type = SourceType.Person },
                Attribution = [],
                Tags = [],
            });
            claims.Add(claim.Id);
            await api.Annotator.RecordProvenanceAsync(new RecordProvenanceRequest
            {
                Target = new AnnotationTarget { Type = TargetType.Claim, Id = claim.Id },
                Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Verdict, Verdict = Verdict.Mixed },
                Tags = [],
            });
        }

        (await AllAsync(api.Researcher.ListAllArticleClaimsAsync(fixture.Article.Id, pageSize: 1))).Select(c => c.Id).ShouldBe(claims, ignoreOrder: true);

        var reviews = await AllAsync(api.Researcher.ExportAllClaimReviewsAsync(outletId: fixture.Outlet.Id, pageSize: 1));
        reviews.Count.ShouldBe(3);
        reviews.Select(r => r.Url).Distinct().Count().ShouldBe(3);
        reviews.Select(r => r.Url).ShouldBe((await api.Researcher.ExportClaimReviewsAsync(outletId: fixture.Outlet.Id, limit: 100)).Select(r => r.Url));
    }

    [Fact]
    public async Task Campaigns_and_my_assignments_come_whole()
    {
        var articles = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            articles.Add((await ArticleFixture.CreateAsync(api.Admin)).Article.Id);
        }

        var campaign = await api.Admin.CreateCampaignAsync(new CreateCampaignRequest
        {
            Name = "Paging " + Unique.Label(),
            Tasks = new CampaignTasks { Dimensions = ["factual_accuracy"] },
            Overlap = 1,
            Pool = [api.AnnotatorAccount.Id],
            ArticleIds = articles,
        });
        await api.Admin.OpenCampaignAsync(campaign.Id);

        (await AllAsync(api.Admin.ListAllCampaignsAsync(pageSize: 1))).Select(c => c.Id).ShouldContain(campaign.Id);
        var mine = await AllAsync(api.Annotator.ListAllMyAssignmentsAsync(campaignId: campaign.Id, pageSize: 1));
        mine.Select(a => a.ArticleId).ShouldBe(articles, ignoreOrder: true);

        // Time on task: the listing above was the first fetch; rating one article submits it.
        await api.Annotator.RateArticleAsync(articles[0], new RateArticleRequest { Values = [new RatingValue { Dimension = "factual_accuracy", Value = 50 }], Tags = [] });
        var timings = await AllAsync(api.Researcher.ExportAllAssignmentsAsync(campaignId: campaign.Id, pageSize: 1));
        timings.Select(t => t.ArticleId).ShouldBe(articles, ignoreOrder: true);
        var done = timings.Single(t => t.ArticleId == articles[0]);
        done.State.ShouldBe(AssignmentState.Submitted);
        done.SecondsOnTask.ShouldNotBeNull();
        done.SecondsOnTask.Value.ShouldBeGreaterThanOrEqualTo(0);
        timings.Where(t => t.ArticleId != articles[0]).ShouldAllBe(t => t.SecondsOnTask == null);
    }

    [Fact]
    public async Task A_ranking_comes_whole_in_rank_order()
    {
        var fixture = await ArticleFixture.CreateAsync(api.Annotator);
        await api.Annotator.RateArticleAsync(fixture.Article.Id, new RateArticleRequest { Values = [new RatingValue { Dimension = "slant", Value = 10 }], Tags = [] });
        await api.Factory.ApplyPendingRollupsAsync();

        var ranked = await AllAsync(api.Researcher.RankAllOutletsAsync("slant", from: new DateOnly(2021, 3, 14), to: new DateOnly(2021, 3, 15), minArticles: 1, methodology: MethodologyVersion.V1, pageSize: 2));
        ranked.Select(r => r.OutletId).Distinct().Count().ShouldBe(ranked.Count);
        ranked.Select(r => r.Rank).ShouldBeInOrder();
        ranked.Select(r => r.OutletId).ShouldContain(fixture.Outlet.Id);
    }
}

using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using static CredibilityApi.Tests.Features.Campaigns.CampaignTestData;

namespace CredibilityApi.Tests.Features.Campaigns;

[Collection(ApiCollection.Name)]
public sealed class CampaignTests(ApiFixture api)
{
    private List<string> Pair => [api.AnnotatorAccount.Id, api.OtherAnnotatorAccount.Id];

    [Fact]
    public async Task Creating_a_campaign_stores_a_draft_with_location_and_etag_and_nothing_drawn()
    {
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 2);
        var request = Listed(Pair, 2, articles);

        var campaign = await api.Admin.CreateCampaignAsync(request);

        campaign.Id.ShouldStartWith("cmp_");
        campaign.State.ShouldBe(CampaignState.Draft);
        campaign.Items.ShouldBeEmpty();
        campaign.ArticleIds.ShouldBe(articles);
        campaign.Sampling.ShouldBeNull();
        campaign.Tasks.Dimensions.ShouldBe(Dimensions);
        campaign.Etag.ShouldBe("\"1\"");
        var http = api.Factory.CreateHttpClient(ApiFactory.AdminKey);
        var response = await http.GetAsync($"/api/v1/campaigns/{campaign.Id}");
        response.Headers.ETag!.Tag.ShouldBe("\"1\"");
        (await api.Researcher.GetCampaignAsync(campaign.Id)).Name.ShouldBe(request.Name);
    }

    [Fact]
    public async Task Creating_answers_201_with_a_location()
    {
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 1);
        var http = api.Factory.CreateHttpClient(ApiFactory.AdminKey);
        var response = await http.PostAsync("/api/v1/campaigns", new StringContent(
            $$"""{"name":"Raw","tasks":{"dimensions":["slant"]},"overlap":1,"pool":["{{api.AnnotatorAccount.Id}}"],"articleIds":["{{articles[0]}}"]}""",
            System.Text.Encoding.UTF8, "application/json"));

        ((int)response.StatusCode).ShouldBe(201);
        response.Headers.Location!.ToString().ShouldStartWith("/api/v1/campaigns/cmp_");
        response.Headers.ETag!.Tag.ShouldBe("\"1\"");
    }

    [Fact]
    public async Task Only_admins_create_open_and_close_campaigns()
    {
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 1);
        var campaign = await api.Admin.CreateCampaignAsync(Listed(Pair, 1, articles));

        foreach (var client in new[] { api.Annotator, api.Researcher })
        {
            await client.CreateCampaignAsync(Listed(Pair, 1, articles)).ShouldFailWith(403);
            await client.OpenCampaignAsync(campaign.Id).ShouldFailWith(403);
            await client.CloseCampaignAsync(campaign.Id).ShouldFailWith(403);
        }

        (await api.Admin.GetCampaignAsync(campaign.Id)).State.ShouldBe(CampaignState.Draft);
    }

    [Fact]
    public async Task An_overlap_larger_than_the_pool_is_422_saying_why()
    {
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 1);

        var e = await api.Admin.CreateCampaignAsync(Listed(Pair, 3, articles)).ShouldFailWith(422);

        e.Response!.ShouldContain("overlap");
        e.Response!.ShouldContain("needs at least 3 distinct annotators, and the pool has 2");
    }

    [Fact]
    public async Task A_pool_with_an_unknown_account_or_a_researcher_is_422_naming_them()
    {
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 1);
        var researcher = await api.Researcher.GetMeAsync();
        var before = (await api.Admin.ListCampaignsAsync(limit: 500)).Items.Count;

        var unknown = await api.Admin.CreateCampaignAsync(Listed([api.AnnotatorAccount.Id, "acc_nobody"], 1, articles)).ShouldFailWith(422);
        var reader = await api.Admin.CreateCampaignAsync(Listed([api.AnnotatorAccount.Id, researcher.AccountId], 1, articles)).ShouldFailWith(422);

        unknown.Response!.ShouldContain("pool");
        unknown.Response!.ShouldContain("'acc_nobody'");
        reader.Response!.ShouldContain($"'{researcher.AccountId}' are researchers");
        (await api.Admin.ListCampaignsAsync(limit: 500)).Items.Count.ShouldBe(before);
    }

    [Fact]
    public async Task Unknown_articles_dimensions_and_a_list_with_a_rule_are_refused_naming_the_field()
    {
        var (outlet, articles) = await OutletWithArticlesAsync(api.Admin, 1);

        var missing = await api.Admin.CreateCampaignAsync(Listed(Pair, 1, [articles[0], "art_nothere"])).ShouldFailWith(422);
        missing.Response!.ShouldContain("'art_nothere'");

        var dimension = Listed(Pair, 1, articles);
        dimension.Tasks.Dimensions = ["no_such_dimension"];
        (await api.Admin.CreateCampaignAsync(dimension).ShouldFailWith(422)).Response!.ShouldContain("no_such_dimension");

        var both = Sampled(Pair, 1, [outlet.Id], 1, 7);
        both.ArticleIds = [.. articles];
        (await api.Admin.CreateCampaignAsync(both).ShouldFailWith(400)).Response!.ShouldContain("either as a list (articleIds) or by a rule (sampling)");

        var none = Listed(Pair, 1, []);
        (await api.Admin.CreateCampaignAsync(none).ShouldFailWith(400)).Response!.ShouldContain("sampling");
    }

    [Fact]
    public async Task Opening_draws_the_listed_articles_in_order_and_opening_again_is_409()
    {
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 3);
        var draft = await api.Admin.CreateCampaignAsync(Listed(Pair, 1, articles));

        var opened = await api.Admin.OpenCampaignAsync(draft.Id);

        opened.State.ShouldBe(CampaignState.Open);
        opened.Items.ShouldBe(articles);
        opened.OpenedAt.ShouldNotBeNull();
        var e = await api.Admin.OpenCampaignAsync(draft.Id).ShouldFailWith(409);
        e.Response!.ShouldContain("Only a draft campaign can be opened");
        (await api.Admin.GetCampaignAsync(draft.Id)).Items.ShouldBe(articles);
    }

    [Fact]
    public async Task Closing_ends_a_campaign_and_closing_again_is_409()
    {
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 1);
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Listed(Pair, 1, articles))).Id);

        var closed = await api.Admin.CloseCampaignAsync(campaign.Id);

        closed.State.ShouldBe(CampaignState.Closed);
        closed.Items.ShouldBe(articles);
        await api.Admin.CloseCampaignAsync(campaign.Id).ShouldFailWith(409);
        await api.Admin.OpenCampaignAsync(campaign.Id).ShouldFailWith(409);
    }

    [Fact]
    public async Task A_rule_draws_n_per_outlet_per_week_and_the_same_seed_draws_the_same_list()
    {
        // Two outlets with 28 articles each, one a day over four ISO weeks of March 2026.
        var (first, firstArticles) = await OutletWithArticlesAsync(api.Admin, 28);
        var (second, secondArticles) = await OutletWithArticlesAsync(api.Admin, 28);
        var outlets = new[] { first.Id, second.Id };

        var a = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Sampled(Pair, 1, outlets, 2, 42))).Id);
        var b = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Sampled(Pair, 1, outlets, 2, 42))).Id);
        var c = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Sampled(Pair, 1, outlets, 2, 43))).Id);

        a.Items.Count.ShouldBe(2 * 2 * 4, "2 per outlet in each of the 4 weeks");
        a.Items.Distinct().Count().ShouldBe(a.Items.Count);
        foreach (var articles in new[] { firstArticles, secondArticles })
        {
            for (var week = 0; week < 4; week++)
            {
                a.Items.Count(articles.Skip(week * 7).Take(7).Contains).ShouldBe(2);
            }
        }

        b.Items.ShouldBe(a.Items, "same rule, same seed, same articles");
        c.Items.ShouldNotBe(a.Items, "another seed draws another list");
        a.Sampling!.Seed.ShouldBe(42);
    }

    [Fact]
    public async Task A_rule_that_selects_nothing_cannot_be_opened()
    {
        var (outlet, _) = await OutletWithArticlesAsync(api.Admin, 0);
        var campaign = await api.Admin.CreateCampaignAsync(Sampled(Pair, 1, [outlet.Id], 3, 1));

        var e = await api.Admin.OpenCampaignAsync(campaign.Id).ShouldFailWith(422);

        e.Response!.ShouldContain("selects no article");
        (await api.Admin.GetCampaignAsync(campaign.Id)).State.ShouldBe(CampaignState.Draft);
    }

    [Fact]
    public async Task Listing_pages_through_campaigns_in_creation_order_filtered_by_state()
    {
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 1);
        var made = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            made.Add((await api.Admin.CreateCampaignAsync(Listed(Pair, 1, articles))).Id);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await api.Researcher.ListCampaignsAsync(state: CampaignState.Draft, cursor: cursor, limit: 2);
            page.Items.Count.ShouldBeLessThanOrEqualTo(2);
            page.Items.ShouldAllBe(c => c.State == CampaignState.Draft);
            seen.AddRange(page.Items.Select(c => c.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        seen.Where(made.Contains).ShouldBe(made);
        seen.ShouldBe(seen.Order(StringComparer.Ordinal));
    }
}

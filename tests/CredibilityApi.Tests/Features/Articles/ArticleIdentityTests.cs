using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Articles;

/// <summary>One article is one article, whatever URL it was reached by (issue 10, item 2).</summary>
[Collection(ApiCollection.Name)]
public sealed class ArticleIdentityTests(ApiFixture api)
{
    private static RegisterOutletRequest Mirrors(string primary, params string[] aliases)
    {
        var request = Requests.Outlet(primary, aliases);
        request.MirrorDomains = true;
        return request;
    }

    [Fact]
    public async Task The_seed_case_three_urls_on_mirror_domains_give_one_article_and_two_aliases()
    {
        var label = Unique.Label();
        var (ir, uk) = ($"presstv{label}.ir", $"presstv{label}.co.uk");
        var outlet = await api.Annotator.RegisterOutletAsync(Mirrors(ir, uk, $"presstv{label}.com"));
        outlet.MirrorDomains.ShouldBeTrue();

        var first = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{uk}/Detail/2021/08/08/x"));
        var second = await api.OtherAnnotator.RegisterArticleAsync(Requests.Article($"https://www.{uk}/Detail/2021/08/08/x")).ShouldFailWith(409);
        var third = await api.OtherAnnotator.RegisterArticleAsync(Requests.Article($"https://www.{ir}/Detail/2021/08/08/x")).ShouldFailWith(409);

        foreach (var conflict in new[] { second, third })
        {
            conflict.Header("Location").ShouldBe($"/api/v1/articles/{first.Id}");
            conflict.Response!.ShouldContain("Article already registered");
            conflict.Response!.ShouldContain($"\"articleId\":\"{first.Id}\"");
        }

        var found = await api.Researcher.LookupArticleAsync($"https://www.{ir}/Detail/2021/08/08/x");
        found.Article.Id.ShouldBe(first.Id);
        found.Aliases.Select(a => a.Url).ShouldBe([$"https://www.{uk}/Detail/2021/08/08/x", $"https://www.{ir}/Detail/2021/08/08/x"]);
        found.Aliases.ShouldAllBe(a => a.CreatedBy == api.OtherAnnotatorAccount.Id);
        (await api.Researcher.ListArticlesAsync(outlet.Id)).Items.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Without_mirrors_www_and_no_www_on_one_domain_are_one_article_but_another_domain_is_another()
    {
        var (primary, alias) = (Unique.Domain("ir"), Unique.Domain("co.uk"));
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(primary, alias));

        var first = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{alias}/Detail/2021/08/08/x"));
        var e = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://www.{alias}/Detail/2021/08/08/x")).ShouldFailWith(409);
        e.Header("Location").ShouldBe($"/api/v1/articles/{first.Id}");

        var other = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://www.{primary}/Detail/2021/08/08/x"));
        other.Id.ShouldNotBe(first.Id);
    }

    [Theory]
    [InlineData("https://{0}/news/Story-1", "http://{0}/news/Story-1")]
    [InlineData("https://{0}/news/Story-2", "https://{0}/news/Story-2/")]
    [InlineData("https://{0}/news/Story-3", "https://m.{0}:443/news/Story-3#comments")]
    [InlineData("https://{0}/news/Story-4", "https://www-{1}.cdn.ampproject.org/c/s/www.{0}/news/Story-4")]
    [InlineData("https://{0}/news/Story-5", "https://{0}-x.cdn.ampproject.org/v/s/{0}/news/Story-5?amp_js_v=0.1")]
    [InlineData("https://{0}/news/Story-6", "https://www.google.com/amp/s/{0}/news/Story-6")]
    [InlineData("https://{0}/news/Story-7?id=3", "https://{0}/news/Story-7?utm_source=tw&ref=homepage&id=3&fbclid=abc&ref_src=twsrc&igshid=9&mc_cid=1&mc_eid=2&gclid=4")]
    public async Task A_second_url_of_the_same_story_is_409_and_an_alias(string firstUrl, string secondUrl)
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var first = await api.Annotator.RegisterArticleAsync(Requests.Article(string.Format(firstUrl, domain, domain.Replace('.', '-'))));
        var second = string.Format(secondUrl, domain, domain.Replace('.', '-'));

        var e = await api.Annotator.RegisterArticleAsync(Requests.Article(second)).ShouldFailWith(409);

        e.Header("Location").ShouldBe($"/api/v1/articles/{first.Id}");
        var found = await api.Researcher.LookupArticleAsync(second);
        found.Article.Id.ShouldBe(first.Id);
        found.Aliases.Select(a => a.Url).ShouldBe([second]);
    }

    [Fact]
    public async Task Credentials_in_a_url_are_never_stored_in_an_alias_or_shown_to_readers()
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var first = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/p/q"));

        await api.Annotator.RegisterArticleAsync(Requests.Article($"https://user:s3cret@{domain}/p/q/?utm_source=x")).ShouldFailWith(409);

        var found = await api.Researcher.LookupArticleAsync($"https://{domain}/p/q");
        found.Article.Id.ShouldBe(first.Id);
        found.Aliases.Select(a => a.Url).ShouldBe([$"https://{domain}/p/q/?utm_source=x"]);
        (await api.Factory.CreateHttpClient(api.ResearcherKey).GetStringAsync($"/api/v1/articles/lookup?url=https://{domain}/p/q")).ShouldNotContain("s3cret");

        // Looked up with credentials, it is found as without them.
        (await api.Researcher.LookupArticleAsync($"https://other:pw@{domain}/p/q/?utm_source=x")).Article.Id.ShouldBe(first.Id);
    }

    [Fact]
    public async Task Path_case_and_other_parameters_make_another_article()
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var first = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/Detail/x?id=1"));

        (await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/detail/x?id=1"))).Id.ShouldNotBe(first.Id);
        (await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/Detail/x?id=2"))).Id.ShouldNotBe(first.Id);
    }

    [Fact]
    public async Task Lookup_finds_the_article_by_its_own_url_in_any_form_and_404s_an_unknown_one()
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/a/Story"));

        var found = await api.Researcher.LookupArticleAsync($"http://www.{domain}/a/Story/?utm_medium=email");
        found.Article.Id.ShouldBe(article.Id);
        found.MatchedBy.ShouldBe("article");
        found.CanonicalUrl.ShouldBe($"http://www.{domain}/a/Story");
        found.Aliases.ShouldBeEmpty();

        var e = await api.Researcher.LookupArticleAsync($"https://{domain}/a/story").ShouldFailWith(404);
        e.Response!.ShouldContain("No article for this URL");
        await api.Researcher.LookupArticleAsync("not a url").ShouldFailWith(400);
    }

    [Fact]
    public async Task Lookup_by_an_alias_says_it_matched_an_alias()
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/short-link-target"));
        var request = Requests.Article($"https://{domain}/p/123");
        request.CanonicalUrl = $"https://{domain}/short-link-target";
        await api.Annotator.RegisterArticleAsync(request).ShouldFailWith(409);

        var found = await api.Researcher.LookupArticleAsync($"https://{domain}/p/123");
        found.Article.Id.ShouldBe(article.Id);
        found.MatchedBy.ShouldBe("alias");
    }

    [Fact]
    public async Task A_canonical_url_identifies_the_article_and_the_url_sent_becomes_an_alias()
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var request = Requests.Article($"https://m.{domain}/amp/story-99?utm_source=x");
        request.CanonicalUrl = $"https://www.{domain}/world/story-99";

        var article = await api.Annotator.RegisterArticleAsync(request);

        article.Url.ShouldBe($"https://www.{domain}/world/story-99");
        var found = await api.Researcher.LookupArticleAsync($"https://m.{domain}/amp/story-99?utm_source=x");
        found.Article.Id.ShouldBe(article.Id);
        found.Aliases.Select(a => a.Url).ShouldBe([$"https://m.{domain}/amp/story-99?utm_source=x"]);
        await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/world/story-99")).ShouldFailWith(409);
    }

    [Fact]
    public async Task A_canonical_url_on_another_outlet_is_422()
    {
        var (domain, other) = (Unique.Domain(), Unique.Domain());
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(other));
        var request = Requests.Article($"https://{domain}/a");
        request.CanonicalUrl = $"https://{other}/a";

        var e = await api.Annotator.RegisterArticleAsync(request).ShouldFailWith(422);
        e.Response!.ShouldContain("canonicalUrl");
    }

    [Fact]
    public async Task Declaring_mirrors_later_makes_lookups_cross_domains()
    {
        var (ir, uk) = (Unique.Domain("ir"), Unique.Domain("co.uk"));
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(ir, uk));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{uk}/Detail/1"));
        await api.Researcher.LookupArticleAsync($"https://{ir}/Detail/1").ShouldFailWith(404);

        await api.Annotator.UpdateOutletAsync(outlet.Id, outlet.Etag, new UpdateOutletRequest
        {
            Name = outlet.Name, PrimaryDomain = ir, Aliases = [uk], Ownership = Ownership.Private, MirrorDomains = true,
        });

        (await api.Researcher.LookupArticleAsync($"https://www.{ir}/Detail/1")).Article.Id.ShouldBe(article.Id);
        await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{ir}/Detail/1")).ShouldFailWith(409);
    }
}

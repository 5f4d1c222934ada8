using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Features.Outlets;

[Collection(ApiCollection.Name)]
public sealed class LookupOutletTests(ApiFixture api)
{
    [Theory]
    [InlineData("https://{0}/world/story")]
    [InlineData("https://www.{0}/world/story")]
    [InlineData("http://m.{0}/world/story?utm_source=x")]
    [InlineData("https://amp.{0}:8443/a")]
    [InlineData("deep.section.{0}")]
    [InlineData("WWW.{0}.")]
    public async Task Subdomains_and_urls_resolve_to_the_registered_domain(string pattern)
    {
        var domain = Unique.Domain("co.uk");
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain(), domain));

        var found = await api.Researcher.LookupOutletAsync(string.Format(pattern, domain.ToUpperInvariant()));

        found.Outlet.Id.ShouldBe(outlet.Id);
        found.MatchedDomain.ShouldBe(domain);
    }

    [Fact]
    public async Task The_longest_registered_suffix_wins()
    {
        var parent = Unique.Domain();
        var whole = await api.Annotator.RegisterOutletAsync(Requests.Outlet(parent));
        var section = await api.Annotator.RegisterOutletAsync(Requests.Outlet("news." + parent));

        (await api.Researcher.LookupOutletAsync($"https://m.news.{parent}/a")).Outlet.Id.ShouldBe(section.Id);
        (await api.Researcher.LookupOutletAsync($"https://sport.{parent}/a")).Outlet.Id.ShouldBe(whole.Id);
    }

    [Fact]
    public async Task A_host_no_outlet_has_is_404()
    {
        var e = await api.Researcher.LookupOutletAsync($"https://{Unique.Domain()}/x").ShouldFailWith(404);
        e.Response!.ShouldContain("No registered outlet domain");
    }

    [Fact]
    public async Task A_registered_domain_does_not_match_a_lookalike_host()
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        await api.Researcher.LookupOutletAsync($"https://evil{domain}/x").ShouldFailWith(404);
    }

    [Fact]
    public async Task Www_under_a_registrable_domain_below_a_public_suffix_resolves_to_it()
    {
        var domain = Unique.Domain("co.uk");
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));

        var found = await api.Researcher.LookupOutletAsync($"https://www.{domain}/story");

        found.Outlet.Id.ShouldBe(outlet.Id);
        found.MatchedDomain.ShouldBe(domain);
    }

    [Fact]
    public async Task A_lookup_never_climbs_to_an_outlet_an_older_database_holds_on_a_public_suffix()
    {
        var old = await InsertOutletAsOlderVersionsCouldAsync("co.uk");

        var e = await api.Researcher.LookupOutletAsync("https://unrelated-paper.co.uk/story").ShouldFailWith(404);
        e.Response!.ShouldContain("No registered outlet domain matches 'unrelated-paper.co.uk'");
        e.Response!.ShouldNotContain(old);
        var subdomain = await api.Researcher.LookupOutletAsync("https://www.news.unrelated-paper.co.uk/story").ShouldFailWith(404);
        subdomain.Response!.ShouldContain("up to 'unrelated-paper.co.uk' (lookups never climb above the registrable domain)");
        subdomain.Response!.ShouldNotContain(old);
    }

    [Fact]
    public async Task Looking_up_a_public_suffix_itself_finds_nothing_and_says_why()
    {
        await InsertOutletAsOlderVersionsCouldAsync("co.uk");

        var e = await api.Researcher.LookupOutletAsync("co.uk").ShouldFailWith(404);

        e.Response!.ShouldContain("'co.uk' is a public suffix");
    }

    [Fact]
    public async Task Article_registration_does_not_resolve_to_an_outlet_on_a_public_suffix()
    {
        var old = await InsertOutletAsOlderVersionsCouldAsync("co.uk");

        var e = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{Unique.Domain("co.uk")}/story")).ShouldFailWith(422);

        e.Response!.ShouldNotContain(old);
        e.Response!.ShouldContain("up to its registrable domain");
    }

    [Fact]
    public async Task A_blog_on_blogspot_does_not_fall_back_to_blogspot_com()
    {
        await InsertOutletAsOlderVersionsCouldAsync("blogspot.com");
        var someblog = Unique.Domain("blogspot.com");

        await api.Researcher.LookupOutletAsync($"https://{someblog}/2021/08/post.html").ShouldFailWith(404);

        var blog = await api.Annotator.RegisterOutletAsync(Requests.Outlet(someblog));
        (await api.Researcher.LookupOutletAsync($"https://m.{someblog}/2021/08/post.html")).Outlet.Id.ShouldBe(blog.Id);
    }

    [Fact]
    public async Task A_substack_newsletter_is_its_own_outlet_and_never_falls_back_to_substack_com()
    {
        // substack.com itself may be registered, as the outlet of the platform.
        var platform = await api.Annotator.RegisterOutletAsync(Requests.Outlet("substack.com"));
        var newsletter = Unique.Domain("substack.com");

        (await api.Researcher.LookupOutletAsync("https://substack.com/about")).Outlet.Id.ShouldBe(platform.Id);
        (await api.Researcher.LookupOutletAsync("https://www.substack.com/about")).Outlet.Id.ShouldBe(platform.Id);
        var e = await api.Researcher.LookupOutletAsync($"https://{newsletter}/p/a-post").ShouldFailWith(404);
        e.Response!.ShouldContain($"'{newsletter}'");

        var own = await api.Annotator.RegisterOutletAsync(Requests.Outlet(newsletter));
        var found = await api.Researcher.LookupOutletAsync($"https://www.{newsletter}/p/a-post");
        found.Outlet.Id.ShouldBe(own.Id);
        found.MatchedDomain.ShouldBe(newsletter);
        await api.Researcher.LookupOutletAsync($"https://{Unique.Domain("substack.com")}/p/a-post").ShouldFailWith(404);
    }

    /// <summary>
    /// Puts an outlet on a public suffix straight into the database, as versions that did not refuse one
    /// could have (the API refuses it now), and returns its id. Idempotent: tests share the database.
    /// </summary>
    private async Task<string> InsertOutletAsOlderVersionsCouldAsync(string publicSuffix)
    {
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var existing = await db.OutletDomains.Where(d => d.Host == publicSuffix).Select(d => d.OutletId).FirstOrDefaultAsync();
        if (existing is not null)
        {
            return existing;
        }

        var outlet = new Outlet(
            new OutletDetails($"Outlet on {publicSuffix}", null, publicSuffix, [], "GB", "en", Ownership.Unknown, "Registered before public suffixes were refused."),
            null,
            DateTime.UtcNow);
        db.Outlets.Add(outlet);
        await db.SaveChangesAsync();
        return outlet.Id;
    }

    [Theory]
    [InlineData("")]
    [InlineData("ftp://example.com/file")]
    [InlineData("http://")]
    public async Task Something_that_is_not_a_url_or_host_is_400(string url)
    {
        await api.Researcher.LookupOutletAsync(url).ShouldFailWith(400);
    }
}

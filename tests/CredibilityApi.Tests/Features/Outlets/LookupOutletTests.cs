using CredibilityApi.Tests.Infrastructure;

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

    [Theory]
    [InlineData("")]
    [InlineData("ftp://example.com/file")]
    [InlineData("http://")]
    public async Task Something_that_is_not_a_url_or_host_is_400(string url)
    {
        await api.Researcher.LookupOutletAsync(url).ShouldFailWith(400);
    }
}

using CredibilityApi.Domain;

namespace CredibilityApi.Tests.Domain;

public sealed class HostsTests
{
    [Theory]
    [InlineData("Example.COM", "example.com")]
    [InlineData("www.example.com", "example.com")]
    [InlineData("example.com.", "example.com")]
    [InlineData("m.example.co.uk", "m.example.co.uk")]
    [InlineData("пример.испытание", "xn--e1afmkfd.xn--80akhbyknj4f")]
    public void Hosts_are_normalised(string host, string expected) => Hosts.Normalize(host).ShouldBe(expected);

    [Theory]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("exa mple.com")]
    [InlineData("-bad-.example")]
    [InlineData("a..b")]
    [InlineData("javascript:alert(1)")]
    public void Invalid_hosts_are_refused(string host) => Hosts.Normalize(host).ShouldBeNull();

    [Fact]
    public void Suffixes_run_from_the_host_to_its_registrable_domain_and_no_further() =>
        Hosts.SuffixesLongestFirst("m.news.example.co.uk").ShouldBe(["m.news.example.co.uk", "news.example.co.uk", "example.co.uk"]);

    [Theory]
    [InlineData("co.uk")]
    [InlineData("blogspot.com")]
    [InlineData("foo.kawasaki.jp")]
    public void A_public_suffix_has_no_suffixes_an_outlet_could_hold(string host) =>
        Hosts.SuffixesLongestFirst(host).ShouldBeEmpty();

    [Fact]
    public void Suffixes_stop_at_a_platforms_subdomain() =>
        Hosts.SuffixesLongestFirst("m.x.substack.com").ShouldBe(["m.x.substack.com", "x.substack.com"]);

    [Theory]
    [InlineData("https://amp.example.com/a/b?c=d", "amp.example.com")]
    [InlineData("www.example.com", "example.com")]
    [InlineData("http://EXAMPLE.com:8080", "example.com")]
    public void The_host_is_read_from_a_url_or_a_bare_host(string input, string expected) =>
        Hosts.FromUrlOrHost(input).ShouldBe(expected);

    [Fact]
    public void There_are_249_assigned_country_codes()
    {
        Countries.Count.ShouldBe(249);
        Countries.IsValid("GB").ShouldBeTrue();
        Countries.IsValid("UK").ShouldBeFalse();
        Countries.IsValid("gb").ShouldBeFalse();
    }

    [Theory]
    [InlineData("en", true)]
    [InlineData("fa-IR", true)]
    [InlineData("zh-Hant-TW", true)]
    [InlineData("es-419", true)]
    [InlineData("english", false)]
    [InlineData("e", false)]
    [InlineData("en_GB", false)]
    public void Language_tags_are_checked_for_form(string tag, bool valid) => Languages.IsWellFormed(tag).ShouldBe(valid);
}

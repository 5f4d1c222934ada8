using CredibilityApi.Domain;

namespace CredibilityApi.Tests.Domain;

public sealed class ArticleUrlTests
{
    [Theory]
    [InlineData("https://Example.COM/Path/To?b=2&a=1#frag", "https://example.com/Path/To?a=1&b=2")]
    [InlineData("HTTP://example.com:80/", "http://example.com/")]
    [InlineData("https://example.com:443", "https://example.com/")]
    [InlineData("https://example.com:8443/x", "https://example.com:8443/x")]
    [InlineData("https://example.com/x?utm_source=a&utm_medium=b&UTM_campaign=c", "https://example.com/x")]
    [InlineData("https://example.com/x?fbclid=1&gclid=2&id=9&mc_eid=3", "https://example.com/x?id=9")]
    [InlineData("https://example.com/x?b=1&a=2&a=1", "https://example.com/x?a=1&a=2&b=1")]
    [InlineData("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe")]
    [InlineData("  https://example.com/trimmed  ", "https://example.com/trimmed")]
    public void Urls_are_canonicalised(string url, string expected) =>
        ArticleUrl.Normalize(url).ShouldBe(expected);

    [Theory]
    [InlineData("https://www.example.com/a?utm_source=x#top", "https://www.example.com/a")]
    [InlineData("https://www.example.com/a", "https://WWW.EXAMPLE.COM/a#other")]
    public void Urls_that_differ_only_in_noise_have_the_same_hash(string a, string b) =>
        ArticleUrl.Hash(ArticleUrl.Normalize(a)!).ShouldBe(ArticleUrl.Hash(ArticleUrl.Normalize(b)!));

    [Fact]
    public void Paths_keep_their_case_because_servers_may_distinguish_it() =>
        ArticleUrl.Normalize("https://example.com/A").ShouldNotBe(ArticleUrl.Normalize("https://example.com/a"));

    [Theory]
    [InlineData("")]
    [InlineData("example.com/a")]
    [InlineData("ftp://example.com/a")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("/relative/path")]
    public void Non_http_urls_are_refused(string url) =>
        ArticleUrl.Normalize(url).ShouldBeNull();
}

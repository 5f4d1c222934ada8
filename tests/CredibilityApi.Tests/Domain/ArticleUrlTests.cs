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
    [InlineData("https://user:pw@news.example/a", "https://news.example/a")]
    [InlineData("https://user@news.example:8443/a?b=c@d", "https://news.example:8443/a?b=c@d")]
    [InlineData("http://a:b@c@news.example", "http://a:b@c@news.example")]   // not a URL (Uri refuses it), so never registered
    [InlineData("https://news.example/path@at", "https://news.example/path@at")]
    [InlineData("https://news.example?q=x@y", "https://news.example?q=x@y")]
    [InlineData("not a url", "not a url")]
    [InlineData("https:\\\\user:pw@news.example/a", "https://news.example/a")]
    [InlineData("https://[2001:db8::1]/a@b", "https://[2001:db8::1]/a@b")]
    [InlineData("https://u:p@[2001:db8::1]:8443/a", "https://[2001:db8::1]:8443/a")]
    public void Only_the_user_info_is_taken_out_of_a_url_as_given(string given, string kept) =>
        ArticleUrl.WithoutUserInfo(given).ShouldBe(kept);

    [Theory]
    [InlineData("https://www.example.com/a?utm_source=x#top", "https://www.example.com/a")]
    [InlineData("https://www.example.com/a", "https://WWW.EXAMPLE.COM/a#other")]
    public void Urls_that_differ_only_in_noise_have_the_same_hash(string a, string b) =>
        ArticleUrl.Hash(ArticleUrl.Normalize(a)!).ShouldBe(ArticleUrl.Hash(ArticleUrl.Normalize(b)!));

    [Theory]
    [InlineData("https://example.com/a/", "https://example.com/a")]
    [InlineData("https://example.com/a//", "https://example.com/a")]
    [InlineData("https://example.com/", "https://example.com/")]
    [InlineData("https://example.com/x?ref=twitter&id=3&ref_src=twsrc", "https://example.com/x?id=3")]
    [InlineData("https://example.com/x?igshid=1&mc_cid=2&reference=kept", "https://example.com/x?reference=kept")]
    [InlineData("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a", "https://www.example.com/a")]
    [InlineData("https://www-example-com.cdn.ampproject.org/v/s/www.example.com/a?amp_js_v=0.1&id=2", "https://www.example.com/a?id=2")]
    [InlineData("https://example-com.cdn.ampproject.org/c/example.com/a", "http://example.com/a")]
    [InlineData("https://www.google.com/amp/s/example.com/a", "https://example.com/a")]
    [InlineData("https://www.google.co.uk/amp/s/example.com/Detail/X/", "https://example.com/Detail/X")]
    public void Trailing_slashes_tracking_parameters_and_amp_caches_are_removed(string url, string expected) =>
        ArticleUrl.Normalize(url).ShouldBe(expected);

    [Theory]
    [InlineData("https://www.google.com/search?q=amp")]
    [InlineData("https://cdn.ampproject.org/v0.js")]
    public void Urls_that_only_look_like_amp_caches_stay_as_they_are(string url) =>
        ArticleUrl.Normalize(url).ShouldBe(url);

    private static readonly OutletIdentity Mirrored = new("out_m", ["presstv.ir", "presstv.co.uk", "presstv.com"], MirrorDomains: true);
    private static readonly OutletIdentity Plain = new("out_p", ["presstv.ir", "presstv.co.uk"], MirrorDomains: false);

    private static string Key(string url, OutletIdentity? outlet) => ArticleUrl.IdentityKey(ArticleUrl.Normalize(url)!, outlet);

    [Theory]
    [InlineData("https://presstv.co.uk/Detail/2021/08/08/x", "http://www.presstv.co.uk/Detail/2021/08/08/x/")]
    [InlineData("https://presstv.co.uk/Detail/2021/08/08/x", "https://m.presstv.co.uk/Detail/2021/08/08/x?utm_source=a")]
    [InlineData("https://presstv.co.uk/Detail/2021/08/08/x", "https://amp.presstv.co.uk:443/Detail/2021/08/08/x#top")]
    [InlineData("https://news.presstv.co.uk/a", "https://www.news.presstv.co.uk/a")]
    public void Scheme_and_rendering_subdomains_do_not_change_the_identity(string a, string b)
    {
        Key(a, Plain).ShouldBe(Key(b, Plain));
        Key(a, null).ShouldBe(Key(b, null));
    }

    [Fact]
    public void Mirror_domains_share_an_identity_only_when_the_outlet_declares_them()
    {
        Key("https://www.presstv.ir/Detail/2021/08/08/x", Mirrored).ShouldBe(Key("https://presstv.co.uk/Detail/2021/08/08/x", Mirrored));
        Key("https://www.presstv.ir/Detail/2021/08/08/x", Plain).ShouldNotBe(Key("https://presstv.co.uk/Detail/2021/08/08/x", Plain));
    }

    [Theory]
    [InlineData("https://presstv.co.uk/Detail/x", "https://presstv.co.uk/detail/x")]
    [InlineData("https://presstv.co.uk/a", "https://presstv.co.uk:8080/a")]
    [InlineData("https://presstv.co.uk/a?id=1", "https://presstv.co.uk/a?id=2")]
    [InlineData("https://news.presstv.co.uk/a", "https://presstv.co.uk/a")]
    public void Path_case_ports_other_parameters_and_real_subdomains_still_tell_articles_apart(string a, string b) =>
        Key(a, Mirrored).ShouldNotBe(Key(b, Mirrored));

    [Fact]
    public void Rendering_labels_are_kept_when_they_are_the_registered_domain_itself() =>
        Key("https://m.example.co.uk/a", new OutletIdentity("out_x", ["m.example.co.uk"], false)).ShouldBe("m.example.co.uk/a");

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

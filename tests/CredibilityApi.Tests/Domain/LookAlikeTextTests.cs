using CredibilityApi.Domain;
using CredibilityApi.Domain.Unicode;

namespace CredibilityApi.Tests.Domain;

/// <summary>UTS #39 skeletons and mixed-script labels, on the embedded Unicode 14.0 data.</summary>
public sealed class LookAlikeTextTests
{
    [Fact]
    public void The_embedded_confusables_are_whole() => Confusables.Count.ShouldBe(6311);

    [Theory]
    [InlineData("prеsstv.ir", "presstv.ir")]   // Cyrillic е
    [InlineData("раураl.com", "paypal.com")]   // Cyrillic р, а, у
    [InlineData("paypa1.com", "paypal.com")]   // digit one
    [InlineData("rnodern.example", "modern.example")]
    [InlineData("café", "café")]               // precomposed and decomposed é
    public void Look_alikes_share_a_skeleton(string a, string b)
    {
        Confusables.Skeleton(a).ShouldBe(Confusables.Skeleton(b));
        Confusables.SkeletonKey(a).ShouldBe(Confusables.SkeletonKey(b));
    }

    [Theory]
    [InlineData("presstv.ir", "presstv.com")]
    [InlineData("bbc.co.uk", "bbc.com")]
    [InlineData("news.example", "nevvs-example")]
    public void Different_domains_keep_different_skeletons(string a, string b) =>
        Confusables.Skeleton(a).ShouldNotBe(Confusables.Skeleton(b));

    [Theory]
    [InlineData("prеsstv", true)]        // Latin with a Cyrillic е
    [InlineData("bbcперсидский", true)]
    [InlineData("пример", false)]        // all Cyrillic
    [InlineData("presstv", false)]
    [InlineData("news-24", false)]       // digits and hyphen are Common
    [InlineData("日本語ドメイン", false)]  // Han with Katakana: Japanese
    [InlineData("ひらがな漢字", false)]     // Hiragana with Han
    [InlineData("한국어漢字", false)]       // Hangul with Han: Korean
    [InlineData("한국어ドメイン", true)]    // Hangul with Katakana
    [InlineData("ελληνικά", false)]
    [InlineData("αlpha", true)]          // Greek alpha with Latin
    public void Mixed_script_labels_are_found(string label, bool mixed) => Scripts.IsMixed(label).ShouldBe(mixed);

    [Fact]
    public void A_host_in_Punycode_is_read_in_Unicode_for_the_script_test()
    {
        var host = Hosts.Normalize("prеsstv.ir")!;
        host.ShouldStartWith("xn--");
        Hosts.ToUnicode(host).ShouldBe("prеsstv.ir");
        Hosts.MixedScriptLabels(host).ShouldBe(["prеsstv"]);
        Hosts.MixedScriptLabels(Hosts.Normalize("пример.example")!).ShouldBeEmpty();
    }

    [Fact]
    public void Outlet_names_are_compared_without_case_spacing_or_confusable_letters()
    {
        Outlet.NameKeyOf("Press TV").ShouldBe(Outlet.NameKeyOf("  press   tv "));
        Outlet.NameKeyOf("Press TV").ShouldBe(Outlet.NameKeyOf("Prеss TV"));
        Outlet.NameKeyOf("Press TV").ShouldNotBe(Outlet.NameKeyOf("Press TV News"));
    }
}

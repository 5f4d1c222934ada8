using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CredibilityApi.Domain;
using CredibilityApi.Domain.PublicSuffix;

namespace CredibilityApi.Tests.Domain.PublicSuffix;

public sealed partial class PublicSuffixListTests
{
    private const int CaseCount = 78;

    /// <summary>Every <c>checkPublicSuffix('host', 'registrable');</c> line of the list's own tests/test_psl.txt.</summary>
    public static TheoryData<string?, string?> ListTestCases()
    {
        var data = new TheoryData<string?, string?>();
        foreach (var (host, expected) in ReadCases())
        {
            data.Add(host, expected);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ListTestCases))]
    public void Each_of_the_lists_own_test_cases_passes(string? host, string? expected)
    {
        var registrable = PublicSuffixList.Default.Match(host)?.RegistrableDomain;

        // The list's tests answer in the form they ask: a Unicode host gives a Unicode registrable domain.
        if (registrable is not null && !Ascii.IsValid(host!))
        {
            registrable = new IdnMapping().GetUnicode(registrable);
        }

        registrable.ShouldBe(expected);
    }

    [Fact]
    public void Every_line_of_the_lists_test_file_is_a_case() => ReadCases().Count.ShouldBe(CaseCount);

    [Fact]
    public void The_embedded_list_holds_both_sections()
    {
        PublicSuffixList.Default.RuleCount.ShouldBeGreaterThan(9000);
        Rule("co.uk").ShouldBe(new PublicSuffixRule("co.uk", PublicSuffixSection.Icann));
        Rule("blogspot.com").ShouldBe(new PublicSuffixRule("blogspot.com", PublicSuffixSection.Private));
        Rule("github.io").ShouldBe(new PublicSuffixRule("github.io", PublicSuffixSection.Private));
    }

    [Fact]
    public void A_wildcard_covers_one_label_and_an_exception_undoes_it()
    {
        Rule("anything.kawasaki.jp").ShouldBe(new PublicSuffixRule("*.kawasaki.jp", PublicSuffixSection.Icann));
        var city = PublicSuffixList.Default.Match("www.city.kawasaki.jp")!;
        city.RegistrableDomain.ShouldBe("city.kawasaki.jp");
        city.Rule.Text.ShouldBe("!city.kawasaki.jp");
    }

    [Fact]
    public void Unicode_rules_match_punycode_hosts_and_the_rule_is_named_as_the_list_writes_it()
    {
        var match = PublicSuffixList.Default.Match("XN--55QX5D.cn")!;
        match.IsPublicSuffix.ShouldBeTrue();
        match.PublicSuffix.ShouldBe("xn--55qx5d.cn");
        match.Rule.Text.ShouldBe("公司.cn");
    }

    [Fact]
    public void An_unlisted_top_level_domain_is_a_public_suffix_by_the_default_rule()
    {
        var match = PublicSuffixList.Default.Match("news.example.example")!;
        match.RegistrableDomain.ShouldBe("example.example");
        match.Rule.Section.ShouldBe(PublicSuffixSection.Default);
    }

    [Fact]
    public void No_platform_is_a_public_suffix_each_is_a_registrable_domain()
    {
        foreach (var platform in Platforms.Domains)
        {
            PublicSuffixList.Default.Match(platform)!.RegistrableDomain.ShouldBe(platform, $"{platform} is now covered by the Public Suffix List: remove it from Platforms.cs.");
        }
    }

    [Theory]
    [InlineData("m.news.example.co.uk", "example.co.uk")]
    [InlineData("example.co.uk", "example.co.uk")]
    [InlineData("someblog.blogspot.com", "someblog.blogspot.com")]
    [InlineData("m.someblog.blogspot.com", "someblog.blogspot.com")]
    [InlineData("x.substack.com", "x.substack.com")]
    [InlineData("m.x.substack.com", "x.substack.com")]
    [InlineData("substack.com", "substack.com")]
    [InlineData("co.uk", null)]
    [InlineData("blogspot.com", null)]
    public void An_outlet_root_is_the_registrable_domain_or_a_platforms_subdomain(string host, string? root) =>
        Hosts.OutletRoot(host).ShouldBe(root);

    private static PublicSuffixRule Rule(string host) => PublicSuffixList.Default.Match(host)!.Rule;

    private static List<(string? Host, string? Expected)> ReadCases()
    {
        using var stream = typeof(PublicSuffixListTests).Assembly.GetManifestResourceStream("CredibilityApi.Tests.test_psl.txt")!;
        using var reader = new StreamReader(stream);
        var cases = new List<(string?, string?)>();
        while (reader.ReadLine() is { } line)
        {
            if (CaseLine().Match(line) is { Success: true } m)
            {
                cases.Add((Argument(m.Groups["host"].Value), Argument(m.Groups["expected"].Value)));
            }
        }

        return cases;
    }

    private static string? Argument(string literal) => literal == "null" ? null : literal.Trim('\'');

    // Commented-out lines ("//checkPublicSuffix(...)") do not match: the list keeps them out too.
    [GeneratedRegex(@"^checkPublicSuffix\((?<host>null|'[^']*'), (?<expected>null|'[^']*')\);\s*$")]
    private static partial Regex CaseLine();
}

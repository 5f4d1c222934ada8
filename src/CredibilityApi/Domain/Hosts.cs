using System.Globalization;
using System.Text.RegularExpressions;
using CredibilityApi.Domain.PublicSuffix;

namespace CredibilityApi.Domain;

/// <summary>Host names as outlets register them and as URLs are matched against them.</summary>
public static partial class Hosts
{
    private static readonly IdnMapping Idn = new();

    /// <summary>
    /// Normalises a host to lower-case ASCII (IDNA), without a trailing dot or a leading <c>www.</c>.
    /// Returns null when the text is not a valid host name.
    /// </summary>
    public static string? Normalize(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }

        var h = host.Trim().TrimEnd('.');
        try
        {
            h = Idn.GetAscii(h).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (h.StartsWith("www.", StringComparison.Ordinal))
        {
            h = h[4..];
        }

        return h.Length <= Limits.HostLength && HostPattern().IsMatch(h) ? h : null;
    }

    /// <summary>The host as people read it: Punycode labels (<c>xn--...</c>) in Unicode; the host itself when it is not valid IDNA.</summary>
    public static string ToUnicode(string normalizedHost)
    {
        try
        {
            return Idn.GetUnicode(normalizedHost);
        }
        catch (ArgumentException)
        {
            return normalizedHost;
        }
    }

    /// <summary>The labels of a host that mix scripts (Latin with Cyrillic, say), as people read them; UTS #39 section 5.1.</summary>
    public static IReadOnlyList<string> MixedScriptLabels(string normalizedHost) =>
        [.. ToUnicode(normalizedHost).Split('.').Where(Unicode.Scripts.IsMixed)];

    /// <summary>
    /// The host and each of its parent domains, longest first, down to its <see cref="OutletRoot"/>:
    /// <c>m.news.example.co.uk</c> gives <c>m.news.example.co.uk</c>, <c>news.example.co.uk</c>,
    /// <c>example.co.uk</c>, and never <c>co.uk</c>. A registered domain matches any of its subdomains,
    /// and the longest registered suffix wins. Empty when the host is itself a public suffix.
    /// </summary>
    public static IReadOnlyList<string> SuffixesLongestFirst(string normalizedHost)
    {
        var root = OutletRoot(normalizedHost);
        var result = new List<string>();
        if (root is null)
        {
            return result;
        }

        var h = normalizedHost;
        result.Add(h);
        while (h.Length > root.Length)
        {
            h = h[(h.IndexOf('.') + 1)..];
            result.Add(h);
        }

        return result;
    }

    /// <summary>
    /// The shortest domain an outlet of this host can be registered on: its registrable domain under the
    /// Public Suffix List (eTLD+1, <c>example.co.uk</c> for <c>m.example.co.uk</c>), or, below a
    /// <see cref="Platforms">publishing platform</see>, the platform's subdomain (<c>x.substack.com</c>
    /// for <c>m.x.substack.com</c>). Null when the host is itself a public suffix (<c>co.uk</c>).
    /// </summary>
    public static string? OutletRoot(string normalizedHost)
    {
        var root = PublicSuffixList.Default.Match(normalizedHost)?.RegistrableDomain;
        if (root is null || !Platforms.Domains.Contains(root) || normalizedHost.Length == root.Length)
        {
            return root;
        }

        var below = normalizedHost[..^(root.Length + 1)];
        return below[(below.LastIndexOf('.') + 1)..] + "." + root;
    }

    /// <summary>The public-suffix rule that makes the host a public suffix, or null when it is not one.</summary>
    public static PublicSuffixRule? PublicSuffixRuleOf(string normalizedHost) =>
        PublicSuffixList.Default.Match(normalizedHost) is { IsPublicSuffix: true } match ? match.Rule : null;

    /// <summary>Reads the host out of a URL or a bare host name.</summary>
    public static string? FromUrlOrHost(string? urlOrHost)
    {
        if (string.IsNullOrWhiteSpace(urlOrHost))
        {
            return null;
        }

        var text = urlOrHost.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? Normalize(uri.IdnHost)
            : null;
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$")]
    private static partial Regex HostPattern();
}

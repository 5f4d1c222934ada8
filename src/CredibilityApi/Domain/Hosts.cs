using System.Globalization;
using System.Text.RegularExpressions;

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

    /// <summary>
    /// The host and each of its parent domains, longest first: <c>m.news.example.co.uk</c> gives
    /// <c>m.news.example.co.uk</c>, <c>news.example.co.uk</c>, <c>example.co.uk</c>, <c>co.uk</c>.
    /// A registered domain matches any of its subdomains, and the longest registered suffix wins.
    /// </summary>
    public static IReadOnlyList<string> SuffixesLongestFirst(string normalizedHost)
    {
        var result = new List<string>();
        var h = normalizedHost;
        while (true)
        {
            result.Add(h);
            var dot = h.IndexOf('.');
            if (dot < 0 || h.IndexOf('.', dot + 1) < 0)
            {
                // Stop before a bare top-level domain: nobody registers "uk".
                break;
            }

            h = h[(dot + 1)..];
        }

        return result;
    }

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

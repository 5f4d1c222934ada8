using System.Security.Cryptography;
using System.Text;

namespace CredibilityApi.Domain;

/// <summary>
/// Canonical article URLs: lower-case scheme and host, no default port, no fragment, no tracking
/// parameters, remaining query parameters in a stable (ordinal) order. Two URLs that differ only in
/// these ways name the same article.
/// </summary>
public static class ArticleUrl
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "ref_src", "ref_url", "cmpid", "ito",
    };

    public static bool IsTrackingParameter(string name) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || TrackingParameters.Contains(name);

    /// <summary>Returns the canonical form of <paramref name="url"/>, or null when it is not an absolute http(s) URL.</summary>
    public static string? Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) ||
            !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ||
            uri.Scheme is not ("http" or "https") ||
            string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        var host = uri.IdnHost.ToLowerInvariant().TrimEnd('.');
        var builder = new StringBuilder();
        builder.Append(uri.Scheme).Append("://").Append(host);
        if (!uri.IsDefaultPort)
        {
            builder.Append(':').Append(uri.Port);
        }

        builder.Append(string.IsNullOrEmpty(uri.AbsolutePath) ? "/" : uri.AbsolutePath);

        var query = uri.Query.TrimStart('?');
        if (query.Length > 0)
        {
            var kept = query
                .Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair =>
                {
                    var eq = pair.IndexOf('=');
                    var name = eq < 0 ? pair : pair[..eq];
                    return (Name: Uri.UnescapeDataString(name.Replace('+', ' ')), Pair: pair);
                })
                .Where(p => !IsTrackingParameter(p.Name))
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .ThenBy(p => p.Pair, StringComparer.Ordinal)
                .Select(p => p.Pair)
                .ToList();
            if (kept.Count > 0)
            {
                builder.Append('?').AppendJoin('&', kept);
            }
        }

        return builder.ToString();
    }

    /// <summary>SHA-256 of the canonical URL: the unique key, since long URLs exceed index key sizes.</summary>
    public static string Hash(string normalizedUrl) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedUrl)));
}

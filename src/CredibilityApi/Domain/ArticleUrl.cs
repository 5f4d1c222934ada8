using System.Security.Cryptography;
using System.Text;

namespace CredibilityApi.Domain;

/// <summary>
/// Canonical article URLs and the identity of the article behind them. <see cref="Normalize"/> gives the
/// canonical URL that is stored and shown: AMP-cache wrappers removed, lower-case host, no default port,
/// no fragment, no trailing slash, no tracking parameters, remaining query parameters in a stable (ordinal)
/// order, the path's case kept. <see cref="IdentityKey"/> then drops what still differs between two URLs of
/// one story: the scheme, <c>www.</c>/<c>m.</c>/<c>amp.</c> below the outlet's domain, and, for an outlet
/// whose domains mirror one another, which of its domains it was.
/// </summary>
public static class ArticleUrl
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "igsh",
        "mc_cid", "mc_eid", "_ga", "_gl", "ref", "ref_src", "ref_url", "cmpid", "ito",
        "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id",

        // Added by AMP viewers (Google's AMP cache and search results), never by the publisher.
        "amp_js_v", "amp_gsa", "usqp",
    };

    /// <summary>Subdomain labels that name another rendering of the same site, not another site.</summary>
    private static readonly string[] RenderingLabels = ["www", "m", "amp"];

    public static bool IsTrackingParameter(string name) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || TrackingParameters.Contains(name);

    /// <summary>Returns the canonical form of <paramref name="url"/>, or null when it is not an absolute http(s) URL.</summary>
    /// <summary>
    /// The URL as given without its user info (<c>user:password@</c> before the host), for the aliases, which keep a URL
    /// as it was sent: credentials in a link are never stored, shown to readers or exported. Anything else is kept.
    /// </summary>
    public static string WithoutUserInfo(string url)
    {
        // As Uri reads it (the parser Normalize uses): it also takes "https:\\user:pw@host/a" and other spellings.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo))
        {
            return url;
        }

        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start >= 0)
        {
            // The common spelling: cut "user:pw@" out of the text as given, keeping the rest exactly.
            start += 3;
            var end = url.IndexOfAny(['/', '\\', '?', '#'], start);
            var authority = end < 0 ? url[start..] : url[start..end];
            var at = authority.LastIndexOf('@');
            var cut = at < 0 ? url : url[..start] + url[(start + at + 1)..];
            if (Uri.TryCreate(cut, UriKind.Absolute, out var clean) && string.IsNullOrEmpty(clean.UserInfo))
            {
                return cut;
            }
        }

        // Any other spelling: the URL as Uri reads it, without its user info.
        return uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);
    }

    public static string? Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) ||
            !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ||
            uri.Scheme is not ("http" or "https") ||
            string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        if (UnwrapAmpCache(uri) is { } inner)
        {
            uri = inner;
        }

        var host = uri.IdnHost.ToLowerInvariant().TrimEnd('.');
        var builder = new StringBuilder();
        builder.Append(uri.Scheme).Append("://").Append(host);
        if (!uri.IsDefaultPort)
        {
            builder.Append(':').Append(uri.Port);
        }

        var path = string.IsNullOrEmpty(uri.AbsolutePath) ? "/" : uri.AbsolutePath;
        if (path.Length > 1)
        {
            // "/a/" and "/a" are one page on every news site we have seen; the root stays "/".
            path = path.TrimEnd('/');
            path = path.Length == 0 ? "/" : path;
        }

        builder.Append(path);

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

    /// <summary>
    /// The publisher's URL inside an AMP-cache URL, or null when <paramref name="uri"/> is not one:
    /// <c>https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a</c> (also <c>/v/</c> and <c>/i/</c>
    /// for viewer and image paths) and <c>https://www.google.com/amp/s/example.com/a</c>. The <c>s/</c>
    /// segment means the publisher's URL is https.
    /// </summary>
    public static Uri? UnwrapAmpCache(Uri uri)
    {
        var host = uri.IdnHost.ToLowerInvariant();
        var path = uri.AbsolutePath;
        string rest;
        if (host.EndsWith(".cdn.ampproject.org", StringComparison.Ordinal) &&
            (path.StartsWith("/c/", StringComparison.Ordinal) || path.StartsWith("/v/", StringComparison.Ordinal) || path.StartsWith("/i/", StringComparison.Ordinal)))
        {
            rest = path[3..];
        }
        else if (IsGoogleHost(host) && path.StartsWith("/amp/", StringComparison.Ordinal))
        {
            rest = path[5..];
        }
        else
        {
            return null;
        }

        var scheme = "http";
        if (rest.StartsWith("s/", StringComparison.Ordinal))
        {
            scheme = "https";
            rest = rest[2..];
        }

        return rest.Length > 0 && Uri.TryCreate($"{scheme}://{rest}{uri.Query}", UriKind.Absolute, out var inner) && !string.IsNullOrEmpty(inner.Host)
            ? inner
            : null;
    }

    private static bool IsGoogleHost(string host)
    {
        var h = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        return h.StartsWith("google.", StringComparison.Ordinal) && h.Length > "google.".Length;
    }

    /// <summary>
    /// The text that identifies the article behind a canonical URL: host and path without the scheme.
    /// Below a domain of <paramref name="outlet"/>, leading <c>www.</c>, <c>m.</c> and <c>amp.</c> labels are
    /// dropped, and when the outlet's domains mirror one another the domain itself is replaced by the outlet,
    /// so the same path on any of them gives the same key. A host under none of the outlet's domains (or
    /// without an outlet) only loses leading <c>www.</c>/<c>m.</c>/<c>amp.</c> labels above its registrable domain.
    /// </summary>
    public static string IdentityKey(string canonicalUrl, OutletIdentity? outlet)
    {
        var uri = new Uri(canonicalUrl, UriKind.Absolute);
        var host = uri.IdnHost.ToLowerInvariant().TrimEnd('.');
        var domain = outlet?.Domains
            .Where(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal))
            .OrderByDescending(d => d.Length)
            .FirstOrDefault();

        string hostKey;
        if (domain is not null)
        {
            var below = StripRenderingLabels(host.Length == domain.Length ? "" : host[..^(domain.Length + 1)]);
            var site = outlet!.MirrorDomains ? "@" + outlet.OutletId : domain;
            hostKey = below.Length == 0 ? site : below + "." + site;
        }
        else
        {
            var root = Hosts.OutletRoot(host) ?? host;
            var below = StripRenderingLabels(host.Length <= root.Length ? "" : host[..^(root.Length + 1)]);
            hostKey = below.Length == 0 ? root : below + "." + root;
        }

        var port = uri.IsDefaultPort ? "" : ":" + uri.Port;
        return hostKey + port + uri.PathAndQuery;
    }

    /// <summary>SHA-256 of <see cref="IdentityKey"/>: what articles and their aliases are matched on.</summary>
    public static string IdentityHash(string canonicalUrl, OutletIdentity? outlet) => Hash(IdentityKey(canonicalUrl, outlet));

    private static string StripRenderingLabels(string below)
    {
        var labels = below.Length == 0 ? [] : below.Split('.');
        var skip = 0;
        while (skip < labels.Length && RenderingLabels.Contains(labels[skip], StringComparer.Ordinal))
        {
            skip++;
        }

        return string.Join('.', labels.Skip(skip));
    }

    /// <summary>SHA-256 (lower-case hex) of a URL or key: the indexed form, since long URLs exceed index key sizes.</summary>
    public static string Hash(string normalizedUrl) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedUrl)));
}

/// <summary>What an article's identity depends on from its outlet: its domains and whether they mirror one another.</summary>
public sealed record OutletIdentity(string OutletId, IReadOnlyCollection<string> Domains, bool MirrorDomains);

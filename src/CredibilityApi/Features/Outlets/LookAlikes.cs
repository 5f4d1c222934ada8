using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Outlets;

/// <summary>
/// Refuses an outlet that looks like one already registered, unless the request says it is a different outlet
/// (<c>allowSimilar: true</c>): a domain with the same UTS #39 confusable skeleton as a registered domain
/// (<c>prеsstv.ir</c> with a Cyrillic е beside <c>presstv.ir</c>), or a name that reads the same as a registered
/// outlet's (<c>Press TV</c>, <c>press tv</c>). Either is a 409 naming the outlet it resembles.
/// </summary>
internal static class LookAlikes
{
    public const string DomainCode = "look-alike-domain";
    public const string NameCode = "duplicate-name";

    public static async Task<bool> RejectAsync(HttpContext context, CredibilityDbContext db, OutletDetails details, Outlet? current, CancellationToken ct)
    {
        // Only what the request adds: an outlet's own domains and unchanged name never conflict with themselves.
        var added = details.Aliases.Prepend(details.PrimaryDomain)
            .Where(h => current is null || current.Domains.All(d => d.Host != h))
            .ToList();
        var byKey = added.GroupBy(OutletDomain.SkeletonKeyOf).ToDictionary(g => g.Key, g => g.First());
        var keys = byKey.Keys.ToList();
        var exceptId = current?.Id;

        if (keys.Count > 0)
        {
            var similar = await db.OutletDomains.AsNoTracking()
                .Where(d => keys.Contains(d.SkeletonKey) && d.OutletId != exceptId)
                .Join(db.Outlets, d => d.OutletId, o => o.Id, (d, o) => new { d.Host, d.SkeletonKey, d.OutletId, o.Name })
                .OrderBy(d => d.Host)
                .FirstOrDefaultAsync(ct);
            if (similar is not null)
            {
                var requested = byKey[similar.SkeletonKey];
                await WriteAsync(context, "Look-alike domain",
                    $"'{Shown(requested)}' looks like '{Shown(similar.Host)}', a domain of outlet {similar.OutletId} ('{similar.Name}'): " +
                    "their characters are confusable (Unicode TR39 skeletons match). If that is the outlet you mean, annotate it instead. " +
                    "If this is a different outlet, send the request again with \"allowSimilar\": true.",
                    DomainCode, similar.OutletId, similar.Name,
                    new Dictionary<string, object?> { ["domain"] = requested, ["similarTo"] = similar.Host });
                return true;
            }
        }

        var nameKey = Outlet.NameKeyOf(details.Name);
        if (current is not null && current.NameKey == nameKey)
        {
            return false;
        }

        var sameName = await db.Outlets.AsNoTracking()
            .Where(o => o.NameKey == nameKey && o.Id != exceptId)
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.Name })
            .FirstOrDefaultAsync(ct);
        if (sameName is not null)
        {
            var reads = string.Equals(details.Name, sameName.Name, StringComparison.Ordinal)
                ? $"'{details.Name}' is already the name of outlet {sameName.Id}."
                : $"'{details.Name}' reads the same as '{sameName.Name}', the name of outlet {sameName.Id}.";
            await WriteAsync(context, "Outlet name already registered",
                reads + " If that is the outlet you mean, " +
                "annotate it instead (or add this domain to it). If this is a different outlet with a similar name, send the request again " +
                "with \"allowSimilar\": true.",
                NameCode, sameName.Id, sameName.Name,
                new Dictionary<string, object?> { ["name"] = details.Name });
            return true;
        }

        return false;
    }

    /// <summary>A host as people read it, with its Punycode form when they differ: <c>prеsstv.ir (xn--prsstv-...)</c>.</summary>
    private static string Shown(string host) => Hosts.ToUnicode(host) is var unicode && unicode != host ? $"{unicode} ({host})" : host;

    private static Task WriteAsync(HttpContext context, string title, string detail, string code, string outletId, string outletName, Dictionary<string, object?> extra)
    {
        context.Response.Headers.Location = $"/api/v1/outlets/{outletId}";
        var extensions = new Dictionary<string, object?> { ["code"] = code, ["outletId"] = outletId, ["outletName"] = outletName };
        foreach (var (k, v) in extra)
        {
            extensions[k] = v;
        }

        return Problems.WriteAsync(context, StatusCodes.Status409Conflict, title, detail, extensions);
    }
}

using CredibilityApi.Data;
using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Outlets;

/// <summary>
/// Finds the outlet of a host: one indexed equality query over the host's suffixes down to its registrable
/// domain, so an outlet an older database holds on a public suffix (co.uk) is never reached.
/// </summary>
internal static class OutletResolver
{
    public static async Task<(string OutletId, string Domain)?> ResolveAsync(CredibilityDbContext db, string normalizedHost, CancellationToken ct)
    {
        var candidates = Hosts.SuffixesLongestFirst(normalizedHost);
        if (candidates.Count == 0)
        {
            return null;
        }

        var found = await db.OutletDomains.AsNoTracking()
            .Where(d => candidates.Contains(d.Host))
            .Select(d => new { d.Host, d.OutletId })
            .ToListAsync(ct);
        var best = found.OrderByDescending(d => d.Host.Length).FirstOrDefault();
        return best is null ? null : (best.OutletId, best.Host);
    }
}

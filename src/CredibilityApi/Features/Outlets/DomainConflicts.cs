using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Outlets;

/// <summary>Domains are unique across outlets; a clash is a 409 naming the domain and its outlet.</summary>
internal static class DomainConflicts
{
    public static async Task<bool> RejectTakenAsync(
        HttpContext context, CredibilityDbContext db, IReadOnlyCollection<string> hosts, string? exceptOutletId, CancellationToken ct)
    {
        var taken = await db.OutletDomains.AsNoTracking()
            .Where(d => hosts.Contains(d.Host) && d.OutletId != exceptOutletId)
            .Select(d => new { d.Host, d.OutletId })
            .FirstOrDefaultAsync(ct);
        if (taken is null)
        {
            return false;
        }

        await WriteAsync(context, taken.Host, taken.OutletId);
        return true;
    }

    public static Task WriteAsync(HttpContext context, string? host, string? outletId)
    {
        if (outletId is not null)
        {
            context.Response.Headers.Location = $"/api/v1/outlets/{outletId}";
        }

        return Problems.WriteAsync(
            context,
            StatusCodes.Status409Conflict,
            "Domain already registered",
            host is null
                ? "One of the domains belongs to another outlet."
                : $"The domain '{host}' belongs to outlet {outletId}. A domain can belong to one outlet only; add the alias there, or remove it from this request.",
            new Dictionary<string, object?> { ["domain"] = host, ["outletId"] = outletId });
    }
}

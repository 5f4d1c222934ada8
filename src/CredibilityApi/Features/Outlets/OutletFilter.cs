using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Outlets;

/// <summary>
/// The <c>outletId</c> filter of the lists and exports: an id no outlet has is a 404, so a mistyped id is not answered
/// with an empty page that looks like a real, empty dataset.
/// </summary>
internal static class OutletFilter
{
    /// <summary>True when no outlet is asked for or it exists; otherwise writes a 404 problem and returns false.</summary>
    public static async Task<bool> CheckAsync(CredibilityDbContext db, HttpContext http, string? outletId, CancellationToken ct)
    {
        if (outletId is null || await db.Outlets.AnyAsync(o => o.Id == outletId, ct))
        {
            return true;
        }

        await Problems.NotFoundAsync(http, "Outlet", outletId);
        return false;
    }
}

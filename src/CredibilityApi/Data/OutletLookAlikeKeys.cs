using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Data;

/// <summary>
/// Outlets stored before look-alike detection have empty keys; they get them at start-up, from the same C# that
/// computes them on registration (the skeleton needs Unicode data no SQL dialect has). Idempotent: a node that
/// runs it after another finds nothing to do.
/// </summary>
public static class OutletLookAlikeKeys
{
    public static async Task<int> BackfillAsync(CredibilityDbContext db, CancellationToken ct)
    {
        var outlets = await db.Outlets.Include(o => o.Domains)
            .Where(o => o.NameKey == "" || o.Domains.Any(d => d.SkeletonKey == ""))
            .ToListAsync(ct);
        foreach (var outlet in outlets)
        {
            outlet.RefreshLookAlikeKeys();
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node filled them in first; its values are the same.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return outlets.Count;
    }
}

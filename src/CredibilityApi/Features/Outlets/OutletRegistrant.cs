using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Outlets;

/// <summary>
/// An outlet's domains decide which articles are its own, so only the annotator who registered it (or an
/// admin) changes them; the 403 names who may, so the caller knows whom to ask.
/// </summary>
internal static class OutletRegistrant
{
    public static async Task ForbidDomainChangeAsync(HttpContext context, CredibilityDbContext db, Outlet outlet, CancellationToken ct)
    {
        var name = outlet.RegisteredBy is null
            ? null
            : await db.Accounts.AsNoTracking().Where(a => a.Id == outlet.RegisteredBy).Select(a => a.Name).FirstOrDefaultAsync(ct);
        var who = outlet.RegisteredBy is null
            ? "This outlet was registered before registrants were recorded, so only an admin may change its domains."
            : $"Only the outlet's registrant ({name ?? "unknown account"}, {outlet.RegisteredBy}) or an admin may change its domains.";
        await Problems.WriteAsync(
            context,
            StatusCodes.Status403Forbidden,
            "Not the outlet's registrant",
            who + " Any annotator may edit its name, homepage, country, language, ownership and notes: send its current " +
            "primary domain and aliases unchanged.",
            new Dictionary<string, object?> { ["registeredBy"] = outlet.RegisteredBy, ["registeredByName"] = name });
    }
}

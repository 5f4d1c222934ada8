using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Articles;

internal static class ArticleProblems
{
    /// <summary>
    /// 404 for an article id; for an article merged into another, a 404 that names the survivor (mergedInto and
    /// Location). Not a redirect: clients drop the Authorization header when they follow one, and a merged id is
    /// gone as a resource, not moved with all its state.
    /// </summary>
    public static async Task NotFoundAsync(CredibilityDbContext db, HttpContext context, string id, CancellationToken ct)
    {
        var tombstone = await db.Articles.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Id == id && a.MergedIntoId != null)
            .Select(a => new { a.MergedIntoId, a.MergedAt })
            .SingleOrDefaultAsync(ct);
        if (tombstone is null)
        {
            await Problems.NotFoundAsync(context, "Article", id);
            return;
        }

        context.Response.Headers.Location = $"/api/v1/articles/{tombstone.MergedIntoId}";
        await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "Article merged into another",
            $"The article '{id}' was merged into {tombstone.MergedIntoId} at {tombstone.MergedAt:O}: its claims, annotations and URLs are there.",
            new Dictionary<string, object?> { ["mergedInto"] = tombstone.MergedIntoId });
    }
}

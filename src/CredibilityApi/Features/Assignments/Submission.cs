using CredibilityApi.Data;
using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Assignments;

/// <summary>
/// An assignment is submitted once its annotator holds a current rating of the article on every dimension its
/// campaign asks for and, when the campaign asks for verdicts, a current verdict on every claim the article has.
/// Called after a rating or a verdict is saved. Framing notes are asked for but never required: an article may
/// have no framing to note, so their absence cannot tell an unfinished item from a finished one.
/// </summary>
public static class Submission
{
    public static async Task MarkAsync(CredibilityDbContext db, string annotatorId, string articleId, DateTime now, CancellationToken ct)
    {
        var pending = await db.Assignments
            .Where(a => a.AnnotatorId == annotatorId && a.ArticleId == articleId && a.State == AssignmentState.Pending)
            .Join(db.Campaigns.Where(c => c.State == CampaignState.Open), a => a.CampaignId, c => c.Id, (a, c) => new { a.Id, c.Dimensions, c.AskVerdicts })
            .ToListAsync(ct);
        if (pending.Count == 0)
        {
            return;
        }

        var rated = (await db.Annotations
                .Where(a => a.Kind == AnnotationKind.Rating && a.AuthorId == annotatorId && a.ArticleId == articleId && a.Status == AnnotationStatus.Active)
                .Select(a => a.Dimension!)
                .ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var verdictsMissing = false;
        if (pending.Any(p => p.AskVerdicts))
        {
            var claims = await db.Claims.Where(c => c.ArticleId == articleId).Select(c => c.Id).ToListAsync(ct);
            var judged = (await db.Annotations
                    .Where(a => a.Kind == AnnotationKind.Provenance && a.AuthorId == annotatorId && a.ArticleId == articleId
                                && a.ClaimId != null && a.Verdict != null && a.Status == AnnotationStatus.Active)
                    .Select(a => a.ClaimId!)
                    .ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
            verdictsMissing = claims.Any(c => !judged.Contains(c));
        }

        var done = pending
            .Where(p => p.Dimensions.All(rated.Contains) && !(p.AskVerdicts && verdictsMissing))
            .Select(p => p.Id)
            .ToList();
        if (done.Count > 0)
        {
            await db.Assignments
                .Where(a => done.Contains(a.Id) && a.State == AssignmentState.Pending)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(a => a.State, AssignmentState.Submitted)
                    .SetProperty(a => a.SubmittedAt, now)
                    .SetProperty(a => a.Version, a => a.Version + 1), ct);
        }
    }
}

using System.Security.Claims;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Annotations;

/// <summary>Queries and rules the annotation endpoints share.</summary>
internal static class AnnotationStore
{
    /// <summary>Adds the revision that records a change; saved in the same transaction as the change.</summary>
    public static void Record(CredibilityDbContext db, Annotation annotation, RevisionAction action, string by, string? reason, DateTime now) =>
        db.AnnotationRevisions.Add(new AnnotationRevision(annotation.Id, annotation.Version, action, by, reason, Snapshots.Of(annotation), now));

    /// <summary>Resolves a target to its outlet and article; null when it does not exist.</summary>
    public static async Task<AnnotationTarget?> ResolveAsync(CredibilityDbContext db, TargetType type, string id, CancellationToken ct) => type switch
    {
        TargetType.Claim => await db.Claims.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new AnnotationTarget(TargetType.Claim, c.Id, c.OutletId, c.ArticleId, c.Id, c.ArticlePublishedAt, c.BodySha256))
            .SingleOrDefaultAsync(ct),
        TargetType.Article => await db.Articles.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new AnnotationTarget(TargetType.Article, a.Id, a.OutletId, a.Id, null, a.PublishedAt, a.BodySha256))
            .SingleOrDefaultAsync(ct),
        _ => await db.Outlets.AsNoTracking().Where(o => o.Id == id)
            .Select(o => new AnnotationTarget(TargetType.Outlet, o.Id, o.Id, null, null, null, null))
            .SingleOrDefaultAsync(ct),
    };

    /// <summary>A field error listing the tags that are not in the vocabulary, with the valid ones; null when all are known.</summary>
    public static async Task<ValidationFailure?> CheckTagsAsync(CredibilityDbContext db, IReadOnlyCollection<string> tags, string field, CancellationToken ct)
    {
        if (tags.Count == 0)
        {
            return null;
        }

        var known = await db.Tags.AsNoTracking().Where(t => tags.Contains(t.Key)).Select(t => t.Key).ToListAsync(ct);
        var unknown = tags.Except(known, StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return null;
        }

        var valid = await db.Tags.AsNoTracking().OrderBy(t => t.Key).Select(t => t.Key).ToListAsync(ct);
        return new ValidationFailure(field, $"Unknown tag(s): {string.Join(", ", unknown)}. Valid tags: {string.Join(", ", valid)}. Admins add tags with POST /api/v1/taxonomy/tags.")
        {
            ErrorCode = "unknown-tag",
        };
    }

    /// <summary>A field error when the technique is not in the taxonomy, listing the valid keys; null when it is.</summary>
    public static async Task<ValidationFailure?> CheckTechniqueAsync(CredibilityDbContext db, string technique, string field, CancellationToken ct)
    {
        if (await db.Techniques.AnyAsync(t => t.Key == technique, ct))
        {
            return null;
        }

        var valid = await db.Techniques.AsNoTracking().OrderBy(t => t.Kind).ThenBy(t => t.Key).Select(t => t.Key).ToListAsync(ct);
        return new ValidationFailure(field, $"Unknown technique or frame '{technique}'. Valid keys: {string.Join(", ", valid)}.")
        {
            ErrorCode = "unknown-technique",
        };
    }

    /// <summary>A selector that does not anchor, as a field error naming the failure.</summary>
    public static ValidationFailure AnchorFailure(AnchorResult result, string field) =>
        new(field, result.Message)
        {
            ErrorCode = result.Failure switch
            {
                Domain.AnchorFailure.NotFound => "quote-not-found",
                Domain.AnchorFailure.Ambiguous => "quote-ambiguous",
                Domain.AnchorFailure.Mismatch => "position-quote-mismatch",
                Domain.AnchorFailure.OutOfRange => "position-out-of-range",
                Domain.AnchorFailure.SplitsSurrogatePair => "position-splits-character",
                Domain.AnchorFailure.PositionWithoutBody => "position-without-body",
                _ => "selector-invalid",
            },
        };

    /// <summary>Hidden annotations are seen only by admins and their authors.</summary>
    public static bool CanSee(ClaimsPrincipal user, Annotation annotation) =>
        !annotation.Hidden || user.IsAdmin() || annotation.AuthorId == user.AccountId();

    public static Task ForbidNotAuthorAsync(HttpContext context) =>
        Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Not your annotation",
            "Only the annotator who recorded an annotation may edit or retract it. Record your own annotation instead.");

    public static Task ConflictAsync(HttpContext context, string message) =>
        Problems.WriteAsync(context, StatusCodes.Status409Conflict, "Conflict with the annotation's state", message);

    /// <summary>Loads an annotation for a change, answering 404 (or 404 for a hidden one the caller may not see).</summary>
    public static async Task<Annotation?> LoadForChangeAsync(CredibilityDbContext db, HttpContext context, string id, CancellationToken ct)
    {
        var annotation = await db.Annotations.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (annotation is null || !CanSee(context.User, annotation))
        {
            await Problems.NotFoundAsync(context, "Annotation", id);
            return null;
        }

        return annotation;
    }
}

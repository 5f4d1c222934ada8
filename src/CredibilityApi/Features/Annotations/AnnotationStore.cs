using System.Globalization;
using System.Linq.Expressions;
using System.Security.Claims;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Assignments;
using CredibilityApi.Infrastructure;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Annotations;

/// <summary>Queries and rules the annotation endpoints share.</summary>
internal static class AnnotationStore
{
    /// <summary>Adds the revision that records a change; saved in the same transaction as the change.</summary>
    public static void Record(CredibilityDbContext db, Annotation annotation, RevisionAction action, string by, string? reason, DateTime now) =>
        db.AnnotationRevisions.Add(Revision(annotation, action, by, reason, now));

    /// <summary>The revision that records a change, not yet added to a context (a bulk import inserts many at once).</summary>
    public static AnnotationRevision Revision(Annotation annotation, RevisionAction action, string by, string? reason, DateTime now) =>
        new(annotation, action, by, reason, Snapshots.Of(annotation), now);

    /// <summary>Resolves a target to its outlet and article; null when it does not exist.</summary>
    /// <remarks>
    /// One id by equality, not <see cref="ResolveManyAsync"/> with a list of one: EF writes the SQL of a query with a
    /// list parameter again on every execution (one parameter per element), and every rating request resolves its article.
    /// The id must match exactly: on SQL Server, whose default collation ignores case, a query alone would also find
    /// 'ART_…' for 'art_…'. (<see cref="ResolveManyAsync"/>'s callers get the same: they look rows up by the ids they sent.)
    /// </remarks>
    public static async Task<AnnotationTarget?> ResolveAsync(CredibilityDbContext db, TargetType type, string id, CancellationToken ct) =>
        await (type switch
        {
            TargetType.Claim => db.Claims.AsNoTracking().Where(c => c.Id == id).Select(ClaimTarget).FirstOrDefaultAsync(ct),
            TargetType.Article => db.Articles.AsNoTracking().Where(a => a.Id == id).Select(ArticleTarget).FirstOrDefaultAsync(ct),
            _ => db.Outlets.AsNoTracking().Where(o => o.Id == id).Select(OutletTarget).FirstOrDefaultAsync(ct),
        }) is { } target && string.Equals(target.Id, id, StringComparison.Ordinal) ? target : null;

    /// <summary>Resolves targets of one type in one query, by id; ids that do not exist are left out.</summary>
    public static async Task<Dictionary<string, AnnotationTarget>> ResolveManyAsync(
        CredibilityDbContext db, TargetType type, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var targets = type switch
        {
            TargetType.Claim => db.Claims.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(ClaimTarget),
            TargetType.Article => db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(ArticleTarget),
            _ => db.Outlets.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(OutletTarget),
        };
        return await targets.ToDictionaryAsync(t => t.Id, ct);
    }

    // The columns a target needs (not an article's body, which can be long), shared by the two lookups above.
    private static readonly Expression<Func<Domain.Claim, AnnotationTarget>> ClaimTarget =
        c => new AnnotationTarget(TargetType.Claim, c.Id, c.OutletId, c.ArticleId, c.Id, c.ArticlePublishedAt, c.BodySha256);

    private static readonly Expression<Func<Article, AnnotationTarget>> ArticleTarget =
        a => new AnnotationTarget(TargetType.Article, a.Id, a.OutletId, a.Id, null, a.PublishedAt, a.BodySha256);

    private static readonly Expression<Func<Outlet, AnnotationTarget>> OutletTarget =
        o => new AnnotationTarget(TargetType.Outlet, o.Id, o.Id, null, null, null, null);

    /// <summary>The dimensions of a rubric version by key (<see cref="RubricCatalog"/>); empty for a version that does not exist.</summary>
    public static Task<IReadOnlyDictionary<string, RubricDimension>> DimensionsAsync(CredibilityDbContext db, int version, CancellationToken ct) =>
        RubricCatalog.DimensionsAsync(db, version, ct);

    /// <summary>
    /// A field error when a rating's dimension is not in the rubric version or its value is outside the
    /// dimension's range; null when it fits. <paramref name="field"/> is the path of the rating value.
    /// </summary>
    public static ValidationFailure? CheckRatingValue(
        IReadOnlyDictionary<string, RubricDimension> dimensions, int version, string dimensionKey, double value, string field)
    {
        if (!dimensions.TryGetValue(dimensionKey, out var dimension))
        {
            return new ValidationFailure($"{field}.dimension",
                $"Rubric version {version} has no dimension '{dimensionKey}'. Valid dimensions: {string.Join(", ", dimensions.Keys.Order(StringComparer.Ordinal))}.")
                { ErrorCode = "unknown-dimension" };
        }

        if (value < dimension.Min || value > dimension.Max)
        {
            return new ValidationFailure($"{field}.value",
                string.Create(CultureInfo.InvariantCulture, $"'{dimension.Key}' takes values from {dimension.Min} to {dimension.Max}; {value} is outside that range."))
                { ErrorCode = "value-out-of-range" };
        }

        return null;
    }

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

    /// <summary>
    /// A selector that does not anchor, as a field error naming the failure. With <paramref name="asProblem"/>
    /// the result rides along, and the 422 becomes an <see cref="AnchorProblem"/>: its title says what happened,
    /// and it lists where an ambiguous quote occurs or the body's text for a quote that matched only once folded.
    /// </summary>
    public static ValidationFailure AnchorFailure(AnchorResult result, string field, bool asProblem = true) =>
        new(field, result.Message)
        {
            CustomState = asProblem ? result : null,
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

    /// <summary>
    /// Saves a change to one loaded annotation, with its revision. Two requests that change one annotation at once both
    /// read the same revision, so the later save fails: on the revision's key (AnnotationId, Revision) or on the
    /// annotation's version. The later request then writes nothing and is answered as if it had come second: 412 with the
    /// current ETag when it sent an If-Match to an endpoint that honours one (<paramref name="ifMatch"/>; the ETag it matched
    /// is stale now); the entity's own 409 when the other request made the same change (retracted it already, say), which
    /// <paramref name="again"/> finds by making the change once more on the current annotation, unsaved; otherwise a 409
    /// asking to retry. Both 409s are thrown (<see cref="AnnotationConflictException"/>), so an Idempotency-Key's record is
    /// dropped and a retry with the same key runs again. Returns false when it answered 412.
    /// </summary>
    public static async Task<bool> SaveChangeAsync(CredibilityDbContext db, HttpContext context, Annotation annotation, Action<Annotation> again, CancellationToken ct, bool ifMatch = true)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
        }

        var current = await db.Annotations.AsNoTracking().SingleAsync(a => a.Id == annotation.Id, ct);
        if (ifMatch && context.Request.Headers.IfMatch.Count > 0 && !await ETags.CheckIfMatchAsync(context, current.Version))
        {
            return false;
        }

        // Throws AnnotationConflictException (answered 409 with the entity's reason) when the change no longer applies.
        again(current);
        throw new AnnotationConflictException("Another request changed this annotation while yours was being applied, so nothing of yours was written. GET it again and retry.");
    }

    public static Task ConflictAsync(HttpContext context, string message) =>
        Problems.WriteAsync(context, StatusCodes.Status409Conflict, "Conflict with the annotation's state", message);

    /// <summary>
    /// Loads an annotation for a change, answering 404 (or 404 for a hidden one the caller may not see, and for another
    /// annotator's work on the caller's pending campaign item: blind annotation does not confirm that it exists).
    /// </summary>
    public static async Task<Annotation?> LoadForChangeAsync(CredibilityDbContext db, HttpContext context, string id, CancellationToken ct)
    {
        var annotation = await db.Annotations.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (annotation is null || !CanSee(context.User, annotation) ||
            !(await Blinding.PendingAsync(context, db, ct)).MaySee(context.User, annotation))
        {
            await Problems.NotFoundAsync(context, "Annotation", id);
            return null;
        }

        return annotation;
    }
}

using CredibilityApi.Data;
using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Annotations.Rate;

/// <summary>
/// The write of <c>POST /articles/{id}/ratings</c>: loads the author's ratings the request changes, then saves the ratings
/// and revisions the domain made of them. Both implementations keep the rollup queue (every rating written queues its
/// article and dimension for the fold in the same transaction) and answer a lost race the same way.
/// </summary>
public interface IRatingWrites
{
    /// <summary>The author's ratings of the article on the given dimensions, by dimension, ready to be changed.</summary>
    Task<Dictionary<string, Annotation>> LoadAsync(string authorId, string articleId, IReadOnlySet<string> dimensions, CancellationToken ct);

    /// <summary>
    /// Saves new ratings (not loaded) and changed ones (loaded by <see cref="LoadAsync"/>) with their revisions: true once
    /// committed, false when another request created or changed one of them since (nothing is saved).
    /// </summary>
    Task<bool> SaveAsync(IReadOnlyList<Annotation> ratings, IReadOnlyList<AnnotationRevision> revisions, CancellationToken ct);
}

/// <summary>Through EF Core's change tracker and SaveChanges (SQL Server; SQLite with <c>Database:RatingGroupCommit=false</c>).</summary>
internal sealed class EfRatingWrites(CredibilityDbContext db) : IRatingWrites
{
    public async Task<Dictionary<string, Annotation>> LoadAsync(string authorId, string articleId, IReadOnlySet<string> dimensions, CancellationToken ct)
    {
        // The ones not re-rated are let go: a query without the request's dimensions as a list parameter keeps one SQL
        // text, which EF caches, instead of writing it again.
        var existing = new Dictionary<string, Annotation>(StringComparer.Ordinal);
        foreach (var rating in await RatingWritesQueries.RatingsOf(db.Annotations, authorId, articleId, dimensions).ToListAsync(ct))
        {
            if (dimensions.Contains(rating.Dimension!))
            {
                existing[rating.Dimension!] = rating;
            }
            else
            {
                db.Entry(rating).State = EntityState.Detached;
            }
        }

        return existing;
    }

    public async Task<bool> SaveAsync(IReadOnlyList<Annotation> ratings, IReadOnlyList<AnnotationRevision> revisions, CancellationToken ct)
    {
        foreach (var rating in ratings)
        {
            if (db.Entry(rating).State == EntityState.Detached)
            {
                db.Annotations.Add(rating);
            }
        }

        db.AnnotationRevisions.AddRange(revisions);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (Infrastructure.DbErrors.IsUniqueViolation(e) || e is DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}

/// <summary>SQLite: the ratings are loaded untracked and written by the group-committing <see cref="SqliteRatingWriter"/>.</summary>
internal sealed class SqliteRatingWrites(CredibilityDbContext db, SqliteRatingWriter writer) : IRatingWrites
{
    private readonly Dictionary<Annotation, object?[]> _loaded = new(ReferenceEqualityComparer.Instance);

    public async Task<Dictionary<string, Annotation>> LoadAsync(string authorId, string articleId, IReadOnlySet<string> dimensions, CancellationToken ct)
    {
        var existing = new Dictionary<string, Annotation>(StringComparer.Ordinal);
        var ratings = dimensions.Count == 1
            ? OneDimension(db, authorId, articleId, dimensions.First())
            : AllDimensions(db, authorId, articleId);
        await foreach (var rating in ratings.WithCancellation(ct))
        {
            if (dimensions.Contains(rating.Dimension!))
            {
                existing[rating.Dimension!] = rating;
                _loaded[rating] = writer.Snapshot(db, rating);
            }
        }

        return existing;
    }

    // Compiled once (issue 13): as a LINQ query each rating request built the expression tree, hashed it to find EF's
    // cached plan and compiled a delegate to read its parameters, 10% of a rating write's CPU samples under load.
    private static readonly Func<CredibilityDbContext, string, string, string, IAsyncEnumerable<Annotation>> OneDimension =
        EF.CompileAsyncQuery((CredibilityDbContext db, string authorId, string articleId, string dimension) =>
            db.Annotations.AsNoTracking().Where(a => a.Kind == AnnotationKind.Rating && a.AuthorId == authorId && a.ArticleId == articleId && a.Dimension == dimension));

    private static readonly Func<CredibilityDbContext, string, string, IAsyncEnumerable<Annotation>> AllDimensions =
        EF.CompileAsyncQuery((CredibilityDbContext db, string authorId, string articleId) =>
            db.Annotations.AsNoTracking().Where(a => a.Kind == AnnotationKind.Rating && a.AuthorId == authorId && a.ArticleId == articleId));

    public Task<bool> SaveAsync(IReadOnlyList<Annotation> ratings, IReadOnlyList<AnnotationRevision> revisions, CancellationToken ct) =>
        writer.WriteAsync(db, new RatingRequestRows([.. ratings.Select(r => new RatingToWrite(r, _loaded.GetValueOrDefault(r)))], revisions));
}

internal static class RatingWritesQueries
{
    /// <summary>An author's ratings of an article, any status (the partial unique index on author, article and dimension).</summary>
    public static IQueryable<Annotation> RatingsOf(IQueryable<Annotation> annotations, string authorId, string articleId) =>
        annotations.Where(a => a.Kind == AnnotationKind.Rating && a.AuthorId == authorId && a.ArticleId == articleId);

    /// <summary>
    /// Of the one dimension when only one is asked for (most requests rate one: the others' rows, JSON columns and all, are
    /// not read and materialized), else of every dimension; one SQL text either way (no list parameter), which EF caches.
    /// </summary>
    public static IQueryable<Annotation> RatingsOf(IQueryable<Annotation> annotations, string authorId, string articleId, IReadOnlySet<string> dimensions)
    {
        var ratings = RatingsOf(annotations, authorId, articleId);
        if (dimensions.Count == 1)
        {
            var dimension = dimensions.First();
            ratings = ratings.Where(a => a.Dimension == dimension);
        }

        return ratings;
    }
}

using CredibilityApi.Data;
using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation;

/// <summary>
/// Keeps the rating rollups equal to a recomputation from the current ratings. Each call recomputes the
/// touched (article, dimension) summaries from their ratings, then the touched (outlet, dimension, day)
/// rows from the article summaries: a handful of indexed rows per write, inside the write's transaction.
/// </summary>
public static class RollupMaintenance
{
    /// <summary>
    /// Saves pending changes and refreshes the rollups of the ratings among <paramref name="changed"/> in
    /// one serializable transaction, so a read that starts after this returns sees both or neither.
    /// </summary>
    public static async Task SaveAsync(CredibilityDbContext db, IEnumerable<Annotation> changed, CancellationToken ct)
    {
        var touched = changed
            .Where(a => a.Kind == AnnotationKind.Rating && a.ArticleId is not null && a.Dimension is not null)
            .Select(a => (a.ArticleId!, a.Dimension!))
            .Distinct()
            .ToList();
        if (touched.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
            await db.SaveChangesAsync(ct);
            await RefreshAsync(db, touched, ct);
            await transaction.CommitAsync(ct);
        });
    }

    public static async Task RefreshAsync(CredibilityDbContext db, IReadOnlyCollection<(string ArticleId, string Dimension)> touched, CancellationToken ct)
    {
        var days = new HashSet<(string OutletId, string Dimension, DateOnly Day)>();
        foreach (var (articleId, dimension) in touched.Distinct())
        {
            var ratings = await db.Annotations.AsNoTracking()
                .Where(a => a.Kind == AnnotationKind.Rating && a.ArticleId == articleId && a.Dimension == dimension
                            && a.Status == AnnotationStatus.Active && !a.Hidden)
                .Select(a => new { a.Value, a.OutletId, a.ArticlePublishedAt })
                .ToListAsync(ct);
            var existing = await db.Set<ArticleDimensionStats>().SingleOrDefaultAsync(s => s.ArticleId == articleId && s.Dimension == dimension, ct);

            if (ratings.Count == 0)
            {
                if (existing is not null)
                {
                    db.Remove(existing);
                    days.Add((existing.OutletId, dimension, existing.Day));
                }

                continue;
            }

            var publishedAt = ratings[0].ArticlePublishedAt!.Value;
            var stats = existing ?? db.Set<ArticleDimensionStats>().Add(new ArticleDimensionStats { ArticleId = articleId, Dimension = dimension }).Entity;
            stats.OutletId = ratings[0].OutletId;
            stats.PublishedAt = publishedAt;
            stats.Day = DateOnly.FromDateTime(publishedAt);
            stats.Ratings = ratings.Count;
            stats.Sum = ratings.Sum(r => r.Value!.Value);
            stats.SumSquares = ratings.Sum(r => r.Value!.Value * r.Value!.Value);
            days.Add((stats.OutletId, dimension, stats.Day));
        }

        await db.SaveChangesAsync(ct);
        foreach (var day in days)
        {
            await RefreshDayAsync(db, day.OutletId, day.Dimension, day.Day, ct);
        }

        await db.SaveChangesAsync(ct);
    }

    private static async Task RefreshDayAsync(CredibilityDbContext db, string outletId, string dimension, DateOnly day, CancellationToken ct)
    {
        var articles = await db.Set<ArticleDimensionStats>().AsNoTracking()
            .Where(s => s.OutletId == outletId && s.Dimension == dimension && s.Day == day)
            .ToListAsync(ct);
        var row = await db.Set<OutletDayStats>().SingleOrDefaultAsync(s => s.OutletId == outletId && s.Dimension == dimension && s.Day == day, ct);
        var annotators = await db.Set<OutletDayAnnotator>()
            .Where(s => s.OutletId == outletId && s.Dimension == dimension && s.Day == day)
            .ToListAsync(ct);
        db.RemoveRange(annotators);

        if (articles.Count == 0)
        {
            if (row is not null)
            {
                db.Remove(row);
            }

            return;
        }

        row ??= db.Set<OutletDayStats>().Add(new OutletDayStats { OutletId = outletId, Dimension = dimension, Day = day }).Entity;
        row.Articles = articles.Count;
        row.ScoreSum = articles.Sum(a => a.Sum / a.Ratings);
        row.ScoreSumSquares = articles.Sum(a => (a.Sum / a.Ratings) * (a.Sum / a.Ratings));
        row.Ratings = articles.Sum(a => a.Ratings);
        var pairable = articles.Where(a => a.Ratings >= 2).ToList();
        row.PairableUnits = pairable.Count;
        row.PairableValues = pairable.Sum(a => a.Ratings);
        row.PairableSum = pairable.Sum(a => a.Sum);
        row.PairableSumSquares = pairable.Sum(a => a.SumSquares);
        row.ObservedDisagreement = pairable.Sum(a => Math.Max(0, (2 * a.Ratings * a.SumSquares) - (2 * a.Sum * a.Sum)) / (a.Ratings - 1));

        var articleIds = articles.Select(a => a.ArticleId).ToList();
        var raters = await db.Annotations.AsNoTracking()
            .Where(a => a.Kind == AnnotationKind.Rating && a.Dimension == dimension && articleIds.Contains(a.ArticleId!)
                        && a.Status == AnnotationStatus.Active && !a.Hidden)
            .Select(a => a.AuthorId)
            .Distinct()
            .ToListAsync(ct);
        foreach (var rater in raters)
        {
            // A row removed above and added again in the same save is just kept.
            var kept = annotators.FirstOrDefault(a => a.AnnotatorId == rater);
            if (kept is not null)
            {
                db.Entry(kept).State = EntityState.Unchanged;
            }
            else
            {
                db.Add(new OutletDayAnnotator { OutletId = outletId, Dimension = dimension, Day = day, AnnotatorId = rater });
            }
        }
    }
}

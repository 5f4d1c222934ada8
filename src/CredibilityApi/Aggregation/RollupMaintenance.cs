using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation;

/// <summary>
/// Keeps the rating rollups equal to a recomputation from the current ratings. <see cref="RefreshAsync"/>
/// recomputes the touched (article, dimension) summaries from their ratings, then the touched (outlet,
/// dimension, day) rows from the article summaries, then the stored priors of the buckets holding those days.
/// Every rating change queues its work as it is saved (<see cref="Data.RollupQueueInterceptor"/>) and <see cref="RollupApplier"/> refreshes them in batches.
/// </summary>
public static class RollupMaintenance
{
    /// <summary>Articles per query when a refresh reads the touched articles' ratings.</summary>
    private const int ArticleChunk = 200;

    public static async Task RefreshAsync(CredibilityDbContext db, IReadOnlyCollection<(string ArticleId, string Dimension)> touched, CancellationToken ct)
    {
        var days = new HashSet<(string OutletId, string Dimension, DateOnly Day)>();

        // The touched articles' current ratings and summaries, a chunk of articles per query rather than a
        // query per (article, dimension); an article's other dimensions come along and are left out here.
        var pairs = touched.Distinct().ToList();
        var ratingsOf = new Dictionary<(string ArticleId, string Dimension), List<(double Value, string OutletId, DateTime PublishedAt)>>();
        var summaries = new Dictionary<(string ArticleId, string Dimension), ArticleDimensionStats>();
        foreach (var chunk in pairs.Select(p => p.ArticleId).Distinct().Chunk(ArticleChunk))
        {
            var rows = await db.Annotations.AsNoTracking()
                .Where(a => a.Kind == AnnotationKind.Rating && chunk.Contains(a.ArticleId!) && a.Status == AnnotationStatus.Active && !a.Hidden)
                .Select(a => new { a.ArticleId, a.Dimension, a.Value, a.OutletId, a.ArticlePublishedAt })
                .ToListAsync(ct);
            foreach (var row in rows)
            {
                var key = (row.ArticleId!, row.Dimension!);
                if (!ratingsOf.TryGetValue(key, out var list))
                {
                    ratingsOf[key] = list = [];
                }

                list.Add((row.Value!.Value, row.OutletId, row.ArticlePublishedAt!.Value));
            }

            foreach (var summary in await db.ArticleDimensionStats.Where(x => chunk.Contains(x.ArticleId)).ToListAsync(ct))
            {
                summaries[(summary.ArticleId, summary.Dimension)] = summary;
            }
        }

        foreach (var (articleId, dimension) in pairs)
        {
            summaries.TryGetValue((articleId, dimension), out var existing);
            if (!ratingsOf.TryGetValue((articleId, dimension), out var ratings))
            {
                if (existing is not null)
                {
                    db.Remove(existing);
                    days.Add((existing.OutletId, dimension, existing.Day));
                }

                continue;
            }

            var sum = ratings.Sum(r => r.Value);
            var sumSquares = ratings.Sum(r => r.Value * r.Value);
            if (!double.IsFinite(sum) || !double.IsFinite(sumSquares))
            {
                // Cannot happen while rubric bounds are capped (Limits.RubricBound); if it ever does, this one
                // (article, dimension) keeps its last summary and the rest of the batch goes on, rather than a
                // value SQL Server refuses (error 8023) failing the batch for good and every score read with it.
                // Logged as text: a JSON log writer cannot write infinity as a number.
                Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<ILoggerFactory>(db).CreateLogger(typeof(RollupMaintenance)).LogError(
                    "The ratings of article {ArticleId} on {Dimension} sum to a non-finite value ({Sum}, {SumSquares}); its rollup was not changed",
                    articleId, dimension, sum.ToString(System.Globalization.CultureInfo.InvariantCulture), sumSquares.ToString(System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }

            var publishedAt = ratings[0].PublishedAt;
            var stats = existing ?? db.ArticleDimensionStats.Add(new ArticleDimensionStats { ArticleId = articleId, Dimension = dimension }).Entity;
            stats.OutletId = ratings[0].OutletId;
            stats.PublishedAt = publishedAt;
            stats.Day = DateOnly.FromDateTime(publishedAt);
            stats.Ratings = ratings.Count;
            stats.Sum = sum;
            stats.SumSquares = sumSquares;
            days.Add((stats.OutletId, dimension, stats.Day));
        }

        await db.SaveChangesAsync(ct);
        foreach (var day in days)
        {
            await RefreshDayAsync(db, day.OutletId, day.Dimension, day.Day, ct);
        }

        await db.SaveChangesAsync(ct);

        // Each touched outlet's bucket rows, of every kind, that hold a touched day; then those buckets' priors.
        var buckets = new HashSet<(string Dimension, Bucket Bucket, DateOnly Start)>();
        foreach (var outletDays in days.GroupBy(d => (d.OutletId, d.Dimension)))
        {
            var (outletId, dimension) = outletDays.Key;
            var wanted = outletDays
                .SelectMany(d => Enum.GetValues<Bucket>().Select(b => (Bucket: b, Start: Buckets.StartOf(d.Day, b))))
                .Distinct()
                .ToList();
            await RefreshOutletBucketsAsync(db, outletId, dimension, wanted, ct);
            buckets.UnionWith(wanted.Select(w => (dimension, w.Bucket, w.Start)));
        }

        await db.SaveChangesAsync(ct);
        foreach (var kind in buckets.GroupBy(b => (b.Dimension, b.Bucket)))
        {
            await RefreshPriorsAsync(db, kind.Key.Dimension, kind.Key.Bucket, kind.Select(b => b.Start).ToList(), ct);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Recomputes every outlet-bucket row and stored prior from the outlet-day rows, in one transaction: for
    /// a database whose day rows were written before these existed, or built in bulk outside <see cref="RefreshAsync"/>.
    /// </summary>
    public static async Task RebuildPriorsAsync(CredibilityDbContext db, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            // A retry starts afresh: the rows a failed attempt added are not in the database, and must not be saved twice.
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
            var rows = await db.OutletDayStats.AsNoTracking()
                .Select(s => new { s.Dimension, s.Day, s.OutletId, s.Articles, s.ScoreSum, s.ScoreSumSquares })
                .ToListAsync(ct);
            await db.BucketPriors.ExecuteDeleteAsync(ct);
            await db.OutletBucketStats.ExecuteDeleteAsync(ct);
            foreach (var bucket in Enum.GetValues<Bucket>())
            {
                foreach (var inBucket in rows.GroupBy(r => (r.Dimension, Start: Buckets.StartOf(r.Day, bucket))))
                {
                    var outlets = inBucket
                        .GroupBy(r => r.OutletId)
                        .Select(g => new OutletBucketStats
                        {
                            Dimension = inBucket.Key.Dimension, Bucket = bucket, Start = inBucket.Key.Start, OutletId = g.Key,
                            Articles = g.Sum(r => r.Articles), ScoreSum = g.Sum(r => r.ScoreSum), ScoreSumSquares = g.Sum(r => r.ScoreSumSquares),
                        })
                        .ToList();
                    db.OutletBucketStats.AddRange(outlets);
                    if (SeriesBuilder.EstimatePrior(outlets.Select(o => o.Scores).ToList()) is { } prior)
                    {
                        db.BucketPriors.Add(new BucketPrior { Dimension = inBucket.Key.Dimension, Bucket = bucket, Start = inBucket.Key.Start }.Set(prior));
                    }
                }
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
        });
    }

    /// <summary>One outlet's <see cref="OutletBucketStats"/> rows of the <paramref name="wanted"/> buckets, summed from its day rows.</summary>
    private static async Task RefreshOutletBucketsAsync(CredibilityDbContext db, string outletId, string dimension, IReadOnlyCollection<(Bucket Bucket, DateOnly Start)> wanted, CancellationToken ct)
    {
        var from = wanted.Min(w => w.Start);
        var to = wanted.Max(w => Buckets.Next(w.Start, w.Bucket));
        var dayRows = await db.OutletDayStats.AsNoTracking()
            .Where(s => s.OutletId == outletId && s.Dimension == dimension && s.Day >= from && s.Day < to)
            .Select(s => new { s.Day, s.Articles, s.ScoreSum, s.ScoreSumSquares })
            .ToListAsync(ct);
        var existing = (await db.OutletBucketStats
                .Where(s => s.OutletId == outletId && s.Dimension == dimension && s.Start >= from && s.Start < to)
                .ToListAsync(ct))
            .ToDictionary(s => (s.Bucket, s.Start));
        foreach (var (bucket, start) in wanted)
        {
            var end = Buckets.Next(start, bucket);
            var inBucket = dayRows.Where(r => r.Day >= start && r.Day < end).ToList();
            existing.TryGetValue((bucket, start), out var row);
            if (inBucket.Count == 0)
            {
                if (row is not null)
                {
                    db.OutletBucketStats.Remove(row);
                }

                continue;
            }

            row ??= db.OutletBucketStats.Add(new OutletBucketStats { Dimension = dimension, Bucket = bucket, Start = start, OutletId = outletId }).Entity;
            row.Articles = inBucket.Sum(r => r.Articles);
            row.ScoreSum = inBucket.Sum(r => r.ScoreSum);
            row.ScoreSumSquares = inBucket.Sum(r => r.ScoreSumSquares);
        }
    }

    /// <summary>The priors of some buckets of one kind, from their outlets' bucket rows, as <see cref="SeriesBuilder"/> would estimate them.</summary>
    private static async Task RefreshPriorsAsync(CredibilityDbContext db, string dimension, Bucket bucket, IReadOnlyCollection<DateOnly> starts, CancellationToken ct)
    {
        var outlets = (await db.OutletBucketStats.AsNoTracking()
                .Where(s => s.Dimension == dimension && s.Bucket == bucket && starts.Contains(s.Start))
                .ToListAsync(ct))
            .ToLookup(s => s.Start);
        var rows = (await db.BucketPriors
                .Where(p => p.Dimension == dimension && p.Bucket == bucket && starts.Contains(p.Start))
                .ToListAsync(ct))
            .ToDictionary(p => p.Start);
        foreach (var start in starts)
        {
            var prior = SeriesBuilder.EstimatePrior(outlets[start].Select(o => o.Scores).ToList());
            rows.TryGetValue(start, out var row);
            if (prior is null)
            {
                if (row is not null)
                {
                    db.BucketPriors.Remove(row);
                }

                continue;
            }

            (row ?? db.BucketPriors.Add(new BucketPrior { Dimension = dimension, Bucket = bucket, Start = start }).Entity).Set(prior);
        }
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
        // Alpha's sums come from the scoring code, so the rollup and a direct computation cannot drift apart.
        var alpha = articles
            .Select(a => Scoring.Krippendorff.UnitSums(a.Ratings, a.Sum, a.SumSquares))
            .Aggregate(default(Scoring.Krippendorff.IntervalSums), Scoring.Krippendorff.Merge);
        row.PairableUnits = (int)alpha.Units;
        row.PairableValues = (int)alpha.PairableValues;
        row.PairableSum = alpha.Sum;
        row.PairableSumSquares = alpha.SumSquares;
        row.ObservedDisagreement = alpha.ObservedDisagreement;
        row.InverseRatingsSum = articles.Sum(a => 1.0 / a.Ratings);

        // Each rater's weight is its share of the day's article scores: an article's score averages its k
        // ratings, so each of its raters holds 1/k of it. k is the article row's count of current ratings, the
        // same ratings this query reads (one per annotator, article and dimension), so the weights add up to Articles.
        var ratingsOf = articles.ToDictionary(a => a.ArticleId, a => a.Ratings);
        var articleIds = ratingsOf.Keys.ToList();
        var rated = await db.Annotations.AsNoTracking()
            .Where(a => a.Kind == AnnotationKind.Rating && a.Dimension == dimension && articleIds.Contains(a.ArticleId!)
                        && a.Status == AnnotationStatus.Active && !a.Hidden)
            .Select(a => new { a.ArticleId, a.AuthorId })
            .ToListAsync(ct);
        foreach (var rater in rated.GroupBy(r => r.AuthorId))
        {
            var weight = rater.Sum(r => 1.0 / ratingsOf[r.ArticleId!]);

            // A row removed above and added again in the same save is kept, its weight updated in place.
            var kept = annotators.FirstOrDefault(a => a.AnnotatorId == rater.Key);
            if (kept is not null)
            {
                db.Entry(kept).State = EntityState.Unchanged;
                kept.Weight = weight;
            }
            else
            {
                db.Add(new OutletDayAnnotator { OutletId = outletId, Dimension = dimension, Day = day, AnnotatorId = rater.Key, Weight = weight });
            }
        }
    }
}

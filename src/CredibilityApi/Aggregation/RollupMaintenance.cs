using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation;

/// <summary>
/// Keeps the rating rollups equal to a recomputation from the current ratings, in a fixed number of queries per batch
/// rather than per change (issue 13). <see cref="RefreshAsync"/> recomputes the touched (article, dimension) summaries
/// from their ratings (an article has at most one current rating per annotator), then the touched (outlet, dimension, day)
/// rows and annotator weights from those days' article summaries (a day of one outlet holds a handful of articles), then
/// moves every bucket row holding a touched day by what the day row changed (the delta: no bucket is summed again from
/// its days), then re-estimates those buckets' priors from the stored outlet sums. Every rating change queues its work as
/// it is saved (<see cref="Data.RollupQueueInterceptor"/>) and <see cref="RollupApplier"/> refreshes them in batches,
/// in a transaction that has changed the <see cref="ScoreStamp"/>; the rows are written with prepared statements
/// (<see cref="TrackedWrites"/>), not SaveChanges.
/// </summary>
public static class RollupMaintenance
{
    /// <summary>(Article, dimension) pairs per query when a refresh reads their ratings.</summary>
    private const int PairChunk = 200;

    /// <summary>The columns of the ratings of one (article, dimension), in the order of their index.</summary>
    private static readonly string[] RatingKey = ["ArticleId", "Kind", "Dimension"];

    public static async Task RefreshAsync(CredibilityDbContext db, IReadOnlyCollection<(string ArticleId, string Dimension)> touched, CancellationToken ct)
    {
        await PrepareAsync(db, touched, ct);
        await TrackedWrites.SaveAsync(db, ct);
    }

    /// <summary>
    /// The reads and arithmetic of <see cref="RefreshAsync"/> without its writes: the rollup rows to add, change and remove
    /// are left tracked in <paramref name="db"/> for the caller to save (<see cref="TrackedWrites"/>). Needs no transaction:
    /// <see cref="RollupApplier"/> prepares a batch before it takes the write lock, and writes only inside it.
    /// </summary>
    public static async Task PrepareAsync(CredibilityDbContext db, IReadOnlyCollection<(string ArticleId, string Dimension)> touched, CancellationToken ct)
    {
        // 1. The touched (article, dimension) summaries, recomputed from their current ratings (at most one per annotator).
        var days = await RefreshArticlesAsync(db, touched, ct);
        if (days.Count == 0)
        {
            return;
        }

        // 2. The touched (outlet, dimension, day) rows, recomputed from their article summaries (a day holds a handful of
        //    articles) as step 1 left them, with the day's annotator weights; what each day row changed by is kept for the buckets.
        var changes = await RefreshDaysAsync(db, days, ct);

        // 3. Each outlet's bucket rows, of every kind, that hold a touched day: moved by the day rows' change, not summed again.
        var buckets = await ApplyToBucketsAsync(db, changes, ct);

        // 4. The priors of those buckets, moved by what their outlet rows changed (O(1) per bucket, not O(outlets)).
        await RefreshPriorsAsync(db, buckets, ct);
    }

    /// <summary>What one (outlet, dimension, day) row changed by: the buckets holding the day change by as much.</summary>
    private readonly record struct DayChange(string OutletId, string Dimension, DateOnly Day, int Articles, double ScoreSum, double ScoreSumSquares);

    private static async Task<HashSet<(string OutletId, string Dimension, DateOnly Day)>> RefreshArticlesAsync(
        CredibilityDbContext db, IReadOnlyCollection<(string ArticleId, string Dimension)> touched, CancellationToken ct)
    {
        var days = new HashSet<(string OutletId, string Dimension, DateOnly Day)>();

        // The touched (article, dimension) pairs' current ratings and summaries, exactly (KeyedReads: one index search per
        // pair), a chunk of pairs per query; reading every dimension of the touched articles read five times the rows.
        var pairs = touched.Distinct().ToList();
        var ratingsOf = new Dictionary<(string ArticleId, string Dimension), List<(double Value, string OutletId, DateTime PublishedAt)>>();
        var summaries = new Dictionary<(string ArticleId, string Dimension), ArticleDimensionStats>();
        foreach (var chunk in pairs.Chunk(PairChunk))
        {
            var rows = await db.Annotations.WithKeys(db, RatingKey, chunk.Select(p => new object[] { p.ArticleId, AnnotationKind.Rating, p.Dimension }))
                .AsNoTracking()
                .Where(a => a.Status == AnnotationStatus.Active && !a.Hidden)
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

            foreach (var summary in await db.ArticleDimensionStats.WithKeys(db, ["ArticleId", "Dimension"], chunk.Select(p => new object[] { p.ArticleId, p.Dimension })).ToListAsync(ct))
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

            // An article that moved (a merge, a new outlet) leaves its old day as well as joining the new one.
            if (existing is not null)
            {
                days.Add((existing.OutletId, dimension, existing.Day));
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

        return days;
    }

    /// <summary>
    /// The touched days' rows and annotator weights, recomputed from the days' article summaries (read for all the days at
    /// once: rows of the touched outlets, dimensions and days, the few that are not touched left aside), and what each day
    /// row changed by.
    /// </summary>
    private static async Task<List<DayChange>> RefreshDaysAsync(CredibilityDbContext db, HashSet<(string OutletId, string Dimension, DateOnly Day)> days, CancellationToken ct)
    {
        // Exactly the touched days' rows (KeyedReads), not the cross product of their outlets, dimensions and days. The
        // annotator rows are read untracked and attached only when they change: a day holds some 30 of them, and a rating
        // changes the weights of its article's few raters.
        var dayKeys = days.Select(d => new object[] { d.OutletId, d.Dimension, d.Day }).ToList();
        string[] dayColumns = ["OutletId", "Dimension", "Day"];
        // The days' article summaries as step 1 leaves them: the stored rows, with the summaries step 1 has changed, added or
        // removed (tracked, not written yet) laid over them by key. A summary that moved to another day leaves its old one.
        var summaries = (await db.ArticleDimensionStats.WithKeys(db, dayColumns, dayKeys).AsNoTracking().ToListAsync(ct))
            .ToDictionary(s => (s.ArticleId, s.Dimension));
        foreach (var entry in db.ChangeTracker.Entries<ArticleDimensionStats>())
        {
            var key = (entry.Entity.ArticleId, entry.Entity.Dimension);
            if (entry.State == EntityState.Deleted)
            {
                summaries.Remove(key);
            }
            else
            {
                summaries[key] = entry.Entity;
            }
        }

        var articles = summaries.Values.Where(s => days.Contains((s.OutletId, s.Dimension, s.Day))).ToLookup(s => (s.OutletId, s.Dimension, s.Day));
        var rows = (await db.OutletDayStats.WithKeys(db, dayColumns, dayKeys).ToListAsync(ct))
            .ToDictionary(s => (s.OutletId, s.Dimension, s.Day));
        var annotators = (await db.OutletDayAnnotators.WithKeys(db, dayColumns, dayKeys).AsNoTracking().ToListAsync(ct))
            .ToLookup(s => (s.OutletId, s.Dimension, s.Day));

        // Who rated each of the days' articles on each dimension: the raters' weights.
        var ratersOf = new Dictionary<(string ArticleId, string Dimension), List<string>>();
        var wanted = articles.SelectMany(g => g).Select(a => (a.ArticleId, a.Dimension)).ToHashSet();
        foreach (var chunk in wanted.Chunk(PairChunk))
        {
            var rated = await db.Annotations.WithKeys(db, RatingKey, chunk.Select(w => new object[] { w.ArticleId, AnnotationKind.Rating, w.Dimension }))
                .AsNoTracking()
                .Where(a => a.Status == AnnotationStatus.Active && !a.Hidden)
                .Select(a => new { a.ArticleId, a.Dimension, a.AuthorId })
                .ToListAsync(ct);
            foreach (var r in rated)
            {
                if (!ratersOf.TryGetValue((r.ArticleId!, r.Dimension!), out var list))
                {
                    ratersOf[(r.ArticleId!, r.Dimension!)] = list = [];
                }

                list.Add(r.AuthorId);
            }
        }

        var changes = new List<DayChange>(days.Count);
        foreach (var key in days)
        {
            var (outletId, dimension, day) = key;
            rows.TryGetValue(key, out var row);
            var before = row is null ? default : (row.Articles, row.ScoreSum, row.ScoreSumSquares);
            var dayArticles = articles[key].ToList();
            var kept = annotators[key].ToDictionary(a => a.AnnotatorId, StringComparer.Ordinal);
            if (dayArticles.Count == 0)
            {
                if (row is not null)
                {
                    db.Remove(row);
                }

                db.RemoveRange(kept.Values);
                changes.Add(new DayChange(outletId, dimension, day, -before.Articles, -before.ScoreSum, -before.ScoreSumSquares));
                continue;
            }

            row ??= db.OutletDayStats.Add(new OutletDayStats { OutletId = outletId, Dimension = dimension, Day = day }).Entity;
            row.Articles = dayArticles.Count;
            row.ScoreSum = dayArticles.Sum(a => a.Sum / a.Ratings);
            row.ScoreSumSquares = dayArticles.Sum(a => (a.Sum / a.Ratings) * (a.Sum / a.Ratings));
            row.Ratings = dayArticles.Sum(a => a.Ratings);
            // Alpha's sums come from the scoring code, so the rollup and a direct computation cannot drift apart.
            var alpha = dayArticles
                .Select(a => Scoring.Krippendorff.UnitSums(a.Ratings, a.Sum, a.SumSquares))
                .Aggregate(default(Scoring.Krippendorff.IntervalSums), Scoring.Krippendorff.Merge);
            row.PairableUnits = (int)alpha.Units;
            row.PairableValues = (int)alpha.PairableValues;
            row.PairableSum = alpha.Sum;
            row.PairableSumSquares = alpha.SumSquares;
            row.ObservedDisagreement = alpha.ObservedDisagreement;
            row.InverseRatingsSum = dayArticles.Sum(a => 1.0 / a.Ratings);
            changes.Add(new DayChange(outletId, dimension, day,
                row.Articles - before.Articles, row.ScoreSum - before.ScoreSum, row.ScoreSumSquares - before.ScoreSumSquares));

            // Each rater's weight is its share of the day's article scores: an article's score averages its k
            // ratings, so each of its raters holds 1/k of it. k is the article row's count of current ratings, the
            // same ratings read here (one per annotator, article and dimension), so the weights add up to Articles.
            var weights = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var article in dayArticles)
            {
                foreach (var rater in ratersOf.GetValueOrDefault((article.ArticleId, dimension)) ?? [])
                {
                    weights[rater] = weights.GetValueOrDefault(rater) + 1.0 / article.Ratings;
                }
            }

            foreach (var (annotatorId, weight) in weights)
            {
                if (kept.Remove(annotatorId, out var existing))
                {
                    if (existing.Weight != weight)
                    {
                        db.OutletDayAnnotators.Attach(existing).Entity.Weight = weight;
                    }
                }
                else
                {
                    db.OutletDayAnnotators.Add(new OutletDayAnnotator { OutletId = outletId, Dimension = dimension, Day = day, AnnotatorId = annotatorId, Weight = weight });
                }
            }

            db.RemoveRange(kept.Values);
        }

        return changes;
    }

    /// <summary>
    /// Moves the bucket rows (of every kind) holding the changed days by the days' changes: O(1) per day and kind, where
    /// summing a year of day rows again was not. A row left with no articles is removed, so rounding cannot leave a ghost.
    /// Returns the (dimension, kind, start) of every bucket changed, whose priors are to be refreshed.
    /// </summary>
    private static async Task<Dictionary<(string Dimension, Bucket Bucket, DateOnly Start), PriorSums>> ApplyToBucketsAsync(CredibilityDbContext db, List<DayChange> changes, CancellationToken ct)
    {
        var moves = new Dictionary<(string Dimension, Bucket Bucket, DateOnly Start, string OutletId), (int Articles, double Sum, double Squares)>();
        foreach (var change in changes.Where(c => c.Articles != 0 || c.ScoreSum != 0 || c.ScoreSumSquares != 0))
        {
            foreach (var bucket in Enum.GetValues<Bucket>())
            {
                var key = (change.Dimension, bucket, Buckets.StartOf(change.Day, bucket), change.OutletId);
                var (articles, sum, squares) = moves.GetValueOrDefault(key);
                moves[key] = (articles + change.Articles, sum + change.ScoreSum, squares + change.ScoreSumSquares);
            }
        }

        if (moves.Count == 0)
        {
            return [];
        }

        // Exactly the moved rows (KeyedReads): filtering outlets, dimensions and starts independently read (and tracked)
        // their cross product, some tens of times the rows needed (issue 13's fold profile).
        var rows = (await db.OutletBucketStats
                .WithKeys(db, ["Dimension", "Bucket", "Start", "OutletId"], moves.Keys.Select(k => new object[] { k.Dimension, k.Bucket, k.Start, k.OutletId }))
                .ToListAsync(ct))
            .ToDictionary(row => (row.Dimension, row.Bucket, row.Start, row.OutletId));

        // Each bucket's prior sums move by the difference between the outlet row's share before and after.
        var priorChanges = new Dictionary<(string Dimension, Bucket Bucket, DateOnly Start), PriorSums>();
        foreach (var (key, (articles, sum, squares)) in moves)
        {
            rows.TryGetValue(key, out var row);
            var before = row is null ? default : PriorSums.Of(row.Scores);
            var after = default(PriorSums);
            var total = (row?.Articles ?? 0) + articles;
            if (total <= 0)
            {
                if (row is not null)
                {
                    db.OutletBucketStats.Remove(row);
                }
            }
            else
            {
                row ??= db.OutletBucketStats.Add(new OutletBucketStats { Dimension = key.Dimension, Bucket = key.Bucket, Start = key.Start, OutletId = key.OutletId }).Entity;
                row.Articles = total;
                row.ScoreSum += sum;
                row.ScoreSumSquares = Math.Max(0, row.ScoreSumSquares + squares);
                after = PriorSums.Of(row.Scores);
            }

            var bucket = (key.Dimension, key.Bucket, key.Start);
            priorChanges[bucket] = priorChanges.GetValueOrDefault(bucket) + (after - before);
        }

        return priorChanges;
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
            await ScoreStamp.ChangeAsync(db, ct);
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
                    var sums = outlets.Aggregate(default(PriorSums), (total, o) => total + PriorSums.Of(o.Scores));
                    if (sums.Estimate(Methodology.V1.VarianceFloor) is { } prior)
                    {
                        db.BucketPriors.Add(new BucketPrior { Dimension = inBucket.Key.Dimension, Bucket = bucket, Start = inBucket.Key.Start, Sums = sums }.Set(prior));
                    }
                }
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
        });
    }

    /// <summary>
    /// The priors of the changed buckets, moved by their outlets' changes: each stored prior keeps its bucket's sums over
    /// outlets (<see cref="PriorSums"/>), so refreshing it reads one row, where estimating it again read every outlet's row
    /// of the bucket (some 200 for a month, quarter or year on the load data set; the fold's largest cost once its reads
    /// were exact). A bucket left with no outlet loses its prior row. <c>RollupReference</c> holds the result to an
    /// estimate from the outlets' rows.
    /// </summary>
    private static async Task RefreshPriorsAsync(CredibilityDbContext db, Dictionary<(string Dimension, Bucket Bucket, DateOnly Start), PriorSums> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return;
        }

        // Exactly the changed buckets' rows (KeyedReads): index searches on the key (Dimension, Bucket, Start).
        var rows = (await db.BucketPriors
                .WithKeys(db, ["Dimension", "Bucket", "Start"], changes.Keys.Select(k => new object[] { k.Dimension, k.Bucket, k.Start }))
                .ToListAsync(ct))
            .ToDictionary(row => (row.Dimension, row.Bucket, row.Start));

        foreach (var (key, change) in changes)
        {
            rows.TryGetValue(key, out var row);
            var sums = (row?.Sums ?? default) + change;
            if (sums.Estimate(Methodology.V1.VarianceFloor) is not { } prior)
            {
                if (row is not null)
                {
                    db.BucketPriors.Remove(row);
                }

                continue;
            }

            row ??= db.BucketPriors.Add(new BucketPrior { Dimension = key.Dimension, Bucket = key.Bucket, Start = key.Start }).Entity;
            row.Set(prior);
            row.Sums = sums;
        }
    }
}

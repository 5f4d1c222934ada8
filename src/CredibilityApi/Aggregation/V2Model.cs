using System.Globalization;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation;

/// <summary>One current rating with what v2 groups it by.</summary>
public readonly record struct RatingRow(string ArticleId, string AnnotatorId, string OutletId, DateTime PublishedAt, double Value);

/// <summary>What methodology v2 needs of one dimension: the fit, the dimension's range, and the stored bucket priors.</summary>
public sealed record DimensionV2(string Dimension, LeniencyFit Fit, double Range, DateTime? ComputedAt, IReadOnlyDictionary<(Bucket Bucket, DateOnly Start), SdPosterior> Priors);

/// <summary>
/// Methodology v2 over a set of current ratings: the long-window fit and the priors of calendar buckets. The
/// background refit (<see cref="V2Refitter"/>) and asOf reads both come through here, so they cannot disagree.
/// Ratings are sorted first: the same ratings in any order give the same numbers.
/// </summary>
public static class V2Model
{
    public static LeniencyFit Fit(IReadOnlyCollection<RatingRow> ratings, double range, MethodologyOptions options)
    {
        // One group string per outlet-month (a few thousand), not one per rating (some 200,000 per dimension in a
        // million-rating history): the refit's memory is the rows, not copies of their keys.
        var groups = new Dictionary<(string OutletId, int Year, int Month), string>();
        string GroupOf(RatingRow r)
        {
            var key = (r.OutletId, r.PublishedAt.Year, r.PublishedAt.Month);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = Group(r);
            }

            return group;
        }

        return LeniencyModel.Fit(ratings.Select(r => new RatingObservation(r.ArticleId, r.AnnotatorId, r.Value, GroupOf(r))).ToList(), range, options);
    }

    /// <summary>The outlet-month an article's score is compared within, for the article variance.</summary>
    public static string Group(RatingRow r) => string.Create(CultureInfo.InvariantCulture, $"{r.OutletId}|{r.PublishedAt:yyyy-MM}");

    /// <summary>
    /// The priors of every bucket of the given kinds that has a rated article (and, if given, starts in [from, to)).
    /// Each bucket's outlet-units are those the rollups would give (<see cref="ScoringV2.Unit(OutletUnitSums, LeniencyFit)"/>'s
    /// arithmetic, in the same order), computed from arrays: the articles once, sorted per kind by (bucket, outlet, id),
    /// and the raters' weights in one buffer indexed by the rank of their id. A dictionary and a sort per outlet-unit
    /// (some 56,000 on the load data set) were 190 MB of garbage per refit of a dimension.
    /// </summary>
    public static IEnumerable<(Bucket Bucket, DateOnly Start, SdPosterior Prior)> Priors(
        IReadOnlyCollection<RatingRow> ratings, LeniencyFit fit, double range, MethodologyOptions options, IEnumerable<Bucket> kinds, DateOnly? from = null, DateOnly? to = null)
    {
        if (fit.Unavailable is not null)
        {
            yield break;
        }

        // Raters by the ordinal rank of their id: walking the buffer in index order is walking the ids in ordinal order.
        var list = ratings as IReadOnlyList<RatingRow> ?? ratings.ToArray();
        var (raterIds, rank) = RatedArticles.RanksOf(list.Select(r => r.AnnotatorId));
        var leniencies = raterIds.Select(fit.For).ToArray();
        var articles = RatedArticles.Of(list, r => r.ArticleId, r => r.AnnotatorId, r => r.Value, rank);
        var outlets = new string[articles.Count];
        var days = new DateOnly[articles.Count];
        for (var a = 0; a < articles.Count; a++)
        {
            outlets[a] = list[articles.First[a]].OutletId;
            days[a] = DateOnly.FromDateTime(list[articles.First[a]].PublishedAt);
        }

        var supported = ScoringV2.Supports(fit);
        var weights = new double[raterIds.Length];
        var order = new int[articles.Count];
        var starts = new DateOnly[articles.Count];
        var units = new List<OutletUnit>();
        foreach (var kind in kinds)
        {
            for (var a = 0; a < articles.Count; a++)
            {
                order[a] = a;
                starts[a] = Buckets.StartOf(days[a], kind);
            }

            // By bucket, then outlet (ordinal), then id (the articles' order): the grouping the rollups' units have.
            Array.Sort(order, (x, y) =>
            {
                var byStart = starts[x].CompareTo(starts[y]);
                if (byStart != 0)
                {
                    return byStart;
                }

                var byOutlet = string.CompareOrdinal(outlets[x], outlets[y]);
                return byOutlet != 0 ? byOutlet : x.CompareTo(y);
            });

            for (var i = 0; i < order.Length;)
            {
                var start = starts[order[i]];
                var bucketEnd = i;
                while (bucketEnd < order.Length && starts[order[bucketEnd]] == start)
                {
                    bucketEnd++;
                }

                if ((from is { } f && start < f) || (to is { } t && start >= t))
                {
                    i = bucketEnd;
                    continue;
                }

                units.Clear();
                while (i < bucketEnd)
                {
                    var outlet = outlets[order[i]];
                    long n = 0;
                    double sum = 0, inverse = 0;
                    Array.Clear(weights);
                    for (; i < bucketEnd && outlets[order[i]] == outlet; i++)
                    {
                        var a = order[i];
                        var k = articles.Length(a);
                        double total = 0;
                        for (var p = articles.Start[a]; p < articles.Start[a + 1]; p++)
                        {
                            total += articles.Values[p];
                        }

                        n++;
                        sum += total / k;
                        inverse += 1.0 / k;
                        for (var p = articles.Start[a]; p < articles.Start[a + 1]; p++)
                        {
                            weights[articles.Raters[p]] += 1.0 / k;
                        }
                    }

                    if (supported)
                    {
                        var shares = default(ScoringV2.UnitShares);
                        for (var r = 0; r < weights.Length; r++)
                        {
                            if (weights[r] != 0)
                            {
                                shares.Add(weights[r] / n, leniencies[r]);
                            }
                        }

                        units.Add(ScoringV2.Unit(n, sum, inverse, shares, fit));
                    }
                }

                if (ScoringV2.Prior(units, range, options) is { } prior)
                {
                    yield return (kind, start, prior);
                }
            }
        }
    }

    /// <summary>Every current rating on a dimension, for the refit: reads the annotations, so it runs in the background only.</summary>
    public static Task<List<RatingRow>> CurrentRatingsAsync(CredibilityDbContext db, string dimension, CancellationToken ct) =>
        db.Database.IsSqlite() ? CurrentRatingsSqliteAsync(db, dimension, RowidSpan, ct) : CurrentRatingsEfAsync(db, dimension, ct);

    /// <summary>The rowids one statement of the SQLite read covers (some 15 ms of reading each on the load data set).</summary>
    internal const long RowidSpan = 32_768;

    private static IQueryable<CurrentRating> CurrentRatingsQuery(CredibilityDbContext db, string dimension) =>
        Project(CurrentRatingsOf(db.Annotations, dimension));

    private static IQueryable<Annotation> CurrentRatingsOf(IQueryable<Annotation> annotations, string dimension) =>
        annotations.AsNoTracking()
            .Where(a => a.Kind == AnnotationKind.Rating && a.Dimension == dimension && a.Status == AnnotationStatus.Active && !a.Hidden
                        && a.ArticleId != null && a.ArticlePublishedAt != null && a.Value != null);

    private static IQueryable<CurrentRating> Project(IQueryable<Annotation> ratings) =>
        ratings
            .Select(a => new CurrentRating(a.ArticleId!, a.AuthorId, a.OutletId, a.ArticlePublishedAt!.Value, a.Value!.Value));

    internal sealed record CurrentRating(string ArticleId, string AuthorId, string OutletId, DateTime PublishedAt, double Value);

    /// <summary>
    /// The current ratings on a dimension among the annotations with rowids in (<paramref name="after"/>, <paramref name="upTo"/>]
    /// (SQLite). SQLite flattens the subquery: the plan is a search of the table by its rowid, not of an index.
    /// </summary>
    internal static IQueryable<CurrentRating> CurrentRatingsBetween(CredibilityDbContext db, string dimension, long after, long upTo) =>
        Project(CurrentRatingsOf(db.Annotations.FromSqlRaw("SELECT * FROM \"Annotations\" WHERE rowid > {0} AND rowid <= {1}", after, upTo), dimension));

    /// <summary>
    /// EF's own statement, read by hand: no materializer and row object per rating, ids shared, dates parsed by their
    /// format. With the leaner fit and priors, a refit of a dimension of the load data set allocates some 240 MB where it
    /// allocated 470, and 30 s of rating writes peaked at 441-456 MiB where they peaked at 499-520.
    /// </summary>
    /// <remarks>
    /// The table is read in the order it is stored, <paramref name="span"/> rowids per statement: a range of the table's own
    /// B-tree, each page read once. One statement kept its read snapshot for the whole read, 2-2.6 s on the load data set,
    /// while no WAL checkpoint could copy past it: under rating writes the log grew to 40,000 frames and the writes stalled
    /// (docs/benchmarks/group-commit-2026-12-06.md); a checkpoint gets through between these statements. Read before by
    /// annotator instead (the unique index on author, article and dimension, then the table row of each rating, at random:
    /// 1.9 s for a dimension of the load data set against 0.5 in rowid order; docs/benchmarks/refit-read-2026-12-07.md).
    /// The statements are not one snapshot: a rating changed meanwhile is read as it was or as it is (an update keeps its
    /// rowid), one inserted after the read began is not read, and the fit is left stale by the change count read first.
    /// The fit and the priors do not depend on the order the ratings come in (they group and sort them first).
    /// </remarks>
    internal static async Task<List<RatingRow>> CurrentRatingsSqliteAsync(CredibilityDbContext db, string dimension, long span, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(span, 1);
        var text = new SqliteText(new Dictionary<string, string>(StringComparer.Ordinal));
        var ratings = new List<RatingRow>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            long last;
            await using (var max = db.Database.GetDbConnection().CreateCommand())
            {
                max.CommandText = "SELECT COALESCE(MAX(rowid), 0) FROM \"Annotations\"";
                last = Convert.ToInt64(await max.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            }

            for (var from = 0L; from < last; from += span)
            {
                if (from > 0)
                {
                    // SQLite's awaits complete on this thread: without a yield the read keeps one thread-pool thread for
                    // its whole duration (docs/benchmarks/refit-stalls-2026-12-06.md). It comes between statements, so no
                    // statement's read snapshot holds the checkpoints back while this waits for a thread again.
                    await Task.Yield();
                }

                await using var command = CurrentRatingsBetween(db, dimension, from, Math.Min(from + span, last)).CreateDbCommand();
                await using var reader = (Microsoft.Data.Sqlite.SqliteDataReader)await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    ratings.Add(new RatingRow(text.Id(reader, 0), text.Id(reader, 1), text.Id(reader, 2), SqliteText.Instant(reader, 3), reader.GetDouble(4)));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return ratings;
    }

    /// <summary>The same rows through EF (SQL Server), streamed, with one string per distinct id instead of three per row.</summary>
    internal static async Task<List<RatingRow>> CurrentRatingsEfAsync(CredibilityDbContext db, string dimension, CancellationToken ct)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var ratings = new List<RatingRow>();
        await foreach (var a in CurrentRatingsQuery(db, dimension).AsAsyncEnumerable().WithCancellation(ct))
        {
            ratings.Add(new RatingRow(Shared(ids, a.ArticleId), Shared(ids, a.AuthorId), Shared(ids, a.OutletId), a.PublishedAt, a.Value));
        }

        return ratings;
    }

    /// <summary>
    /// One string per distinct id: a dimension of a million-rating history has some 200,000 ratings but only thousands of
    /// articles and tens of annotators and outlets.
    /// </summary>
    private static string Shared(Dictionary<string, string> ids, string id)
    {
        if (ids.TryGetValue(id, out var shared))
        {
            return shared;
        }

        ids[id] = id;
        return id;
    }

    /// <summary>Text columns of a SQLite row: ids shared by value, instants parsed by their known format.</summary>
    private sealed class SqliteText(Dictionary<string, string> ids)
    {
        public string Id(Microsoft.Data.Sqlite.SqliteDataReader reader, int ordinal) => Shared(ids, reader.GetString(ordinal));

        /// <summary>An instant as EF Core stores it on SQLite ('yyyy-MM-dd HH:mm:ss' and up to seven fraction digits), as UTC.</summary>
        public static DateTime Instant(Microsoft.Data.Sqlite.SqliteDataReader reader, int ordinal) =>
            DateTime.TryParseExact(reader.GetString(ordinal), "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                ? DateTime.SpecifyKind(at, DateTimeKind.Utc)
                : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
    }

    /// <summary>Each dimension's range (max − min), from the newest rubric version that defines it.</summary>
    public static async Task<Dictionary<string, double>> RangesAsync(CredibilityDbContext db, CancellationToken ct) =>
        (await db.RubricDimensions.AsNoTracking().Select(d => new { d.Key, d.RubricVersion, d.Min, d.Max }).ToListAsync(ct))
        .GroupBy(d => d.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.MaxBy(d => d.RubricVersion)!.Max - g.MaxBy(d => d.RubricVersion)!.Min, StringComparer.Ordinal);

    /// <summary>
    /// The stored v2 state of some dimensions, with the priors of the buckets of one kind starting in [from, to):
    /// one row per dimension, one per annotator and one per bucket. A dimension never fitted gets a fit that says so.
    /// With <paramref name="only"/>, only the priors of those (dimension, bucket start)s are read: a series needs
    /// the prior of a bucket only where the outlet has rated articles (<see cref="ScoreInputs.OutletBuckets"/>),
    /// and each prior is a grid of some 50 points, so this reads a fraction of the rows' bytes.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, DimensionV2>> StoredAsync(
        CredibilityDbContext db, IReadOnlyCollection<string> dimensions, Bucket? bucket, DateOnly from, DateOnly to, CancellationToken ct,
        IReadOnlyCollection<(string Dimension, DateOnly Start)>? only = null)
    {
        var ranges = await RangesAsync(db, ct);
        var fits = await db.DimensionFits.AsNoTracking().Where(f => dimensions.Contains(f.Dimension)).ToListAsync(ct);
        var leniencies = (await db.AnnotatorLeniencies.AsNoTracking().Where(l => dimensions.Contains(l.Dimension)).ToListAsync(ct))
            .ToLookup(l => l.Dimension, StringComparer.Ordinal);
        var starts = only?.Select(o => o.Start).Distinct().Order().ToList();
        var priors = bucket is not { } kind
            ? []
            : starts is null
                ? await db.BucketPriorsV2.AsNoTracking()
                    .Where(p => dimensions.Contains(p.Dimension) && p.Bucket == kind && p.Start >= from && p.Start < to)
                    .ToListAsync(ct)
                : await db.BucketPriorsV2.AsNoTracking()
                    .Where(p => dimensions.Contains(p.Dimension) && p.Bucket == kind && p.Start >= from && p.Start < to && starts.Contains(p.Start))
                    .ToListAsync(ct);
        if (only is not null)
        {
            var wanted = only.ToHashSet();
            priors = priors.Where(p => wanted.Contains((p.Dimension, p.Start))).ToList();
        }

        var priorsOf = priors.ToLookup(p => p.Dimension, StringComparer.Ordinal);
        return dimensions.ToDictionary(d => d, d =>
        {
            var row = fits.FirstOrDefault(f => f.Dimension == d);
            var fit = row?.ComputedAt is null
                ? LeniencyFit.Empty with { Unavailable = NotYetFitted }
                : new LeniencyFit(
                    leniencies[d].ToDictionary(l => l.AnnotatorId, l => l.ToScoring(), StringComparer.Ordinal),
                    row.NoiseVariance, row.ArticleVariance, row.LeniencyVariance, row.SharedVariance,
                    row.Ratings, row.Articles, row.OverlappingArticles, row.Unavailable);
            return new DimensionV2(d, fit, ranges.GetValueOrDefault(d, 100), row?.ComputedAt,
                priorsOf[d].ToDictionary(p => (p.Bucket, p.Start), p => BucketPriorV2.Unpack(p.Grid, p.Outlets)));
        }, StringComparer.Ordinal);
    }

    /// <summary>The v2 state of some dimensions computed from the ratings as they stood at an instant (for asOf).</summary>
    public static IReadOnlyDictionary<string, DimensionV2> FromRatings(
        ILookup<string, RatingRow> ratingsByDimension, IReadOnlyCollection<string> dimensions,
        IReadOnlyDictionary<string, double> ranges, Bucket bucket, DateOnly from, DateOnly to, MethodologyOptions options) =>
        dimensions.ToDictionary(d => d, d =>
        {
            var mine = ratingsByDimension[d].ToList();
            var range = ranges.GetValueOrDefault(d, 100);
            var fit = Fit(mine, range, options);
            var priors = Priors(mine, fit, range, options, [bucket], from, to).ToDictionary(p => (p.Bucket, p.Start), p => p.Prior);
            return new DimensionV2(d, fit, range, null, priors);
        }, StringComparer.Ordinal);

    public const string NotYetFitted =
        "Annotator leniencies and variance components for this dimension have not been estimated yet; they are refreshed in the background within seconds of a change.";
}

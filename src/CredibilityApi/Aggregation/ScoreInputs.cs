using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation;

/// <summary>One outlet's rated articles of one day on one dimension, as the scoring code consumes them.</summary>
/// <remarks><see cref="InverseRatingsSum"/> is Σ 1/k over the day's articles (k ratings each), for v2's noise term.</remarks>
public sealed record DayInput(string OutletId, string Dimension, DateOnly Day, Moments Scores, int Ratings, Krippendorff.IntervalSums Alpha, double InverseRatingsSum = 0);

/// <summary>One article's score on one dimension, for the decayed score.</summary>
public sealed record ArticleInput(string OutletId, string Dimension, DateTime PublishedAt, double Score);

/// <summary>
/// Stored priors (<see cref="BucketPrior"/>) for the whole buckets of a window: a bucket of kind
/// <see cref="Bucket"/> starting in [<see cref="From"/>, <see cref="To"/>) has the prior in
/// <see cref="Priors"/>, or none when no outlet had a rated article in it.
/// </summary>
public sealed record StoredPriors(Bucket Bucket, DateOnly From, DateOnly To, IReadOnlyDictionary<(string Dimension, DateOnly Start), Prior> Priors)
{
    public bool Covers(Bucket bucket, DateOnly start) => bucket == Bucket && start >= From && start < To;
}

/// <summary>
/// Everything a score series needs, from the rollups or, for asOf, from the revision history. A bucket
/// that <see cref="Priors"/> covers needs only the outlet's own rows in <see cref="Days"/>; any other
/// bucket needs every outlet's, for its prior.
/// </summary>
public sealed record ScoreInputs(
    IReadOnlyList<DayInput> Days,
    IReadOnlyList<ArticleInput> OutletArticles,
    IReadOnlyDictionary<(string Dimension, DateOnly Day), IReadOnlyCollection<string>> OutletAnnotators,
    StoredPriors? Priors = null,
    IReadOnlyDictionary<(string Dimension, DateOnly Day), IReadOnlyDictionary<string, double>>? OutletAnnotatorWeights = null,
    ILookup<string, RatingRow>? Ratings = null)
{
    /// <summary>
    /// The buckets of one kind in which <paramref name="outletId"/> has a day row, per dimension: the only buckets
    /// whose v2 prior its series uses (a bucket without the outlet's rated articles gets no estimate).
    /// </summary>
    public IReadOnlyCollection<(string Dimension, DateOnly Start)> OutletBuckets(string outletId, Bucket bucket) =>
        Days.Where(d => d.OutletId == outletId).Select(d => (d.Dimension, Buckets.StartOf(d.Day, bucket))).ToHashSet();

    /// <summary>The outlet's v2 sums of a window on a dimension: its day rows and each annotator's share of the article scores.</summary>
    public Scoring.OutletUnitSums UnitSums(string dimension, IEnumerable<DayInput> mine, DateOnly start, DateOnly end)
    {
        var days = mine.ToList();
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var day = start; day < end; day = day.AddDays(1))
        {
            if (OutletAnnotatorWeights?.TryGetValue((dimension, day), out var onDay) == true)
            {
                foreach (var (annotator, weight) in onDay)
                {
                    weights[annotator] = weights.GetValueOrDefault(annotator) + weight;
                }
            }
        }

        return new Scoring.OutletUnitSums(days.Sum(d => d.Scores.N), days.Sum(d => d.Scores.Sum), days.Sum(d => d.InverseRatingsSum), weights);
    }
}

public static class ScoreInputLoader
{
    /// <summary>
    /// From the rollups: every outlet's day rows in the window (the prior needs them all), the outlet's
    /// article scores up to the window's end (for decay) and its day annotators. Never reads annotations.
    /// </summary>
    public static async Task<ScoreInputs> FromRollupsAsync(CredibilityDbContext db, string outletId, IReadOnlyCollection<string> dimensions, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var days = await db.OutletDayStats.AsNoTracking()
            .Where(s => dimensions.Contains(s.Dimension) && s.Day >= from && s.Day < to)
            .Select(ToDayRow)
            .ToListAsync(ct);
        return await OutletPartAsync(db, outletId, dimensions, from, to, days, null, ct);
    }

    /// <summary>
    /// From the rollups, for a series cut in <paramref name="bucket"/>s: the same inputs, but each whole
    /// bucket of the window takes its prior from <see cref="BucketPrior"/> (one row per bucket), so only the
    /// outlet's own day rows are read, plus every outlet's days in a bucket the window cuts short (usually the
    /// current one), whose prior is estimated from them as before. Reads O(buckets + the outlet's rows)
    /// instead of every outlet's day rows in the window.
    /// </summary>
    /// <remarks>
    /// Methodology v2 takes its priors from <see cref="BucketPriorV2"/> instead (<paramref name="v1Priors"/> false):
    /// then only the outlet's own rows are read.
    /// </remarks>
    public static async Task<ScoreInputs> FromRollupsAsync(CredibilityDbContext db, string outletId, IReadOnlyCollection<string> dimensions, DateOnly from, DateOnly to, Bucket bucket, CancellationToken ct, bool v1Priors = true)
    {
        if (!v1Priors)
        {
            var own = await db.OutletDayStats.AsNoTracking()
                .Where(s => s.OutletId == outletId && dimensions.Contains(s.Dimension) && s.Day >= from && s.Day < to)
                .Select(ToDayRow)
                .ToListAsync(ct);
            return await OutletPartAsync(db, outletId, dimensions, from, to, own, null, ct);
        }

        var firstStart = Buckets.StartOf(from, bucket);
        var wholeFrom = firstStart == from ? from : Buckets.Next(firstStart, bucket);
        var wholeTo = Buckets.StartOf(to, bucket);
        if (wholeTo < wholeFrom)
        {
            wholeTo = wholeFrom;
        }

        var priors = await db.BucketPriors.AsNoTracking()
            .Where(p => dimensions.Contains(p.Dimension) && p.Bucket == bucket && p.Start >= wholeFrom && p.Start < wholeTo)
            .Select(p => new { p.Dimension, p.Start, p.Mu, p.Tau2, p.Sigma2, p.Outlets })
            .ToListAsync(ct);
        var days = await db.OutletDayStats.AsNoTracking()
            .Where(s => s.OutletId == outletId && dimensions.Contains(s.Dimension) && s.Day >= from && s.Day < to)
            .Select(ToDayRow)
            .ToListAsync(ct);
        foreach (var (edgeFrom, edgeTo) in new[] { (from, wholeFrom < to ? wholeFrom : to), (wholeTo, to) })
        {
            if (edgeFrom < edgeTo)
            {
                days.AddRange(await db.OutletDayStats.AsNoTracking()
                    .Where(s => dimensions.Contains(s.Dimension) && s.Day >= edgeFrom && s.Day < edgeTo && s.OutletId != outletId)
                    .Select(ToDayRow)
                    .ToListAsync(ct));
            }
        }

        var stored = new StoredPriors(bucket, wholeFrom, wholeTo,
            priors.ToDictionary(p => (p.Dimension, p.Start), p => new Prior(p.Mu, p.Tau2, p.Sigma2, p.Outlets)));
        // Methodology v1 never reads the annotators' weights: without them the read is covered by the primary key's index.
        return await OutletPartAsync(db, outletId, dimensions, from, to, days, stored, ct, weights: false);
    }

    /// <summary>The columns of a day row the scoring code reads, as one projection every query shares.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<OutletDayStats, DayRow>> ToDayRow = s =>
        new DayRow(s.OutletId, s.Dimension, s.Day, s.Articles, s.ScoreSum, s.ScoreSumSquares, s.Ratings, s.PairableValues, s.PairableUnits, s.PairableSum, s.PairableSumSquares, s.ObservedDisagreement, s.InverseRatingsSum);

    private sealed record DayRow(string OutletId, string Dimension, DateOnly Day, int Articles, double ScoreSum, double ScoreSumSquares, int Ratings, int PairableValues, int PairableUnits, double PairableSum, double PairableSumSquares, double ObservedDisagreement, double InverseRatingsSum);

    /// <summary>
    /// The outlet's article scores up to the window's end (for decay) and its day annotators, around the day rows; with
    /// <paramref name="weights"/>, each annotator's weight too (methodology v2's unit sums need them, v1 does not).
    /// </summary>
    private static async Task<ScoreInputs> OutletPartAsync(CredibilityDbContext db, string outletId, IReadOnlyCollection<string> dimensions, DateOnly from, DateOnly to, List<DayRow> days, StoredPriors? priors, CancellationToken ct, bool weights = true)
    {
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var articles = await db.ArticleDimensionStats.AsNoTracking()
            .Where(s => s.OutletId == outletId && dimensions.Contains(s.Dimension) && s.PublishedAt < end)
            .Select(s => new ArticleInput(s.OutletId, s.Dimension, s.PublishedAt, s.Sum / s.Ratings))
            .ToListAsync(ct);
        var inWindow = db.OutletDayAnnotators.AsNoTracking()
            .Where(s => s.OutletId == outletId && dimensions.Contains(s.Dimension) && s.Day >= from && s.Day < to);
        var annotators = weights
            ? await inWindow.Select(s => new DayAnnotator(s.Dimension, s.Day, s.AnnotatorId, s.Weight)).ToListAsync(ct)
            : await inWindow.Select(s => new DayAnnotator(s.Dimension, s.Day, s.AnnotatorId, 0)).ToListAsync(ct);
        var byDay = annotators.GroupBy(a => (a.Dimension, a.Day)).ToList();

        return new ScoreInputs(
            days.Select(d => new DayInput(d.OutletId, d.Dimension, d.Day,
                new Moments(d.Articles, d.ScoreSum, d.ScoreSumSquares), d.Ratings,
                new Krippendorff.IntervalSums(d.PairableValues, d.PairableUnits, d.PairableSum, d.PairableSumSquares, d.ObservedDisagreement), d.InverseRatingsSum)).ToList(),
            articles,
            byDay.ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Select(a => a.AnnotatorId).ToHashSet()),
            priors,
            weights ? byDay.ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, double>)g.ToDictionary(a => a.AnnotatorId, a => a.Weight, StringComparer.Ordinal)) : null);
    }

    private sealed record DayAnnotator(string Dimension, DateOnly Day, string AnnotatorId, double Weight);

    /// <summary>
    /// For asOf: the ratings as they stood at <paramref name="asOf"/>, rebuilt from the revisions recorded
    /// up to then (latest revision of each rating, unless retracted or hidden at that point). It exists so that
    /// a cited figure can be reproduced exactly, and it reads only what the figure needs, each through an index
    /// on the revisions' own outlet, dimension and publication date: the outlet's ratings (their revisions
    /// only), and for the priors under v1 the other outlets' ratings of articles published in the window.
    /// <paramref name="everyOutlet"/> (v2, whose leniencies are fitted on every rating) reads every rating of
    /// the dimensions instead. Either way, only a rating's latest revision at the instant is read in full:
    /// how often a rating was revised costs an index probe, not a row.
    /// </summary>
    public static async Task<ScoreInputs> AsOfAsync(CredibilityDbContext db, string outletId, IReadOnlyCollection<string> dimensions, DateOnly from, DateOnly to, DateTime asOf, CancellationToken ct, bool blindOnly = false, string? campaignId = null, bool everyOutlet = false)
    {
        var latest = LatestAt(db, asOf);
        var snapshots = new List<string>();
        if (everyOutlet)
        {
            snapshots.AddRange(await latest.Where(r => dimensions.Contains(r.Dimension!))
                .Select(r => r.Snapshot).ToListAsync(ct));
        }
        else
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            snapshots.AddRange(await latest.Where(r => r.OutletId == outletId && dimensions.Contains(r.Dimension!))
                .Select(r => r.Snapshot).ToListAsync(ct));
            snapshots.AddRange(await latest.Where(r => dimensions.Contains(r.Dimension!) && r.ArticlePublishedAt >= start && r.ArticlePublishedAt < end && r.OutletId != outletId)
                .Select(r => r.Snapshot).ToListAsync(ct));
        }

        var ratings = snapshots
            .Select(Features.Annotations.Snapshots.Read)
            .Where(CountedRating)
            .Where(a => !blindOnly || a.Blind)
            // Under asOf a campaign's ratings are those marked with it (the mark is in the snapshots; the assignments are not).
            .Where(a => campaignId is null || a.CampaignId == campaignId)
            .Select(a => new RatingFact(a.OutletId, a.ArticleId!, a.Rating!.Dimension, a.ArticlePublishedAt!.Value, a.Rating.Value, a.AuthorId))
            .ToList();
        return FromRatings(ratings, outletId, from, to);
    }

    /// <summary>Each annotation's revision that was its state at <paramref name="asOf"/>: recorded by then, with no later one recorded by then.</summary>
    private static IQueryable<AnnotationRevision> LatestAt(CredibilityDbContext db, DateTime asOf) =>
        db.AnnotationRevisions.AsNoTracking()
            .Where(r => r.RecordedAt <= asOf
                        && !db.AnnotationRevisions.Any(n => n.AnnotationId == r.AnnotationId && n.Revision > r.Revision && n.RecordedAt <= asOf));

    /// <summary>Whether a snapshot is a rating that counts in an aggregate: active, visible, of an article with a publication date.</summary>
    private static bool CountedRating(Features.Annotations.AnnotationModel a) =>
        a.Status == AnnotationStatus.Active && !a.Hidden && a.Rating is not null && a.ArticleId is not null && a.ArticlePublishedAt is not null;

    /// <summary>
    /// The first and last publication day of the outlet's rated articles on the dimensions as of <paramref name="asOf"/>
    /// (the ratings active and visible then, from their latest revisions by then, as <see cref="AsOfAsync"/> reads them);
    /// null when it had none. An asOf series without from and to takes its window from these, so the answer never
    /// depends on what was rated later.
    /// </summary>
    public static async Task<(DateOnly First, DateOnly Last)?> PublishedRangeAsOfAsync(CredibilityDbContext db, string outletId, IReadOnlyCollection<string> dimensions, DateTime asOf, CancellationToken ct)
    {
        var snapshots = await LatestAt(db, asOf)
            .Where(r => r.OutletId == outletId && dimensions.Contains(r.Dimension!))
            .Select(r => r.Snapshot)
            .ToListAsync(ct);
        var days = snapshots
            .Select(Features.Annotations.Snapshots.Read)
            .Where(CountedRating)
            .Select(a => DateOnly.FromDateTime(a.ArticlePublishedAt!.Value))
            .ToList();
        return days.Count == 0 ? null : (days.Min(), days.Max());
    }

    /// <summary>
    /// For campaignId and blindOnly: the current ratings of one study campaign (<see cref="CampaignScopes.OfCampaign"/>),
    /// or those made blind (while their author's campaign assignment of the article was pending, so they saw no one
    /// else's work), or both. Either is a bounded set (a campaign's items × k × dimensions; blind ratings exist only in
    /// campaigns and are found through the (CampaignId, ArticleId) index), never the whole ratings table.
    /// </summary>
    public static async Task<ScoreInputs> SubsetAsync(CredibilityDbContext db, string outletId, IReadOnlyCollection<string> dimensions, DateOnly from, DateOnly to, string? campaignId, bool blindOnly, CancellationToken ct)
    {
        var ratings = await CampaignScopes.Subset(db, campaignId, blindOnly)
            .Where(a => a.Kind == AnnotationKind.Rating && a.Status == AnnotationStatus.Active && !a.Hidden
                        && dimensions.Contains(a.Dimension!) && a.ArticleId != null && a.ArticlePublishedAt != null)
            .Select(a => new RatingFact(a.OutletId, a.ArticleId!, a.Dimension!, a.ArticlePublishedAt!.Value, a.Value!.Value, a.AuthorId))
            .ToListAsync(ct);
        return FromRatings(ratings, outletId, from, to);
    }

    /// <summary>One current rating, as the raw-rating paths (asOf, blindOnly) read it.</summary>
    private sealed record RatingFact(string OutletId, string ArticleId, string Dimension, DateTime ArticlePublishedAt, double Value, string AuthorId);

    /// <summary>Score inputs computed from a set of ratings instead of the rollups: what the rollups would hold for exactly these ratings.</summary>
    private static ScoreInputs FromRatings(List<RatingFact> ratings, string outletId, DateOnly from, DateOnly to)
    {
        // Sorted, so sums run in one order and the same history always gives the same numbers.
        var perArticle = ratings
            .GroupBy(a => (a.OutletId, a.ArticleId, a.Dimension, PublishedAt: a.ArticlePublishedAt))
            .OrderBy(g => g.Key.ArticleId, StringComparer.Ordinal).ThenBy(g => g.Key.Dimension, StringComparer.Ordinal)
            .Select(g =>
            {
                var sorted = g.OrderBy(a => a.AuthorId, StringComparer.Ordinal).ToList();
                return (g.Key, Values: sorted.Select(a => a.Value).ToList(), Authors: sorted.Select(a => a.AuthorId).ToList());
            })
            .ToList();
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        var days = perArticle
            .Where(a => DateOnly.FromDateTime(a.Key.PublishedAt) >= from && DateOnly.FromDateTime(a.Key.PublishedAt) < to)
            .GroupBy(a => (a.Key.OutletId, a.Key.Dimension, Day: DateOnly.FromDateTime(a.Key.PublishedAt)))
            .Select(g => new DayInput(g.Key.OutletId, g.Key.Dimension, g.Key.Day,
                Moments.Of(g.Select(a => a.Values.Average())),
                g.Sum(a => a.Values.Count),
                g.Select(a => Krippendorff.UnitSums(a.Values)).Aggregate(default(Krippendorff.IntervalSums), Krippendorff.Merge),
                g.Sum(a => 1.0 / a.Values.Count)))
            .ToList();
        var articles = perArticle
            .Where(a => a.Key.OutletId == outletId && a.Key.PublishedAt < end)
            .Select(a => new ArticleInput(a.Key.OutletId, a.Key.Dimension, a.Key.PublishedAt, a.Values.Average()))
            .ToList();
        // The outlet's annotators and their shares, of the window's articles only (as the rollups are read): a bucket cut by
        // from or to counts no one who rated only outside it.
        var inWindow = perArticle
            .Where(a => a.Key.OutletId == outletId && DateOnly.FromDateTime(a.Key.PublishedAt) >= from && DateOnly.FromDateTime(a.Key.PublishedAt) < to)
            .ToList();
        var annotators = inWindow
            .GroupBy(a => (a.Key.Dimension, DateOnly.FromDateTime(a.Key.PublishedAt)))
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.SelectMany(a => a.Authors).ToHashSet());
        var weights = inWindow
            .GroupBy(a => (a.Key.Dimension, DateOnly.FromDateTime(a.Key.PublishedAt)))
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, double>)g
                .SelectMany(a => a.Authors.Select(author => (author, Weight: 1.0 / a.Values.Count)))
                .GroupBy(x => x.author, StringComparer.Ordinal)
                .ToDictionary(x => x.Key, x => x.Sum(y => y.Weight), StringComparer.Ordinal));
        var rows = perArticle
            .SelectMany(a => a.Authors.Select((author, i) => (a.Key.Dimension, Row: new RatingRow(a.Key.ArticleId!, author, a.Key.OutletId, a.Key.PublishedAt, a.Values[i]))))
            .ToLookup(x => x.Dimension, x => x.Row, StringComparer.Ordinal);
        return new ScoreInputs(days, articles, annotators, null, weights, rows);
    }
}

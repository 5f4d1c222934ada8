using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation.Read;

/// <summary>
/// What a series is asked for: the outlet, its dimensions (null: every dimension of the current rubric), the
/// bucket and window (null: a month, the year up to tomorrow), the half-life (null: the methodology's), and asOf to
/// recompute from the revisions recorded by then, and blindOnly to count only ratings made blind in campaigns.
/// </summary>
public sealed record SeriesQuery(
    string OutletId,
    IReadOnlyList<string>? Dimensions,
    Bucket? Bucket,
    DateOnly? From,
    DateOnly? To,
    double? HalfLifeDays,
    DateTime? AsOf,
    MethodologyOptions Methodology,
    bool BlindOnly = false,
    string? CampaignId = null);

/// <summary>
/// What a series says of a dimension's v2 fit: the variance components, how many ratings, articles and annotators they
/// rest on, and when they were computed. Not the per-annotator estimates or the bucket priors, which the points have used:
/// a cached series keeps only this.
/// </summary>
public sealed record VarianceSummary(
    string Dimension,
    DateTime? ComputedAt,
    double? NoiseVariance,
    double? ArticleVariance,
    double LeniencyVariance,
    int Ratings,
    int OverlappingArticles,
    int Annotators,
    string? Unavailable)
{
    public static VarianceSummary Of(DimensionV2 v2) => new(
        v2.Dimension, v2.ComputedAt, v2.Fit.NoiseVariance, v2.Fit.ArticleVariance, v2.Fit.LeniencyVariance,
        v2.Fit.Ratings, v2.Fit.OverlappingArticles, v2.Fit.Annotators.Count, v2.Fit.Unavailable);
}

/// <summary>The composite index of one bucket; null when no weighted dimension has a score.</summary>
/// <summary>A bucket's composite index, and the dimensions whose scores went into it (the others had none there).</summary>
public sealed record CompositeIndex(DateOnly Start, DateOnly End, double? Index, IReadOnlyList<string> Dimensions);

/// <summary>
/// An outlet's scores over time, complete: the points of the dimensions asked for, the composite index per bucket
/// (over every weighted dimension of the current rubric, asked for or not), and what is needed to cite and
/// reproduce them: the window, half-life, asOf, methodology, and under v2 the variance components used.
/// </summary>
public sealed record SeriesReport(
    string OutletId,
    string OutletName,
    Bucket Bucket,
    DateOnly From,
    DateOnly To,
    string? WindowNote,
    double HalfLifeDays,
    DateTime? AsOf,
    string MethodologyVersion,
    DateTime ComputedAt,
    IReadOnlyList<VarianceSummary>? VarianceComponents,
    IReadOnlyList<SeriesPoint> Points,
    IReadOnlyList<CompositeIndex> Composite,
    bool BlindOnly = false,
    string? CampaignId = null)
{
    /// <summary>A longer series is refused: use a coarser bucket or a shorter window.</summary>
    public const int MaxBuckets = 2000;

    public static async Task<ReportResult<SeriesReport>> BuildAsync(
        CredibilityDbContext db, RollupApplier rollups, IRollupInputs rollupInputs, SeriesQuery query, DateTime now, CancellationToken ct,
        SeriesCache? cache = null, ScoreComputations? computations = null)
    {
        var outlet = await db.Outlets.AsNoTracking().Where(o => o.Id == query.OutletId).Select(o => new { o.Id, o.Name }).SingleOrDefaultAsync(ct);
        if (outlet is null)
        {
            return new Refusal.UnknownOutlet(query.OutletId);
        }

        if (query.CampaignId is not null && !await db.Campaigns.AnyAsync(c => c.Id == query.CampaignId, ct))
        {
            return new Refusal.UnknownCampaign(query.CampaignId);
        }

        var current = await db.RubricVersions.MaxAsync(r => r.Version, ct);
        // Published rubric versions never change: their dimensions are remembered per version (RubricCatalog).
        var rubric = await RubricCatalog.DimensionsAsync(db, current, ct);
        var dimensions = query.Dimensions is null
            ? rubric.Keys.Order(StringComparer.Ordinal).ToList()
            : query.Dimensions.ToList();
        if (await Refusal.UnknownDimensions.CheckAsync(db, dimensions, current, ct) is { } unknown)
        {
            return unknown;
        }

        var bucket = query.Bucket ?? Bucket.Month;
        // Current rollups for a live read, and for its default window, which is read from them (an asOf series reads the revisions).
        var pending = 0L;
        if (query.AsOf is null)
        {
            pending = await rollups.WaitUntilCurrentAsync(db, ct);
        }

        // What the answer misses, when its figures come from the rollups: an asOf series reads the revisions, a campaign or
        // blind one the ratings themselves (the rollups give those at most the default window).
        if (query.AsOf is not null || query.BlindOnly || query.CampaignId is not null)
        {
            pending = 0;
        }

        // A live series is served from the cache while nothing it is computed from has changed since (ScoreStamp).
        // The stamp is read before the inputs, so what is remembered under it is at least as new as it says.
        // A cached series is answered with the name as read by this request: a rename committed after the stamp was read
        // would otherwise be cached under it.
        // The answer says how many queued changes it misses (this read's own wait; a cached series was computed from the same rollups).
        ReportResult<SeriesReport> Named(SeriesReport cached) =>
            ReportResult<SeriesReport>.Of(cached.OutletName == outlet.Name ? cached : cached with { OutletName = outlet.Name }, pending);
        SeriesCache.Key? cacheKey = null;
        long stamp = 0;
        if (cache is { Enabled: true } && query is { AsOf: null, BlindOnly: false, CampaignId: null })
        {
            cacheKey = new SeriesCache.Key(query.OutletId, string.Join('\u001f', dimensions), query.Bucket, query.From, query.To,
                query.HalfLifeDays, query.Methodology, current, DateOnly.FromDateTime(now));
            stamp = await ScoreStamp.ReadAsync(db, ct);
            if (cache.Find(cacheKey, stamp) is { } cached)
            {
                return Named(cached);
            }
        }

        // Computed: in one of the node's computation slots (ScoreComputations). While this request waited for one,
        // another may have computed the same series under the same stamp.
        using var slot = await ScoreComputations.EnterAsync(computations, ct);
        if (cacheKey is not null && slot is not null && cache!.Find(cacheKey, stamp) is { } computedMeanwhile)
        {
            return Named(computedMeanwhile);
        }

        var window = await DataWindow.ResolveAsync(db, outlet.Id, dimensions, query.From, query.To, bucket, MaxBuckets, now, ct,
            query.AsOf is { } at ? Instants.AsUtc(at) : null);
        var (from, to) = (window.From, window.To);
        // An explicit window is used as given: a from inside a bucket cuts that bucket short, as a to inside one cuts the
        // last, so the figures hold only articles published in [from, to) (as the ranking's do); under v1 a cut bucket's
        // prior is then the window's part of it, as for the last bucket, and under v2 the bucket's stored prior. A default
        // window starts at the outlet's first rated article, so nothing of the outlet's lies before it: its first bucket is
        // read whole, and keeps its whole-bucket prior under v1 too.
        var windowStart = Buckets.StartOf(from, bucket);
        var readFrom = window.Defaulted ? windowStart : from;
        if (Buckets.Count(from, to, bucket) > MaxBuckets)
        {
            return new Refusal.TooManyBuckets(MaxBuckets);
        }

        var methodology = query.Methodology;
        var halfLife = query.HalfLifeDays ?? methodology.DefaultHalfLifeDays;
        // The composite needs every weighted dimension of the current rubric, asked for or not.
        var weighted = rubric.Values.Where(d => d.Polarity == Domain.Polarity.HigherIsBetter && d.Weight > 0).ToList();
        var computed = dimensions.Union(weighted.Select(d => d.Key)).ToList();

        var asOf = query.AsOf is { } a ? Instants.AsUtc(a) : (DateTime?)null;
        // campaignId and blindOnly read their (bounded) ratings themselves; the rollups hold every rating.
        var inputs = asOf is { } instant
            ? await ScoreInputLoader.AsOfAsync(db, outlet.Id, computed, readFrom, to, instant, ct, query.BlindOnly, query.CampaignId,
                everyOutlet: methodology.Version != Methodology.V1.Version)
            : query.BlindOnly || query.CampaignId is not null
                ? await ScoreInputLoader.SubsetAsync(db, outlet.Id, computed, readFrom, to, query.CampaignId, query.BlindOnly, ct)
                : await rollupInputs.ReadAsync(outlet.Id, computed, readFrom, to, bucket, v1Priors: methodology.Version == Methodology.V1.Version, ct);
        V2Series? v2 = null;
        if (methodology.Version == Methodology.V2.Version)
        {
            v2 = new V2Series(methodology, inputs.Ratings is { } asOfRatings
                ? V2Model.FromRatings(asOfRatings, computed, await V2Model.RangesAsync(db, ct), bucket, windowStart, to, methodology)
                : await V2Model.StoredAsync(db, computed, bucket, windowStart, to, ct, inputs.OutletBuckets(outlet.Id, bucket)));
        }

        var all = SeriesBuilder.Build(inputs, outlet.Id, computed, from, to, bucket, halfLife, v2);
        var composite = all
            .GroupBy(p => (p.Start, p.End))
            .Select(g =>
            {
                var scores = weighted.Select(d => new DimensionScore(
                    d.Key, d.Min, d.Max, d.Weight, true, g.FirstOrDefault(p => p.Dimension == d.Key)?.Posterior?.Mean)).ToList();
                return new CompositeIndex(g.Key.Start, g.Key.End, Scoring.Composite.Index(scores),
                    [.. Scoring.Composite.Included(scores).Select(d => d.Key).Order(StringComparer.Ordinal)]);
            })
            .OrderBy(c => c.Start)
            .ToList();

        var report = new SeriesReport(
            outlet.Id,
            outlet.Name,
            bucket,
            from,
            to,
            window.Note,
            halfLife,
            asOf,
            methodology.Version,
            now,
            v2?.Dimensions.Values.Where(d => dimensions.Contains(d.Dimension)).OrderBy(d => d.Dimension, StringComparer.Ordinal).Select(VarianceSummary.Of).ToList(),
            all.Where(p => dimensions.Contains(p.Dimension)).ToList(),
            composite,
            query.BlindOnly,
            query.CampaignId);
        if (cacheKey is not null)
        {
            cache!.Remember(cacheKey, stamp, report);
        }

        return ReportResult<SeriesReport>.Of(report, pending);
    }
}

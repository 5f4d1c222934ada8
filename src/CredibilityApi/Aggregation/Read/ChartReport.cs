using CredibilityApi.Data;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation.Read;

/// <summary>What a chart is asked for: one outlet and dimension, the bucket and window (null: a month; without from and to, the outlet's rated articles).</summary>
public sealed record ChartQuery(string OutletId, string Dimension, Bucket? Bucket, DateOnly? From, DateOnly? To, MethodologyOptions Methodology, bool BlindOnly = false, string? CampaignId = null, DateTime? AsOf = null);

/// <summary>
/// One dimension of an outlet's series, from the rollups, at the methodology's default half-life, with what a
/// chart draws around it: the outlet's name, the dimension's label and scale.
/// </summary>
public sealed record ChartReport(
    string OutletName,
    string DimensionLabel,
    double Min,
    double Max,
    Bucket Bucket,
    DateOnly From,
    DateOnly To,
    string MethodologyVersion,
    IReadOnlyList<SeriesPoint> Points,
    bool WindowDefaulted = false,
    bool BlindOnly = false,
    DateTime? AsOf = null,
    bool NoRatedArticles = false)
{
    /// <summary>A chart shows at most this many buckets.</summary>
    public const int MaxPoints = 400;

    public static async Task<ReportResult<ChartReport>> BuildAsync(
        CredibilityDbContext db, RollupApplier rollups, IRollupInputs rollupInputs, ChartQuery query, DateTime now, CancellationToken ct, ScoreComputations? computations = null)
    {
        var outlet = await db.Outlets.AsNoTracking().Where(o => o.Id == query.OutletId).Select(o => new { o.Id, o.Name }).SingleOrDefaultAsync(ct);
        if (outlet is null)
        {
            return new Refusal.UnknownOutlet(query.OutletId);
        }

        if (await Refusal.UnknownDimensions.CheckAsync(db, query.Dimension, ct) is { } unknown)
        {
            return unknown;
        }

        if (query.CampaignId is not null && !await db.Campaigns.AnyAsync(c => c.Id == query.CampaignId, ct))
        {
            return new Refusal.UnknownCampaign(query.CampaignId);
        }

        var dimension = await db.RubricDimensions.AsNoTracking().Where(d => d.Key == query.Dimension).OrderByDescending(d => d.RubricVersion).FirstAsync(ct);

        var bucket = query.Bucket ?? Bucket.Month;
        // A campaign, blind or asOf chart reads the ratings themselves (asOf: their revisions), not the rollups: it misses
        // nothing queued, and does not wait for the fold.
        var asOf = query.AsOf is { } at ? Infrastructure.Instants.AsUtc(at) : (DateTime?)null;
        var pending = query.BlindOnly || query.CampaignId is not null || asOf is not null ? 0 : await rollups.WaitUntilCurrentAsync(db, ct);
        // Computed in one of the node's computation slots (ScoreComputations).
        using var slot = await ScoreComputations.EnterAsync(computations, ct);
        var window = await DataWindow.ResolveAsync(db, outlet.Id, [dimension.Key], query.From, query.To, bucket, MaxPoints, now, ct, asOf);
        var (from, to) = (window.From, window.To);
        if (Buckets.Count(from, to, bucket) > MaxPoints)
        {
            return new Refusal.TooManyBuckets(MaxPoints);
        }

        // As the series: an explicit window as given (a from inside a bucket cuts it short), a default one from its first
        // bucket's start (nothing of the outlet's lies before it).
        var windowStart = Buckets.StartOf(from, bucket);
        var readFrom = window.Defaulted ? windowStart : from;
        var methodology = query.Methodology;
        // As the series reads them: asOf from the revisions recorded by then; campaignId and blindOnly their ratings; else the rollups.
        var inputs = asOf is { } instant
            ? await ScoreInputLoader.AsOfAsync(db, outlet.Id, [dimension.Key], readFrom, to, instant, ct, query.BlindOnly, query.CampaignId,
                everyOutlet: methodology.Version != Methodology.V1.Version)
            : query.BlindOnly || query.CampaignId is not null
                ? await ScoreInputLoader.SubsetAsync(db, outlet.Id, [dimension.Key], readFrom, to, query.CampaignId, query.BlindOnly, ct)
                : await rollupInputs.ReadAsync(outlet.Id, [dimension.Key], readFrom, to, bucket, v1Priors: methodology.Version == Methodology.V1.Version, ct);
        var v2 = methodology.Version == Methodology.V2.Version
            ? new V2Series(methodology, inputs.Ratings is { } blindRatings
                ? V2Model.FromRatings(blindRatings, [dimension.Key], await V2Model.RangesAsync(db, ct), bucket, windowStart, to, methodology)
                : await V2Model.StoredAsync(db, [dimension.Key], bucket, windowStart, to, ct, inputs.OutletBuckets(outlet.Id, bucket)))
            : null;
        var points = SeriesBuilder.Build(inputs, outlet.Id, [dimension.Key], from, to, bucket, methodology.DefaultHalfLifeDays, v2);
        return ReportResult<ChartReport>.Of(
            new ChartReport(outlet.Name, dimension.Label, dimension.Min, dimension.Max, bucket, from, to, methodology.Version, points, window.Defaulted, query.BlindOnly, asOf, window.NoRatedArticles),
            pending);
    }
}

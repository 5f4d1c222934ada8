using System.Diagnostics;
using System.Text.Json;
using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Benchmarks;

/// <summary>One timed run: wall time, the part spent loading (rollups, and under v2 the stored fit and priors), CPU time.</summary>
internal sealed record Sample(double WallMs, double LoadMs, double StoredMs, double CpuMs);

/// <summary>The samples of one path.</summary>
internal sealed class Samples
{
    public List<double> Wall { get; } = [];

    public List<double> Load { get; } = [];

    public List<double> Stored { get; } = [];

    public List<double> Cpu { get; } = [];

    public void Add(Sample s)
    {
        Wall.Add(s.WallMs);
        Load.Add(s.LoadMs);
        Stored.Add(s.StoredMs);
        Cpu.Add(s.CpuMs);
    }
}

/// <summary>What one v2 refit of the data set did.</summary>
internal sealed record RefitReport(IReadOnlyList<RefitResult> Dimensions, TimeSpan Elapsed);

/// <summary>
/// Methodology v1 against v2 on the read paths users hit: the series endpoint's query path and the ranking;
/// and the v2 refit that fills the stored fits, leniencies and bucket priors the v2 read path uses.
/// </summary>
internal static class Methodologies
{
    /// <summary>
    /// The dimensions whose v2 state needs a refit: no fit, a stale one (<see cref="V2Refitter.StaleDimensionsAsync"/>),
    /// or a fit whose leniency or prior rows are missing (tables emptied by hand); every dimension with <paramref name="force"/>.
    /// </summary>
    public static async Task<List<string>> ToRefitAsync(CredibilityDbContext db, bool force)
    {
        var all = await db.RubricDimensions.AsNoTracking().Select(d => d.Key).Distinct().ToListAsync();
        if (force)
        {
            return all.Order(StringComparer.Ordinal).ToList();
        }

        var stale = await V2Refitter.StaleDimensionsAsync(db, CancellationToken.None);
        var available = await db.DimensionFits.AsNoTracking().Where(f => f.ComputedAt != null && f.Unavailable == null).Select(f => f.Dimension).ToListAsync();
        var withLeniencies = await db.AnnotatorLeniencies.AsNoTracking().Select(l => l.Dimension).Distinct().ToListAsync();
        var withPriors = await db.BucketPriorsV2.AsNoTracking().Select(p => p.Dimension).Distinct().ToListAsync();
        return stale
            .Union(available.Where(d => !withLeniencies.Contains(d) || !withPriors.Contains(d)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The background refit's core (<see cref="V2Refitter.RefitAsync(CredibilityDbContext, string, TimeProvider, CancellationToken)"/>)
    /// on each dimension in turn, each with its own DbContext as the worker's scope gives it.
    /// </summary>
    public static async Task<RefitReport> RefitAsync(Func<CredibilityDbContext> newDb, IReadOnlyList<string> dimensions)
    {
        var started = Stopwatch.StartNew();
        var results = new List<RefitResult>();
        foreach (var dimension in dimensions)
        {
            await using var db = newDb();
            results.Add(await V2Refitter.RefitAsync(db, dimension, TimeProvider.System, CancellationToken.None));
        }

        return new RefitReport(results, started.Elapsed);
    }

    /// <summary>
    /// Methodology v1's series, as GetSeries/Endpoint.HandleAsync computes it with methodology=v1: the rollups with the
    /// stored v1 bucket priors, then <see cref="SeriesBuilder.Build"/> without v2.
    /// </summary>
    public static async Task<(IReadOnlyList<SeriesPoint> Points, double LoadMs, double StoredMs)> SeriesV1Async(CredibilityDbContext db, SeriesRequest r)
    {
        var started = Stopwatch.GetTimestamp();
        var windowStart = Buckets.StartOf(r.From, r.Bucket);
        var inputs = await ScoreInputLoader.FromRollupsAsync(db, r.OutletId, r.Dimensions.ToList(), windowStart, r.To, r.Bucket, CancellationToken.None, v1Priors: true);
        var load = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return (SeriesBuilder.Build(inputs, r.OutletId, r.Dimensions, r.From, r.To, r.Bucket, r.HalfLifeDays), load, 0);
    }

    /// <summary>
    /// Methodology v2's series, as GetSeries/Endpoint.HandleAsync computes it (the default): the outlet's own rollup rows
    /// (no v1 priors), the stored fit, leniencies and the priors of the buckets it has rows in (<see cref="V2Model.StoredAsync"/>), then
    /// <see cref="SeriesBuilder.Build"/> with them.
    /// </summary>
    public static async Task<(IReadOnlyList<SeriesPoint> Points, double LoadMs, double StoredMs)> SeriesV2Async(CredibilityDbContext db, SeriesRequest r)
    {
        var started = Stopwatch.GetTimestamp();
        var windowStart = Buckets.StartOf(r.From, r.Bucket);
        var dimensions = r.Dimensions.ToList();
        var inputs = await ScoreInputLoader.FromRollupsAsync(db, r.OutletId, dimensions, windowStart, r.To, r.Bucket, CancellationToken.None, v1Priors: false);
        var storedStarted = Stopwatch.GetTimestamp();
        var stored = await V2Model.StoredAsync(db, dimensions, r.Bucket, windowStart, r.To, CancellationToken.None, inputs.OutletBuckets(r.OutletId, r.Bucket));
        var storedMs = Stopwatch.GetElapsedTime(storedStarted).TotalMilliseconds;
        var load = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return (SeriesBuilder.Build(inputs, r.OutletId, r.Dimensions, r.From, r.To, r.Bucket, r.HalfLifeDays, new V2Series(Methodology.V2, stored)), load, storedMs);
    }

    /// <summary>Series under v1 and v2 of the same request: the rollup figures (counts, raw mean and sd, decayed score, alpha) must agree.</summary>
    public static List<string> CompareRollupFigures(IReadOnlyList<SeriesPoint> v1, IReadOnlyList<SeriesPoint> v2)
    {
        if (v1.Count != v2.Count)
        {
            return [$"{v1.Count} points under v1, {v2.Count} under v2"];
        }

        var differences = new List<string>();
        for (var i = 0; i < v1.Count; i++)
        {
            var (a, b) = (v1[i], v2[i]);
            if (a.Dimension != b.Dimension || a.Start != b.Start || a.Articles != b.Articles || a.Ratings != b.Ratings || a.Annotators != b.Annotators
                || !Numbers.Close(a.RawMean, b.RawMean) || !Numbers.Close(a.RawSd, b.RawSd) || !Numbers.Close(a.Decayed, b.Decayed)
                || !Numbers.Close(a.Agreement.Value, b.Agreement.Value, 1e-8))
            {
                differences.Add($"{a.Dimension} {a.Start:yyyy-MM-dd}: rollup figures differ between v1 and v2");
            }

            if ((a.Articles > 0) != (b.Posterior is not null || b.Reliability is not null))
            {
                differences.Add($"{b.Dimension} {b.Start:yyyy-MM-dd}: v2 gives {(b.Posterior is null ? "no interval and no note" : "an interval")} for {b.Articles} articles");
            }
        }

        return differences;
    }

    /// <summary>Every v2 figure of a series or ranking as one JSON line, to compare two builds (--dump).</summary>
    public static string Dump(string what, IEnumerable<SeriesPoint> points) =>
        JsonSerializer.Serialize(new
        {
            what,
            points = points.Select(p => new object?[]
            {
                p.Dimension, p.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), p.Articles,
                p.Posterior?.Mean, p.Posterior?.Sd, p.Posterior?.Lower95, p.Posterior?.Upper95, p.LeniencyAdjustment, p.EffectiveAnnotators, p.Reliability,
            }),
        });

    public static string Dump(string what, RankingResult ranking) =>
        JsonSerializer.Serialize(new
        {
            what,
            ranking.OutletsInPrior,
            ranking.PriorMean,
            points = ranking.Outlets.OrderBy(o => o.OutletId, StringComparer.Ordinal).Select(o => new object?[]
            {
                o.OutletId, o.Articles, o.Posterior?.Mean, o.Posterior?.Sd, o.Posterior?.Lower95, o.Posterior?.Upper95, o.LeniencyAdjustment, o.EffectiveAnnotators, o.Reliability,
            }),
        });
}

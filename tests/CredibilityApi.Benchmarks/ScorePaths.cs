using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Benchmarks;

/// <summary>A series request as GET /outlets/{id}/scores receives it (without asOf).</summary>
internal sealed record SeriesRequest(string OutletId, IReadOnlyList<string> Dimensions, DateOnly From, DateOnly To, Bucket Bucket, double HalfLifeDays);

/// <summary>The two ways of computing a series that the benchmark puts side by side.</summary>
internal static class ScorePaths
{
    /// <summary>
    /// The endpoint's query path, exactly as Aggregation/Read/SeriesReport.BuildAsync (behind GET /outlets/{id}/scores) runs it once the
    /// request is validated: the rollups and stored priors through ScoreInputLoader.FromRollupsAsync (with the
    /// bucket), then <see cref="SeriesBuilder.Build"/>. Returns the time spent loading separately.
    /// </summary>
    public static async Task<(IReadOnlyList<SeriesPoint> Points, double LoadMs)> EndpointAsync(CredibilityDbContext db, SeriesRequest r)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var windowStart = Buckets.StartOf(r.From, r.Bucket);
        var inputs = await ScoreInputLoader.FromRollupsAsync(db, r.OutletId, r.Dimensions.ToList(), windowStart, r.To, r.Bucket, CancellationToken.None);
        var load = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return (SeriesBuilder.Build(inputs, r.OutletId, r.Dimensions, r.From, r.To, r.Bucket, r.HalfLifeDays), load);
    }

    /// <summary>
    /// The endpoint's query path before stored priors: every outlet's day rows in the window through the
    /// bucket-less <see cref="ScoreInputLoader.FromRollupsAsync(CredibilityDbContext, string, IReadOnlyCollection{string}, DateOnly, DateOnly, CancellationToken)"/>,
    /// each bucket's prior estimated from them. Kept for comparison.
    /// </summary>
    public static async Task<(IReadOnlyList<SeriesPoint> Points, double LoadMs)> AllDayRowsAsync(CredibilityDbContext db, SeriesRequest r)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var windowStart = Buckets.StartOf(r.From, r.Bucket);
        var inputs = await ScoreInputLoader.FromRollupsAsync(db, r.OutletId, r.Dimensions.ToList(), windowStart, r.To, CancellationToken.None);
        var load = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return (SeriesBuilder.Build(inputs, r.OutletId, r.Dimensions, r.From, r.To, r.Bucket, r.HalfLifeDays), load);
    }

    /// <summary>
    /// Both loaders on exactly the window asked for (which need not start or end on a bucket boundary), each
    /// built into a series: the stored-prior loader must give what the every-day-row loader gives.
    /// </summary>
    public static async Task<List<string>> CompareLoadersAsync(CredibilityDbContext db, SeriesRequest r)
    {
        var dimensions = r.Dimensions.ToList();
        var everyDay = await ScoreInputLoader.FromRollupsAsync(db, r.OutletId, dimensions, r.From, r.To, CancellationToken.None);
        var stored = await ScoreInputLoader.FromRollupsAsync(db, r.OutletId, dimensions, r.From, r.To, r.Bucket, CancellationToken.None);
        return Compare(
            SeriesBuilder.Build(everyDay, r.OutletId, r.Dimensions, r.From, r.To, r.Bucket, r.HalfLifeDays),
            SeriesBuilder.Build(stored, r.OutletId, r.Dimensions, r.From, r.To, r.Bucket, r.HalfLifeDays));
    }

    private sealed record NaiveArticle(string OutletId, DateTime PublishedAt, DateOnly Day, List<double> Values, List<string> Authors)
    {
        public double Score => Values.Average();
    }

    /// <summary>
    /// The naive recomputation: no rollups. Reads the current ratings of the dimension for every outlet in the
    /// window (the prior of each bucket needs all of them) plus the outlet's earlier ones (for the decayed
    /// score), then does methodology v1 in memory with the Scoring classes: article score = mean of its
    /// ratings; per bucket and outlet the moments of the article scores; the prior from every outlet of the
    /// bucket; the outlet's posterior, decayed score, alpha and annotators.
    /// </summary>
    public static async Task<IReadOnlyList<SeriesPoint>> NaiveAsync(CredibilityDbContext db, SeriesRequest r)
    {
        var windowStart = Buckets.StartOf(r.From, r.Bucket);
        var startInstant = windowStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var endInstant = r.To.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var points = new List<SeriesPoint>();
        foreach (var dimension in r.Dimensions)
        {
            var rows = await db.Annotations.AsNoTracking()
                .Where(a => a.Kind == AnnotationKind.Rating && a.Dimension == dimension
                            && a.Status == AnnotationStatus.Active && !a.Hidden
                            && a.ArticlePublishedAt < endInstant
                            && (a.ArticlePublishedAt >= startInstant || a.OutletId == r.OutletId))
                .Select(a => new { a.OutletId, a.ArticleId, a.AuthorId, a.ArticlePublishedAt, a.Value })
                .ToListAsync();

            var articles = rows
                .GroupBy(a => a.ArticleId!)
                .Select(g =>
                {
                    var first = g.First();
                    return new NaiveArticle(first.OutletId, first.ArticlePublishedAt!.Value, DateOnly.FromDateTime(first.ArticlePublishedAt!.Value),
                        g.Select(a => a.Value!.Value).ToList(), g.Select(a => a.AuthorId).ToList());
                })
                .ToList();
            var inWindow = articles.Where(a => a.Day >= windowStart && a.Day < r.To).ToList();
            var outletsByBucket = inWindow
                .GroupBy(a => Buckets.StartOf(a.Day, r.Bucket))
                .ToDictionary(g => g.Key, g => g.GroupBy(a => a.OutletId).Select(o => Moments.Of(o.Select(a => a.Score))).ToList());
            var mineByBucket = inWindow
                .Where(a => a.OutletId == r.OutletId)
                .GroupBy(a => Buckets.StartOf(a.Day, r.Bucket))
                .ToDictionary(g => g.Key, g => g.ToList());
            var mine = articles.Where(a => a.OutletId == r.OutletId).Select(a => (a.PublishedAt, a.Score)).ToList();

            foreach (var (start, end) in Buckets.Covering(r.From, r.To, r.Bucket))
            {
                var outlets = outletsByBucket.GetValueOrDefault(start);
                var prior = outlets is null ? null : EmpiricalBayes.EstimatePrior(outlets, Scoring.Methodology.V1.VarianceFloor);
                var own = mineByBucket.GetValueOrDefault(start) ?? [];
                var moments = Moments.Of(own.Select(a => a.Score));
                var at = end.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                points.Add(new SeriesPoint(
                    dimension,
                    start,
                    end,
                    own.Count,
                    own.Sum(a => a.Values.Count),
                    own.SelectMany(a => a.Authors).Distinct().Count(),
                    moments.Mean,
                    moments.SampleVariance is { } v ? Math.Sqrt(v) : null,
                    prior is null || moments.N == 0 ? null : EmpiricalBayes.Shrink(moments, prior),
                    Decay.Score(mine.Where(a => a.PublishedAt < at), at, r.HalfLifeDays),
                    Krippendorff.Interval(own.Select(a => (IReadOnlyList<double>)a.Values)),
                    prior));
            }
        }

        return points;
    }

    /// <summary>Every number of two series, point by point: counts exactly, doubles up to summation order.</summary>
    public static List<string> Compare(IReadOnlyList<SeriesPoint> expected, IReadOnlyList<SeriesPoint> actual)
    {
        var differences = new List<string>();
        if (expected.Count != actual.Count)
        {
            differences.Add($"{expected.Count} points vs {actual.Count}");
            return differences;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            var at = $"{e.Dimension} {e.Start:yyyy-MM-dd}";
            void Check(string what, bool same, object? x, object? y)
            {
                if (!same)
                {
                    differences.Add($"{at} {what}: {x} vs {y}");
                }
            }

            Check("bucket", e.Dimension == a.Dimension && e.Start == a.Start && e.End == a.End, $"{e.Dimension} {e.Start}..{e.End}", $"{a.Dimension} {a.Start}..{a.End}");
            Check("articles", e.Articles == a.Articles, e.Articles, a.Articles);
            Check("ratings", e.Ratings == a.Ratings, e.Ratings, a.Ratings);
            Check("annotators", e.Annotators == a.Annotators, e.Annotators, a.Annotators);
            Check("raw mean", Numbers.Close(e.RawMean, a.RawMean), e.RawMean, a.RawMean);
            Check("raw sd", Numbers.Close(e.RawSd, a.RawSd), e.RawSd, a.RawSd);
            Check("posterior", (e.Posterior is null) == (a.Posterior is null), e.Posterior, a.Posterior);
            if (e.Posterior is not null && a.Posterior is not null)
            {
                Check("posterior mean", Numbers.Close(e.Posterior.Mean, a.Posterior.Mean), e.Posterior.Mean, a.Posterior.Mean);
                Check("posterior sd", Numbers.Close(e.Posterior.Sd, a.Posterior.Sd), e.Posterior.Sd, a.Posterior.Sd);
                Check("lower95", Numbers.Close(e.Posterior.Lower95, a.Posterior.Lower95), e.Posterior.Lower95, a.Posterior.Lower95);
                Check("upper95", Numbers.Close(e.Posterior.Upper95, a.Posterior.Upper95), e.Posterior.Upper95, a.Posterior.Upper95);
            }

            Check("decayed", Numbers.Close(e.Decayed, a.Decayed), e.Decayed, a.Decayed);
            Check("alpha", Numbers.Close(e.Agreement.Value, a.Agreement.Value, 1e-8), e.Agreement.Value, a.Agreement.Value);
            Check("alpha values", e.Agreement.PairableValues == a.Agreement.PairableValues, e.Agreement.PairableValues, a.Agreement.PairableValues);
            Check("alpha units", e.Agreement.Units == a.Agreement.Units, e.Agreement.Units, a.Agreement.Units);
            Check("prior", (e.Prior is null) == (a.Prior is null), e.Prior, a.Prior);
            if (e.Prior is not null && a.Prior is not null)
            {
                Check("prior outlets", e.Prior.Outlets == a.Prior.Outlets, e.Prior.Outlets, a.Prior.Outlets);
                Check("prior mu", Numbers.Close(e.Prior.Mu, a.Prior.Mu), e.Prior.Mu, a.Prior.Mu);
                Check("prior tau2", Numbers.Close(e.Prior.Tau2, a.Prior.Tau2), e.Prior.Tau2, a.Prior.Tau2);
                Check("prior sigma2", Numbers.Close(e.Prior.Sigma2, a.Prior.Sigma2), e.Prior.Sigma2, a.Prior.Sigma2);
            }
        }

        return differences;
    }
}

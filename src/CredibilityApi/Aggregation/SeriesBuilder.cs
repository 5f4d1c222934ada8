using CredibilityApi.Scoring;

namespace CredibilityApi.Aggregation;

/// <summary>One bucket of one dimension of an outlet's series; every number null where there is no data.</summary>
public sealed record SeriesPoint(
    string Dimension,
    DateOnly Start,
    DateOnly End,
    int Articles,
    int Ratings,
    int Annotators,
    double? RawMean,
    double? RawSd,
    Posterior? Posterior,
    double? Decayed,
    Alpha Agreement,
    Prior? Prior,
    double? LeniencyAdjustment = null,
    double? EffectiveAnnotators = null,
    string? Reliability = null);

/// <summary>What a v2 series needs beyond the rollups: the options and each dimension's stored (or asOf) fit and priors.</summary>
public sealed record V2Series(MethodologyOptions Options, IReadOnlyDictionary<string, DimensionV2> Dimensions);

/// <summary>
/// Turns score inputs into a series: with methodology v1 (no <c>v2</c> argument) each bucket is shrunk against that
/// bucket's outlets by the method of moments; with v2, the outlet's leniency-adjusted mean in the bucket goes
/// through the bucket's stored v2 prior (<see cref="ScoringV2"/>).
/// </summary>
public static class SeriesBuilder
{
    public static IReadOnlyList<SeriesPoint> Build(
        ScoreInputs inputs, string outletId, IReadOnlyList<string> dimensions, DateOnly from, DateOnly to, Bucket bucket, double halfLifeDays, V2Series? v2 = null)
    {
        var points = new List<SeriesPoint>();
        foreach (var dimension in dimensions)
        {
            // Grouped once by bucket, so a long series costs one pass over the day rows.
            var byBucket = inputs.Days.Where(d => d.Dimension == dimension)
                .GroupBy(d => Buckets.StartOf(d.Day, bucket))
                .ToDictionary(g => g.Key, g => g.ToList());
            var articles = inputs.OutletArticles.Where(a => a.Dimension == dimension).Select(a => (a.PublishedAt, a.Score)).ToList();
            var buckets = Buckets.Covering(from, to, bucket).ToList();

            // The decayed score at every bucket's end in one pass over the articles (not one pass per bucket).
            var decayed = Decay.ScoresBefore(articles, [.. buckets.Select(b => b.End.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))], halfLifeDays);
            var index = -1;
            foreach (var (start, end) in buckets)
            {
                index++;
                var inBucket = byBucket.GetValueOrDefault(start) ?? [];
                var mine = inBucket.Where(d => d.OutletId == outletId).ToList();
                var moments = mine.Aggregate(default(Moments), (m, d) => m.Merge(d.Scores));

                Prior? prior = null;
                Posterior? posterior;
                V2Estimate? estimate = null;
                if (v2 is not null)
                {
                    var state = v2.Dimensions[dimension];
                    var unit = ScoringV2.Unit(inputs.UnitSums(dimension, mine, start, end), state.Fit);
                    estimate = moments.N == 0
                        ? new V2Estimate(null, null, null, null)
                        : ScoringV2.Estimate(unit, state.Priors.GetValueOrDefault((bucket, start)), state.Fit, state.Range, v2.Options);
                    posterior = estimate.Posterior;
                }
                else
                {
                    // A stored prior where the inputs carry one for the bucket; otherwise from every outlet's days in it.
                    prior = inputs.Priors is { } stored && stored.Covers(bucket, start)
                        ? stored.Priors.GetValueOrDefault((dimension, start))
                        : EstimatePrior(inBucket.GroupBy(d => d.OutletId).Select(g => g.Aggregate(default(Moments), (m, d) => m.Merge(d.Scores))).ToList());
                    posterior = prior is null || moments.N == 0 ? null : EmpiricalBayes.Shrink(moments, prior);
                }

                var alpha = Krippendorff.FromSums(mine.Select(d => d.Alpha).Aggregate(default(Krippendorff.IntervalSums), Krippendorff.Merge));
                var annotators = new HashSet<string>();
                for (var day = start; day < end; day = day.AddDays(1))
                {
                    if (inputs.OutletAnnotators.TryGetValue((dimension, day), out var onDay))
                    {
                        annotators.UnionWith(onDay);
                    }
                }

                points.Add(new SeriesPoint(
                    dimension,
                    start,
                    end,
                    (int)moments.N,
                    mine.Sum(d => d.Ratings),
                    annotators.Count,
                    moments.Mean,
                    moments.SampleVariance is { } v ? Math.Sqrt(v) : null,
                    posterior,
                    decayed[index],
                    alpha,
                    prior,
                    estimate?.LeniencyAdjustment,
                    estimate?.EffectiveAnnotators,
                    estimate?.Reliability));
            }
        }

        return points;
    }

    /// <summary>
    /// The prior of one bucket from each outlet's moments in it (outlets without a rated article take no
    /// part); null when no outlet has one. The one definition both the series and the stored priors use.
    /// </summary>
    public static Prior? EstimatePrior(IReadOnlyCollection<Moments> outlets) =>
        outlets.Count == 0 ? null : EmpiricalBayes.EstimatePrior(outlets.ToList(), Methodology.V1.VarianceFloor);
}

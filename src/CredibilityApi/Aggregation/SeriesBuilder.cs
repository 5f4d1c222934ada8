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
    Prior? Prior);

/// <summary>Turns score inputs into a series with methodology v1: per bucket, shrink against that bucket's outlets.</summary>
public static class SeriesBuilder
{
    public static IReadOnlyList<SeriesPoint> Build(
        ScoreInputs inputs, string outletId, IReadOnlyList<string> dimensions, DateOnly from, DateOnly to, Bucket bucket, double halfLifeDays)
    {
        var points = new List<SeriesPoint>();
        foreach (var dimension in dimensions)
        {
            // Grouped once by bucket, so a long series costs one pass over the day rows.
            var byBucket = inputs.Days.Where(d => d.Dimension == dimension)
                .GroupBy(d => Buckets.StartOf(d.Day, bucket))
                .ToDictionary(g => g.Key, g => g.ToList());
            var articles = inputs.OutletArticles.Where(a => a.Dimension == dimension).Select(a => (a.PublishedAt, a.Score)).ToList();
            foreach (var (start, end) in Buckets.Covering(from, to, bucket))
            {
                var inBucket = byBucket.GetValueOrDefault(start) ?? [];
                var mine = inBucket.Where(d => d.OutletId == outletId).ToList();
                var moments = mine.Aggregate(default(Moments), (m, d) => m.Merge(d.Scores));

                // A stored prior where the inputs carry one for the bucket; otherwise from every outlet's days in it.
                var prior = inputs.Priors is { } stored && stored.Covers(bucket, start)
                    ? stored.Priors.GetValueOrDefault((dimension, start))
                    : EstimatePrior(inBucket.GroupBy(d => d.OutletId).Select(g => g.Aggregate(default(Moments), (m, d) => m.Merge(d.Scores))).ToList());
                var posterior = prior is null || moments.N == 0 ? null : EmpiricalBayes.Shrink(moments, prior);
                var alpha = Krippendorff.FromSums(mine.Select(d => d.Alpha).Aggregate(default(Krippendorff.IntervalSums), Krippendorff.Merge));
                var annotators = new HashSet<string>();
                for (var day = start; day < end; day = day.AddDays(1))
                {
                    if (inputs.OutletAnnotators.TryGetValue((dimension, day), out var onDay))
                    {
                        annotators.UnionWith(onDay);
                    }
                }

                var endInstant = end.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
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
                    Decay.Score(articles.Where(a => a.PublishedAt < endInstant), endInstant, halfLifeDays),
                    alpha,
                    prior));
            }
        }

        return points;
    }

    /// <summary>
    /// The prior of one bucket from each outlet's moments in it (outlets without a rated article take no
    /// part); null when no outlet has one. The one definition both the series and the stored priors use.
    /// </summary>
    public static Prior? EstimatePrior(IReadOnlyCollection<Moments> outlets) =>
        outlets.Count == 0 ? null : EmpiricalBayes.EstimatePrior(outlets.ToList(), MethodologyV1.VarianceFloor);
}

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
                var perOutlet = inBucket
                    .GroupBy(d => d.OutletId)
                    .ToDictionary(g => g.Key, g => g.Aggregate(default(Moments), (m, d) => m.Merge(d.Scores)));
                var mine = inBucket.Where(d => d.OutletId == outletId).ToList();
                var moments = perOutlet.GetValueOrDefault(outletId);
                var prior = perOutlet.Count == 0 ? null : EmpiricalBayes.EstimatePrior(perOutlet.Values.ToList(), MethodologyV1.VarianceFloor);
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
}

namespace CredibilityApi.Scoring;

/// <summary>A dimension's part in the composite index: its range, weight, polarity and shrunk score.</summary>
public sealed record DimensionScore(string Key, double Min, double Max, double Weight, bool HigherIsBetter, double? PosteriorMean);

/// <summary>
/// The composite credibility index 0-100 (methodology v1, step 8): the weighted mean of the
/// higher-is-better dimensions' posterior means, each rescaled to 0-100 by its range. Dimensions without
/// a score are left out and the weights of the others renormalised; null when none has a score.
/// </summary>
public static class Composite
{
    public static double? Index(IEnumerable<DimensionScore> dimensions)
    {
        var present = Included(dimensions);
        var weights = present.Sum(d => d.Weight);
        return weights <= 0
            ? null
            : present.Sum(d => d.Weight * (d.PosteriorMean!.Value - d.Min) / (d.Max - d.Min) * 100) / weights;
    }

    /// <summary>The dimensions that go into the index: weighted, higher-is-better, with a score and a range.</summary>
    public static List<DimensionScore> Included(IEnumerable<DimensionScore> dimensions) =>
        dimensions.Where(d => d.HigherIsBetter && d.Weight > 0 && d.PosteriorMean is not null && d.Max > d.Min).ToList();
}

namespace CredibilityApi.Scoring;

/// <summary>
/// Count, sum and sum of squares of a set of values: mergeable, so a window's statistics are the sum
/// of its days'. Values here are bounded ratings (|x| ≤ 1000), so the sum-of-squares form is accurate
/// enough; its variance is clamped at zero against rounding.
/// </summary>
public readonly record struct Moments(long N, double Sum, double SumSquares)
{
    public double? Mean => N == 0 ? null : Sum / N;

    /// <summary>Σ(x − mean)², the within-set sum of squares.</summary>
    public double CentredSumOfSquares => N == 0 ? 0 : Math.Max(0, SumSquares - (Sum * Sum / N));

    /// <summary>The sample variance (n − 1 denominator); null below two values.</summary>
    public double? SampleVariance => N < 2 ? null : CentredSumOfSquares / (N - 1);

    public Moments Add(double value) => new(N + 1, Sum + value, SumSquares + (value * value));

    public Moments Merge(Moments other) => new(N + other.N, Sum + other.Sum, SumSquares + other.SumSquares);

    public static Moments operator +(Moments a, Moments b) => a.Merge(b);

    public static Moments Of(IEnumerable<double> values) => values.Aggregate(default(Moments), (m, v) => m.Add(v));
}

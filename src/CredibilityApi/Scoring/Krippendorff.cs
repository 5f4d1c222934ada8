namespace CredibilityApi.Scoring;

/// <summary>An agreement coefficient with the number of pairable values and units behind it; null where undefined.</summary>
public sealed record Alpha(double? Value, int PairableValues, int Units);

/// <summary>
/// Krippendorff's alpha in the coincidence formulation, with missing values: a unit contributes only
/// if it received two or more values. alpha = 1 − D_o/D_e with
/// D_o = (1/n) Σ_u (1/(m_u − 1)) Σ_{i≠j∈u} δ(v_i, v_j) and D_e = (1/(n(n − 1))) Σ_{i≠j} δ(v_i, v_j) over all n
/// pairable values. Undefined (null) below two pairable values or when the values never differ.
/// For the interval metric δ = (v_i − v_j)², and Σ_{i≠j}(v_i − v_j)² = 2mΣv² − 2(Σv)², so the sums are
/// mergeable and a rollup can hold them.
/// </summary>
public static class Krippendorff
{
    /// <summary>Mergeable interval-alpha sums of a set of units.</summary>
    public readonly record struct IntervalSums(long PairableValues, long Units, double Sum, double SumSquares, double ObservedDisagreement);

    private const double MachineEpsilon = 2.220446049250313e-16;

    public static IntervalSums UnitSums(IReadOnlyList<double> unit)
    {
        if (unit.Count < 2)
        {
            return default;
        }

        // 2mΣv² − 2(Σv)² = 2m·Σ(v − mean)²: the centred form is exactly 0 when a unit agrees.
        double m = unit.Count, s = unit.Sum(), s2 = unit.Sum(v => v * v);
        var mean = s / m;
        var centred = unit.Sum(v => (v - mean) * (v - mean));
        return new IntervalSums(unit.Count, 1, s, s2, 2 * m * centred / (m - 1));
    }

    /// <summary>
    /// A unit's sums from its count, sum and sum of squares (what a rollup keeps), for units whose values
    /// are no longer at hand; the centred form is clamped at zero against rounding.
    /// </summary>
    public static IntervalSums UnitSums(long count, double sum, double sumSquares)
    {
        if (count < 2)
        {
            return default;
        }

        var centred = Math.Max(0, sumSquares - (sum * sum / count));
        return new IntervalSums(count, 1, sum, sumSquares, 2 * count * centred / (count - 1));
    }

    public static IntervalSums Merge(IntervalSums a, IntervalSums b) =>
        new(a.PairableValues + b.PairableValues, a.Units + b.Units, a.Sum + b.Sum, a.SumSquares + b.SumSquares, a.ObservedDisagreement + b.ObservedDisagreement);

    public static Alpha FromSums(IntervalSums sums)
    {
        double n = sums.PairableValues;
        if (n < 2)
        {
            return new Alpha(null, (int)sums.PairableValues, (int)sums.Units);
        }

        // "No variation" is judged against the rounding error of the sums themselves, not a fixed
        // cut-off, so 20,000 identical ratings of 71.3 are undefined rather than alpha ≈ 1.
        var centred = sums.SumSquares - (sums.Sum * sums.Sum / n);
        if (centred <= 4 * n * MachineEpsilon * sums.SumSquares)
        {
            return new Alpha(null, (int)sums.PairableValues, (int)sums.Units);
        }

        var observed = sums.ObservedDisagreement / n;
        var expected = 2 * n * centred / (n * (n - 1));
        return new Alpha(1 - (observed / expected), (int)sums.PairableValues, (int)sums.Units);
    }

    public static Alpha Interval(IEnumerable<IReadOnlyList<double>> units) =>
        FromSums(units.Select(UnitSums).Aggregate(default(IntervalSums), Merge));

    public static Alpha Nominal<T>(IEnumerable<IReadOnlyList<T>> units)
        where T : notnull
    {
        var pairable = units.Where(u => u.Count >= 2).ToList();
        double n = pairable.Sum(u => u.Count);
        if (n < 2)
        {
            return new Alpha(null, (int)n, pairable.Count);
        }

        // With δ = [v_i ≠ v_j], Σ_{i≠j} δ over m values with category counts c is m² − Σ c².
        static double Disagreeing(IEnumerable<int> counts, double m) => (m * m) - counts.Sum(c => (double)c * c);
        var observed = pairable.Sum(u => Disagreeing(u.GroupBy(v => v).Select(g => g.Count()), u.Count) / (u.Count - 1)) / n;
        var expected = Disagreeing(pairable.SelectMany(u => u).GroupBy(v => v).Select(g => g.Count()), n) / (n * (n - 1));
        return new Alpha(expected <= 1e-12 ? null : 1 - (observed / expected), (int)n, pairable.Count);
    }
}

using CsCheck;
using CredibilityApi.Scoring;

namespace CredibilityApi.Tests.Scoring;

public sealed class KrippendorffTests
{
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the reliability data with
    // missing values: four observers (rows), twelve units (columns), null where an observer gave none.
    private static readonly int?[][] Observers =
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
        [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];

    private static List<IReadOnlyList<int>> Units() =>
        Enumerable.Range(0, 12)
            .Select(u => (IReadOnlyList<int>)Observers.Select(o => o[u]).Where(v => v is not null).Select(v => v!.Value).ToList())
            .ToList();

    [Fact]
    public void The_published_nominal_example_gives_0_743()
    {
        var alpha = Krippendorff.Nominal(Units());

        alpha.Value!.Value.ShouldBe(0.743, 0.0005);
        alpha.PairableValues.ShouldBe(40);   // unit 12 has one value and is not pairable
        alpha.Units.ShouldBe(11);
    }

    [Fact]
    public void The_published_interval_example_gives_0_849()
    {
        var alpha = Krippendorff.Interval(Units().Select(u => (IReadOnlyList<double>)u.Select(v => (double)v).ToList()));

        alpha.Value!.Value.ShouldBe(0.849, 0.0005);
        alpha.PairableValues.ShouldBe(40);
    }

    [Fact]
    public void Perfect_agreement_is_1_and_no_variation_at_all_is_undefined()
    {
        Krippendorff.Interval([[1.0, 1.0], [5.0, 5.0, 5.0]]).Value.ShouldBe(1);
        Krippendorff.Interval([[3.0, 3.0], [3.0, 3.0]]).Value.ShouldBeNull();
        Krippendorff.Nominal<string>([["a"], ["b"]]).Value.ShouldBeNull();
    }

    [Fact]
    public void A_hand_worked_nominal_example()
    {
        // Units {a,a}, {a,b}: n = 4 pairable values; D_o = (0 + 2/1)/4 = 0.5;
        // all values a,a,a,b: D_e = (16 − 9 − 1)/(4·3) = 0.5 → alpha = 0.
        Krippendorff.Nominal<string>([["a", "a"], ["a", "b"]]).Value!.Value.ShouldBe(0, 1e-12);
    }

    [Fact]
    public void Merged_unit_sums_equal_the_pairwise_definition_for_random_data()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var units = Enumerable.Range(0, random.Next(1, 12))
                .Select(_ => (IReadOnlyList<double>)Enumerable.Range(0, random.Next(0, 5)).Select(_ => (double)random.Next(0, 6)).ToList())
                .ToList();

            var merged = Krippendorff.FromSums(units.Select(Krippendorff.UnitSums).Aggregate(default(Krippendorff.IntervalSums), Krippendorff.Merge));
            var naive = Naive(units);

            if (naive is null)
            {
                merged.Value.ShouldBeNull();
            }
            else
            {
                merged.Value!.Value.ShouldBe(naive.Value, 1e-9);
            }
        }
    }

    /// <summary>The definition, pair by pair, with no algebra.</summary>
    private static double? Naive(IReadOnlyList<IReadOnlyList<double>> units)
    {
        var pairable = units.Where(u => u.Count >= 2).ToList();
        var all = pairable.SelectMany(u => u).ToList();
        double n = all.Count;
        if (n < 2)
        {
            return null;
        }

        double observed = 0;
        foreach (var u in pairable)
        {
            double sum = 0;
            for (var i = 0; i < u.Count; i++)
            {
                for (var j = 0; j < u.Count; j++)
                {
                    if (i != j)
                    {
                        sum += (u[i] - u[j]) * (u[i] - u[j]);
                    }
                }
            }

            observed += sum / (u.Count - 1);
        }

        double expected = 0;
        for (var i = 0; i < all.Count; i++)
        {
            for (var j = 0; j < all.Count; j++)
            {
                if (i != j)
                {
                    expected += (all[i] - all[j]) * (all[i] - all[j]);
                }
            }
        }

        observed /= n;
        expected /= n * (n - 1);
        return expected <= 1e-12 ? null : 1 - (observed / expected);
    }
}

public sealed class KrippendorffPropertyTests
{
    private static readonly Gen<double[][]> Units = Gen.Int[0, 5].Select(v => (double)v).Array[0, 5].Array[0, 12];

    [Fact]
    public void Alpha_from_sums_merged_in_any_split_equals_alpha_of_the_whole() =>
        Gen.Select(Units, Gen.Int[0, 12]).Sample((units, split) =>
        {
            var cut = Math.Min(split, units.Length);
            var whole = Krippendorff.Interval(units.Select(u => (IReadOnlyList<double>)u));
            var left = units.Take(cut).Select(u => Krippendorff.UnitSums(u)).Aggregate(default(Krippendorff.IntervalSums), Krippendorff.Merge);
            var right = units.Skip(cut).Select(u => Krippendorff.UnitSums(u)).Aggregate(default(Krippendorff.IntervalSums), Krippendorff.Merge);
            var merged = Krippendorff.FromSums(Krippendorff.Merge(left, right));
            merged.PairableValues.ShouldBe(whole.PairableValues);
            merged.Value.HasValue.ShouldBe(whole.Value.HasValue);
            if (whole.Value is { } alpha)
            {
                merged.Value!.Value.ShouldBe(alpha, 1e-9);
            }
        }, iter: 500);
}

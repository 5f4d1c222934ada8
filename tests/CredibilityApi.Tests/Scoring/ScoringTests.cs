using CredibilityApi.Scoring;

namespace CredibilityApi.Tests.Scoring;

public sealed class WilsonTests
{
    [Theory]
    [InlineData(0, 10, 0.0, 0.2775)]     // the classic small-n case: the Wald interval would be [0, 0]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(8, 10, 0.4902, 0.9433)]  // the gold-accuracy example of the README: 8 of 10 gives [0.490, 0.943]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(1, 1, 0.2065, 1.0)]
    public void Intervals_match_the_published_values(int successes, int trials, double lower, double upper)
    {
        var p = Wilson.Interval(successes, trials);
        p.Lower!.Value.ShouldBe(lower, 0.00005);
        p.Upper!.Value.ShouldBe(upper, 0.00005);
        p.Share.ShouldBe((double)successes / trials);
    }

    [Fact]
    public void No_trials_gives_no_share()
    {
        var p = Wilson.Interval(0, 0);
        (p.Share, p.Lower, p.Upper).ShouldBe((null, null, null));
    }

    [Fact]
    public void Bounds_contain_the_share_and_stay_in_the_unit_interval()
    {
        for (var n = 1; n <= 60; n++)
        {
            for (var k = 0; k <= n; k++)
            {
                var p = Wilson.Interval(k, n);
                p.Lower!.Value.ShouldBeInRange(0, p.Share!.Value + 1e-12);
                p.Upper!.Value.ShouldBeInRange(p.Share.Value - 1e-12, 1);
            }
        }
    }

    [Fact]
    public void More_successes_than_trials_is_refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Wilson.Interval(3, 2));
}

public sealed class EmpiricalBayesTests
{
    private static Moments Scores(params double[] values) => Moments.Of(values);

    [Fact]
    public void No_articles_means_no_score_not_zero()
    {
        var prior = EmpiricalBayes.EstimatePrior([Scores(50, 60), Scores(20, 30)], Methodology.V1.VarianceFloor);
        EmpiricalBayes.Shrink(default, prior).ShouldBeNull();
    }

    [Fact]
    public void The_prior_is_worked_out_by_the_method_of_moments()
    {
        // Means 85 and 30: mu 57.5, var(means) 1512.5; pooled within variance (50 + 200)/2 = 125;
        // tau2 = 1512.5 − mean(125/2, 125/2) = 1450.
        var prior = EmpiricalBayes.EstimatePrior([Scores(80, 90), Scores(20, 40)], Methodology.V1.VarianceFloor);

        prior.Mu.ShouldBe(57.5, 1e-12);
        prior.Sigma2.ShouldBe(125, 1e-9);
        prior.Tau2.ShouldBe(1450, 1e-9);
        prior.Outlets.ShouldBe(2);
    }

    [Fact]
    public void One_article_is_pulled_towards_the_prior_mean()
    {
        var prior = new Prior(Mu: 50, Tau2: 100, Sigma2: 400, Outlets: 10);

        var posterior = EmpiricalBayes.Shrink(Scores(90), prior)!;

        // precision 1/400 + 1/100 = 0.0125; mean (90/400 + 50/100)/0.0125 = 58.
        posterior.Mean.ShouldBe(58, 1e-9);
        posterior.Sd.ShouldBe(Math.Sqrt(1 / 0.0125), 1e-9);
        posterior.Lower95.ShouldBe(58 - (1.959963984540054 * posterior.Sd), 1e-9);
    }

    [Fact]
    public void Many_articles_leave_the_raw_mean_and_a_narrow_interval()
    {
        var prior = new Prior(Mu: 50, Tau2: 100, Sigma2: 400, Outlets: 10);
        var many = Enumerable.Repeat(90.0, 100_000).Aggregate(default(Moments), (m, v) => m.Add(v));

        var posterior = EmpiricalBayes.Shrink(many, prior)!;

        posterior.Mean.ShouldBe(90, 0.01);
        posterior.Sd.ShouldBeLessThan(0.07);
    }

    [Fact]
    public void A_lone_outlet_keeps_its_own_mean()
    {
        var prior = EmpiricalBayes.EstimatePrior([Scores(30, 60, 90)], Methodology.V1.VarianceFloor);
        EmpiricalBayes.Shrink(Scores(30, 60, 90), prior)!.Mean.ShouldBe(60, 1e-9);
    }

    [Fact]
    public void The_posterior_mean_lies_between_the_raw_mean_and_the_prior_mean()
    {
        var random = new Random(11);
        for (var round = 0; round < 300; round++)
        {
            var outlets = Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => Moments.Of(Enumerable.Range(0, random.Next(1, 8)).Select(_ => (double)random.Next(0, 101))))
                .ToList();
            var prior = EmpiricalBayes.EstimatePrior(outlets, Methodology.V1.VarianceFloor);
            foreach (var outlet in outlets)
            {
                var mean = EmpiricalBayes.Shrink(outlet, prior)!.Mean;
                var raw = outlet.Mean!.Value;
                mean.ShouldBeInRange(Math.Min(raw, prior.Mu) - 1e-9, Math.Max(raw, prior.Mu) + 1e-9);
            }
        }
    }
}

public sealed class DecayTests
{
    private static readonly DateTime T = new(2021, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_weight_halves_every_half_life()
    {
        Decay.Weight(T, T, 180).ShouldBe(1);
        Decay.Weight(T.AddDays(-180), T, 180).ShouldBe(0.5, 1e-12);
        Decay.Weight(T.AddDays(-360), T, 180).ShouldBe(0.25, 1e-12);
    }

    [Fact]
    public void The_score_weighs_recent_articles_more_and_ignores_later_ones()
    {
        var score = Decay.Score([(T.AddDays(-10), 100), (T, 40), (T.AddDays(1), 0)], T, halfLifeDays: 10);

        // Weights 0.5 and 1: (50 + 40)/1.5 = 60; the article after T does not count.
        score!.Value.ShouldBe(60, 1e-12);
        Decay.Score([], T, Methodology.V1.DefaultHalfLifeDays).ShouldBeNull();
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 7)]
    [InlineData(3, 180)]
    [InlineData(4, 3650)]
    public void The_one_pass_series_equals_the_score_at_every_instant(int seed, double halfLifeDays)
    {
        var random = new Random(seed);
        var articles = Enumerable.Range(0, 400)
            .Select(_ => (T.AddDays(random.Next(-2000, 400)).AddMinutes(random.Next(0, 1440)), random.NextDouble() * 200 - 100))
            .ToList();
        var instants = Enumerable.Range(0, 120).Select(i => T.AddDays(-2100 + i * 21)).ToList();

        var series = Decay.ScoresBefore(articles, instants, halfLifeDays);

        for (var i = 0; i < instants.Count; i++)
        {
            var expected = Decay.Score(articles.Where(a => a.Item1 < instants[i]), instants[i], halfLifeDays);
            if (expected is null)
            {
                series[i].ShouldBeNull();
            }
            else
            {
                series[i]!.Value.ShouldBe(expected.Value, 1e-9 * Math.Max(1, Math.Abs(expected.Value)), $"instant {i}");
            }
        }
    }

    [Fact]
    public void The_one_pass_series_neither_underflows_nor_counts_an_article_at_its_own_instant()
    {
        var at = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var series = Decay.ScoresBefore([(at.AddYears(-200), 30), (at.AddYears(-200).AddDays(1), 50), (at, 90)], [at.AddYears(-100), at, at.AddDays(1)], halfLifeDays: 1);

        series[0]!.Value.ShouldBe(Decay.Score([(at.AddYears(-200), 30), (at.AddYears(-200).AddDays(1), 50)], at.AddYears(-100), 1)!.Value, 1e-12);
        series[1]!.Value.ShouldBe(series[0]!.Value, 1e-12);
        series[2]!.Value.ShouldBe(90, 1e-9);
        Decay.ScoresBefore([], [at], 10).ShouldBe([null]);
        Should.Throw<ArgumentException>(() => Decay.ScoresBefore([], [at, at.AddDays(-1)], 10));
    }
}

public sealed class MomentsConsensusCompositeTests
{
    [Fact]
    public void Merged_moments_equal_the_moments_of_the_concatenation()
    {
        var random = new Random(3);
        for (var round = 0; round < 200; round++)
        {
            var a = Enumerable.Range(0, random.Next(0, 10)).Select(_ => random.NextDouble() * 200 - 100).ToList();
            var b = Enumerable.Range(0, random.Next(0, 10)).Select(_ => random.NextDouble() * 200 - 100).ToList();
            var merged = Moments.Of(a) + Moments.Of(b);
            var whole = Moments.Of(a.Concat(b));
            merged.N.ShouldBe(whole.N);
            merged.Sum.ShouldBe(whole.Sum, 1e-9);
            (merged.SampleVariance ?? -1).ShouldBe(whole.SampleVariance ?? -1, 1e-6);
        }
    }

    [Fact]
    public void The_sample_variance_uses_n_minus_one()
    {
        var m = Moments.Of([30, 60, 90]);
        m.Mean.ShouldBe(60);
        m.SampleVariance.ShouldBe(900);
        Moments.Of([5]).SampleVariance.ShouldBeNull();
    }

    private enum Verdict
    {
        Accurate,
        Misleading,
        False,
    }

    [Fact]
    public void Consensus_is_the_plurality_and_a_tie_is_none()
    {
        Consensus.Plurality([Verdict.False, Verdict.Misleading, Verdict.False]).ShouldBe(Verdict.False);
        Consensus.Plurality([Verdict.False, Verdict.Accurate]).ShouldBeNull();
        Consensus.Plurality(Array.Empty<Verdict>()).ShouldBeNull();
    }

    [Fact]
    public void A_claim_is_misleading_or_false_when_a_strict_majority_of_its_verdicts_are_either()
    {
        static bool Bad(Verdict v) => v is Verdict.Misleading or Verdict.False;
        var share = VerdictShares.Of<Verdict>(
        [
            [Verdict.Misleading, Verdict.False],                     // 2 of 2: counts, though its plurality is a tie
            [Verdict.Accurate],                                      // 0 of 1
            [Verdict.False, Verdict.Accurate],                       // 1 of 2 is half, not a majority
            [Verdict.False, Verdict.Misleading, Verdict.Accurate],   // 2 of 3: counts
            [],                                                      // no verdict: not in the denominator
        ], Bad);

        share.VerdictedClaims.ShouldBe(4);
        share.MisleadingOrFalse.ShouldBe(2);
        share.Ties.ShouldBe(3);                                      // the first, third and fourth have no plurality
        share.Share.ShouldBe(Wilson.Interval(2, 4));
        Consensus.StrictMajority([Verdict.False, Verdict.Accurate], Bad).ShouldBeFalse();
        Consensus.StrictMajority(Array.Empty<Verdict>(), Bad).ShouldBeFalse();
    }

    [Fact]
    public void The_composite_rescales_weighs_and_skips_what_is_missing()
    {
        var index = Composite.Index(
        [
            new DimensionScore("factual_accuracy", 0, 100, 0.4, true, 80),
            new DimensionScore("sourcing_transparency", 0, 10, 0.3, true, 5),      // 50 on 0-100
            new DimensionScore("framing_neutrality", 0, 100, 0.2, true, null),     // no data: left out
            new DimensionScore("slant", -100, 100, 0, false, 90),                   // bipolar: weight 0
        ]);

        index!.Value.ShouldBe(((0.4 * 80) + (0.3 * 50)) / 0.7, 1e-9);
        Composite.Index([new DimensionScore("x", 0, 100, 1, true, null)]).ShouldBeNull();
    }
}

/// <summary>Regressions found in review: rounding must never turn "undefined" into a number, or a bound past 1.</summary>
public sealed class NumericalEdgeTests
{
    [Fact]
    public void Many_identical_ratings_give_undefined_alpha_not_almost_one()
    {
        var units = Enumerable.Range(0, 20_000).Select(_ => (IReadOnlyList<double>)[71.3, 71.3, 71.3]);
        Krippendorff.Interval(units).Value.ShouldBeNull();
    }

    [Fact]
    public void Tiny_scale_values_that_do_vary_still_get_an_alpha()
    {
        var alpha = Krippendorff.Interval([[1e-7, 2e-7], [5e-7, 5e-7]]);
        alpha.Value.ShouldNotBeNull();
    }

    [Theory]
    [InlineData(10)]
    [InlineData(243)]
    public void All_successes_have_an_upper_bound_of_exactly_one(int n)
    {
        var p = Wilson.Interval(n, n);
        p.Upper.ShouldBe(1);
        p.Lower!.Value.ShouldBeLessThanOrEqualTo(p.Share!.Value);
    }

    [Fact]
    public void Old_articles_with_a_short_half_life_still_have_a_score()
    {
        var at = new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Decay.Score([(at.AddYears(-200), 30), (at.AddYears(-200).AddDays(1), 50)], at, halfLifeDays: 1)!.Value
            .ShouldBe((30 * 0.5 + 50) / 1.5, 1e-9);
    }

    [Fact]
    public void A_lone_outlet_gets_its_standard_error_not_a_needle_thin_interval()
    {
        var outlet = Moments.Of([30, 60, 90]);
        var prior = EmpiricalBayes.EstimatePrior([outlet], Methodology.V1.VarianceFloor);

        var posterior = EmpiricalBayes.Shrink(outlet, prior)!;

        posterior.Mean.ShouldBe(60, 1e-9);
        posterior.Sd.ShouldBe(Math.Sqrt(900.0 / 3), 1e-9);
    }
}

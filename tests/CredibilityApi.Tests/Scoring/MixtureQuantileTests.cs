using CredibilityApi.Scoring;

namespace CredibilityApi.Tests.Scoring;

/// <summary>
/// <see cref="NormalMixture.Quantile"/> skips the CDF evaluations whose outcome it can tell in advance: it must
/// return exactly the double a plain bisection on <see cref="NormalMixture.Cdf"/> returns, on mixtures like the
/// v2 posteriors and on awkward ones (point masses, far-apart and near-degenerate components).
/// </summary>
public sealed class MixtureQuantileTests
{
    /// <summary>The bisection as it was: 12 sd beyond the components, halved until 1e-9 of the largest sd.</summary>
    private static double PlainBisection(double[] means, double[] variances, NormalMixture mixture, double p)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity, maxSd = 0;
        for (var i = 0; i < means.Length; i++)
        {
            var sd = Math.Sqrt(variances[i]);
            lo = Math.Min(lo, means[i] - (12 * sd));
            hi = Math.Max(hi, means[i] + (12 * sd));
            maxSd = Math.Max(maxSd, sd);
        }

        if (maxSd == 0)
        {
            return mixture.Mean;
        }

        for (var iteration = 0; iteration < 200 && hi - lo > 1e-9 * maxSd; iteration++)
        {
            var mid = 0.5 * (lo + hi);
            if (mixture.Cdf(mid) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    [Fact]
    public void Quantiles_and_intervals_are_the_plain_bisections_to_the_bit()
    {
        var random = new Random(20261205);
        var tail = Normal.Cdf(-Methodology.V2.Z);
        var checkedQuantiles = 0;
        for (var k = 0; k < 3000; k++)
        {
            var n = 1 + random.Next(120);
            var weights = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
            var total = weights.Sum();
            weights = weights.Select(w => w / total).ToArray();
            var spread = (k % 3) switch { 0 => 1.0, 1 => 20.0, _ => 100.0 };
            var means = Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * spread).ToArray();
            var variances = Enumerable.Range(0, n).Select(_ => random.Next(40) == 0 ? 0 : Math.Exp((random.NextDouble() * 12) - 6)).ToArray();
            var mixture = new NormalMixture(weights, means, variances);

            foreach (var p in new[] { tail, 1 - tail, 0.0005 + (random.NextDouble() * 0.999) })
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(PlainBisection(means, variances, mixture, p)), BitConverter.DoubleToInt64Bits(mixture.Quantile(p)));
                checkedQuantiles++;
            }

            var interval = mixture.Summarise(Methodology.V2.Z);
            Assert.Equal(BitConverter.DoubleToInt64Bits(PlainBisection(means, variances, mixture, tail)), BitConverter.DoubleToInt64Bits(interval.Lower95));
            Assert.Equal(BitConverter.DoubleToInt64Bits(PlainBisection(means, variances, mixture, 1 - tail)), BitConverter.DoubleToInt64Bits(interval.Upper95));
        }

        Assert.Equal(9000, checkedQuantiles);
    }

    [Fact]
    public void A_posterior_of_a_fitted_prior_gives_the_plain_bisections_interval()
    {
        // A v2 bucket prior from 12 outlets, then group posteriors of thin and well-measured units, widened by a shared variance.
        var random = new Random(7);
        var groups = Enumerable.Range(0, 12).Select(_ => new GroupObservation(50 + (15 * (random.NextDouble() - 0.5)), 5 + (40 * random.NextDouble()))).ToList();
        var prior = SdPosterior.Fit(groups, 50, 100, Methodology.V2.GridPoints)!;
        var tail = Normal.Cdf(-Methodology.V2.Z);
        foreach (var (mean, variance, shared) in new[] { (30.0, 400.0, 0.0), (52.0, 4.0, 1.5), (71.0, 60.0, 0.2), (49.0, 0.01, 0.0) })
        {
            var g = prior.Group(mean, variance);
            var means = Enumerable.Range(0, prior.Tau2.Count).Select(i =>
            {
                var b = variance / (variance + prior.Tau2[i]);
                return (b * prior.MuHat[i]) + ((1 - b) * mean);
            }).ToArray();
            var variances = Enumerable.Range(0, prior.Tau2.Count).Select(i =>
            {
                var b = variance / (variance + prior.Tau2[i]);
                return (variance * prior.Tau2[i] / (variance + prior.Tau2[i])) + (b * b * prior.MuVariance[i]) + (shared > 0 ? shared : 0);
            }).ToArray();
            var mixture = g.Widen(shared);
            var interval = mixture.Summarise(Methodology.V2.Z);
            Assert.Equal(PlainBisection(means, variances, mixture, tail), interval.Lower95);
            Assert.Equal(PlainBisection(means, variances, mixture, 1 - tail), interval.Upper95);
        }
    }
}

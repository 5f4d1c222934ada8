namespace CredibilityApi.Scoring;

/// <summary>One group's observed mean and the sampling variance of that mean given the group's true value.</summary>
public readonly record struct GroupObservation(double Mean, double Variance);

/// <summary>A finite mixture of normals: how v2 states what it knows of a quantity once the unknown sd is integrated out.</summary>
public sealed class NormalMixture
{
    private readonly double[] _weights;
    private readonly double[] _means;
    private readonly double[] _variances;
    private readonly double[] _sds;

    public NormalMixture(double[] weights, double[] means, double[] variances)
    {
        _weights = weights;
        _means = means;
        _variances = variances;
        _sds = new double[variances.Length];
        for (var i = 0; i < variances.Length; i++)
        {
            _sds[i] = Math.Sqrt(variances[i]);
        }

        Mean = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            Mean += weights[i] * means[i];
        }

        double second = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            second += weights[i] * (variances[i] + ((means[i] - Mean) * (means[i] - Mean)));
        }

        Variance = second;
    }

    public double Mean { get; }

    /// <summary>The mixture's variance: the components' mean variance plus the spread of their means.</summary>
    public double Variance { get; }

    public double Sd => Math.Sqrt(Variance);

    /// <summary>The same mixture with an independent normal error of variance <paramref name="extra"/> added to every component.</summary>
    public NormalMixture Widen(double extra) =>
        extra <= 0 ? this : new NormalMixture(_weights, _means, _variances.Select(v => v + extra).ToArray());

    /// <summary>The quantile at <paramref name="p"/>, by bisection on the mixture's CDF (deterministic, 1e-9 of the sd).</summary>
    public double Quantile(double p) => Quantile(p, Mean);

    /// <summary>
    /// The quantile by bisection, as documented on <see cref="Quantile(double)"/>; <paramref name="guess"/> only
    /// speeds it up. The bisection's path is fixed by which side of p the CDF falls at each midpoint, so a few
    /// Newton steps from the guess first locate the root, and the bisection then evaluates the CDF only at
    /// midpoints so close to it that the comparison could go either way; every other comparison is decided by
    /// the side of the root the midpoint lies on (<see cref="Bracket"/>). The result is the same double the
    /// plain bisection gives, with about a dozen CDF evaluations instead of about 35.
    /// </summary>
    private double Quantile(double p, double guess)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity, maxSd = 0;
        for (var i = 0; i < _weights.Length; i++)
        {
            var sd = _sds[i];
            lo = Math.Min(lo, _means[i] - (12 * sd));
            hi = Math.Max(hi, _means[i] + (12 * sd));
            maxSd = Math.Max(maxSd, sd);
        }

        if (maxSd == 0)
        {
            return Mean;
        }

        var (below, above) = Bracket(p, guess, lo, hi, maxSd);
        for (var iteration = 0; iteration < 200 && hi - lo > 1e-9 * maxSd; iteration++)
        {
            var mid = 0.5 * (lo + hi);
            if (mid <= below || (mid < above && Cdf(mid) < p))
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

    /// <summary>
    /// Bounds (below, above) such that the computed CDF is below <paramref name="p"/> at every x ≤ below and at
    /// least p at every x ≥ above, so the bisection need not evaluate it there; (−∞, ∞) when they cannot be
    /// established, and the bisection then evaluates every midpoint. The computed CDF is within 1.2e-7 of the
    /// true, increasing one (the bound of the erfc approximation), and is itself smooth and increasing (its
    /// slope within 1e-5 of the true density's) except for a step of about −3e-8 × weight at each component's
    /// mean, where the approximation switches branches, and rounding. So: Newton steps find the root x*;
    /// beyond x* ± g the CDF is checked to differ from p by more than twice the approximation's error, which
    /// settles every comparison out there; within x* ± g, where no component's mean may lie, the CDF only
    /// rises, and it is checked to be below p − 1e-13 at x* − δ and above p + 1e-13 at x* + δ, far beyond what
    /// rounding can move it.
    /// </summary>
    private (double Below, double Above) Bracket(double p, double guess, double lo, double hi, double maxSd)
    {
        const double approximationError = 1.2e-7;
        const double roundingMargin = 1e-13;
        var none = (double.NegativeInfinity, double.PositiveInfinity);
        double a = lo, b = hi;
        var x = Math.Clamp(guess, lo, hi);
        var converged = false;
        for (var step = 0; step < 60; step++)
        {
            var (cdf, density) = CdfAndDensity(x);
            if (cdf < p)
            {
                a = x;
            }
            else
            {
                b = x;
            }

            var next = double.NaN;
            if (density > 0)
            {
                var newton = (cdf - p) / density;
                if (Math.Abs(newton) <= 1e-12 * maxSd)
                {
                    converged = true;
                    break;
                }

                next = x - newton;
            }

            x = next > a && next < b ? next : 0.5 * (a + b);
        }

        var g = 1e-4 * maxSd;
        if (!converged || Array.Exists(_means, m => Math.Abs(m - x) <= g)
            || !(Cdf(x - g) < p - (2.5 * approximationError)) || !(Cdf(x + g) >= p + (2.5 * approximationError)))
        {
            return none;
        }

        for (var delta = 1e-11 * maxSd; delta < g; delta *= 16)
        {
            if (Cdf(x - delta) < p - roundingMargin && Cdf(x + delta) > p + roundingMargin)
            {
                return (x - delta, x + delta);
            }
        }

        return none;
    }

    public double Cdf(double x)
    {
        double sum = 0;
        for (var i = 0; i < _weights.Length; i++)
        {
            sum += _weights[i] * (_variances[i] <= 0
                ? (x >= _means[i] ? 1 : 0)
                : Normal.Cdf((x - _means[i]) / _sds[i]));
        }

        return sum;
    }

    /// <summary>The CDF and the density at <paramref name="x"/> (point masses add nothing to the density).</summary>
    private (double Cdf, double Density) CdfAndDensity(double x)
    {
        double cdf = 0, density = 0;
        for (var i = 0; i < _weights.Length; i++)
        {
            if (_variances[i] <= 0)
            {
                cdf += _weights[i] * (x >= _means[i] ? 1 : 0);
                continue;
            }

            var z = (x - _means[i]) / _sds[i];
            cdf += _weights[i] * Normal.Cdf(z);
            density += _weights[i] * Math.Exp(-0.5 * z * z) / (_sds[i] * Math.Sqrt(2 * Math.PI));
        }

        return (cdf, density);
    }

    /// <summary>Posterior mean, sd and the central interval that leaves (1 − level)/2 in each tail.</summary>
    public Posterior Summarise(double z)
    {
        var tail = Normal.Cdf(-z);
        return new Posterior(Mean, Sd, Quantile(tail, Mean - (z * Sd)), Quantile(1 - tail, Mean + (z * Sd)));
    }
}

/// <summary>The standard normal distribution's CDF.</summary>
public static class Normal
{
    /// <summary>Φ(x), from the Chebyshev-fitted erfc of Numerical Recipes (erfcc; fractional error below 1.2e-7 everywhere).</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var r = t * Math.Exp((-z * z) - 1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806 + (t * (0.27886807
            + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277))))))))))))))))));
        return x >= 0 ? r : 2 - r;
    }
}

/// <summary>
/// The hierarchical normal model of Gelman et al., Bayesian Data Analysis (3rd ed.), section 5.4: group
/// means y_j ~ N(theta_j, V_j) with known V_j, theta_j ~ N(mu, tau²), mu flat, and tau with a half-Cauchy
/// prior of scale s. The posterior of tau is computed on a grid (eq. 5.21), and with it mu's conditional
/// posterior N(mû(tau), V_mu(tau)) (eq. 5.20); a group's theta is then a mixture over the grid (eq. 5.17
/// with mu integrated out). Nothing is plugged in as if known and nothing is floored: with few groups tau's
/// posterior is wide and so are the intervals; with one group theta's posterior is N(y, V) exactly.
/// </summary>
public sealed class SdPosterior
{
    private SdPosterior(double[] tau2, double[] weights, double[] muHat, double[] muVariance, int groups)
    {
        Tau2 = tau2;
        Weights = weights;
        MuHat = muHat;
        MuVariance = muVariance;
        Groups = groups;
    }

    /// <summary>The grid of tau² with non-negligible posterior weight.</summary>
    public IReadOnlyList<double> Tau2 { get; }

    /// <summary>Normalised posterior weights of the grid points.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>mû(tau): the precision-weighted mean of the group means.</summary>
    public IReadOnlyList<double> MuHat { get; }

    /// <summary>V_mu(tau): the variance of mu given tau.</summary>
    public IReadOnlyList<double> MuVariance { get; }

    /// <summary>Groups behind the estimate.</summary>
    public int Groups { get; }

    /// <summary>E[tau² | data].</summary>
    public double MeanTau2 => Tau2.Select((t, i) => t * Weights[i]).Sum();

    /// <summary>E[V_mu | data]: what is left unknown of mu.</summary>
    public double MeanMuVariance => MuVariance.Select((v, i) => v * Weights[i]).Sum();

    /// <summary>Rebuilds a stored posterior (the arrays as <see cref="Tau2"/> etc. gave them).</summary>
    public static SdPosterior FromStored(double[] tau2, double[] weights, double[] muHat, double[] muVariance, int groups) =>
        new(tau2, weights, muHat, muVariance, groups);

    /// <summary>
    /// The posterior of tau on a grid over (0, <paramref name="maxSd"/>], denser near 0; null when there are no
    /// groups. Every group needs a positive, finite variance.
    /// </summary>
    public static SdPosterior? Fit(IReadOnlyList<GroupObservation> groups, double priorScale, double maxSd, int points)
    {
        if (groups.Count == 0)
        {
            return null;
        }

        foreach (var g in groups)
        {
            if (!(g.Variance > 0) || double.IsInfinity(g.Variance) || !double.IsFinite(g.Mean))
            {
                throw new ArgumentException("Every group needs a finite mean and a positive, finite variance.", nameof(groups));
            }
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorScale);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSd);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);

        var tau2 = new double[points];
        var logWeight = new double[points];
        var muHat = new double[points];
        var muVariance = new double[points];
        for (var i = 0; i < points; i++)
        {
            // tau = maxSd·u² on a midpoint grid in u: fine steps where small tau changes the answer most.
            var u = (i + 0.5) / points;
            var tau = maxSd * u * u;
            var step = maxSd * 2 * u / points;
            double precision = 0, weighted = 0, logDet = 0;
            foreach (var g in groups)
            {
                var total = g.Variance + (tau * tau);
                precision += 1 / total;
                weighted += g.Mean / total;
                logDet += Math.Log(total);
            }

            var mu = weighted / precision;
            double squares = 0;
            foreach (var g in groups)
            {
                squares += (g.Mean - mu) * (g.Mean - mu) / (g.Variance + (tau * tau));
            }

            var prior = 1 / (1 + ((tau / priorScale) * (tau / priorScale)));
            tau2[i] = tau * tau;
            muHat[i] = mu;
            muVariance[i] = 1 / precision;
            logWeight[i] = Math.Log(prior * step) + (0.5 * Math.Log(1 / precision)) - (0.5 * logDet) - (0.5 * squares);
        }

        var max = logWeight.Max();
        var weights = logWeight.Select(l => Math.Exp(l - max)).ToArray();
        var sum = weights.Sum();
        var keep = Enumerable.Range(0, points).Where(i => weights[i] / sum > 1e-12).ToArray();
        var kept = keep.Sum(i => weights[i]);
        return new SdPosterior(
            keep.Select(i => tau2[i]).ToArray(),
            keep.Select(i => weights[i] / kept).ToArray(),
            keep.Select(i => muHat[i]).ToArray(),
            keep.Select(i => muVariance[i]).ToArray(),
            groups.Count);
    }

    /// <summary>
    /// The posterior of the true value theta of a group that is part of the fit, observed as
    /// <paramref name="mean"/> with sampling variance <paramref name="variance"/>: per grid point
    /// N(B·mû + (1 − B)·y, V·tau²/(V + tau²) + B²·V_mu) with B = V/(V + tau²).
    /// </summary>
    public NormalMixture Group(double mean, double variance)
    {
        var n = Tau2.Count;
        double[] m = new double[n], v = new double[n];
        for (var i = 0; i < n; i++)
        {
            var b = variance / (variance + Tau2[i]);
            m[i] = (b * MuHat[i]) + ((1 - b) * mean);
            v[i] = (variance * Tau2[i] / (variance + Tau2[i])) + (b * b * MuVariance[i]);
        }

        return new NormalMixture(Weights.ToArray(), m, v);
    }

    /// <summary>
    /// The posterior of theta − mu for a group that is part of the fit: (1 − B)(y − mû) with variance
    /// V·tau²/(V + tau²) + (1 − B)²·V_mu. Leniency is this: an annotator's offset from the population's mean.
    /// </summary>
    public NormalMixture Deviation(double mean, double variance)
    {
        var n = Tau2.Count;
        double[] m = new double[n], v = new double[n];
        for (var i = 0; i < n; i++)
        {
            var shrink = Tau2[i] / (variance + Tau2[i]);
            m[i] = shrink * (mean - MuHat[i]);
            v[i] = (variance * Tau2[i] / (variance + Tau2[i])) + (shrink * shrink * MuVariance[i]);
        }

        return new NormalMixture(Weights.ToArray(), m, v);
    }

    /// <summary>E[(1 − B)] = E[tau²/(V + tau²)]: how much of mu's uncertainty a deviation carries.</summary>
    public double Loading(double variance) => Tau2.Select((t, i) => Weights[i] * t / (variance + t)).Sum();
}

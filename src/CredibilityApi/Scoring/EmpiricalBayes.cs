namespace CredibilityApi.Scoring;

/// <summary>The prior of a window: mean and between-outlet variance, and the pooled within-outlet variance.</summary>
public sealed record Prior(double Mu, double Tau2, double Sigma2, int Outlets);

/// <summary>A shrunk score: posterior mean and sd, and the 95% interval from them.</summary>
public sealed record Posterior(double Mean, double Sd, double Lower95, double Upper95);

/// <summary>
/// Normal-normal empirical Bayes (methodology v1, step 3). Outlets with no rated article in the window
/// take no part. <c>mu</c> is the unweighted mean of the outlet means; <c>sigma2</c> the pooled
/// within-outlet variance Σ CSS_i / Σ (n_i − 1) over outlets with two or more articles (when none has,
/// the variance of the outlet means stands in); <c>tau2</c> the method-of-moments between-outlet
/// variance, var(means) − mean(sigma2 / n_i), floored at a small positive value. It needs two outlets:
/// with one, the prior is flat (tau2 = +∞), so the outlet keeps its raw mean and its interval is the
/// plain standard error sqrt(sigma2/n), not an artificially tight one.
/// </summary>
public static class EmpiricalBayes
{
    public static Prior EstimatePrior(IReadOnlyList<Moments> outletScores, double floor)
    {
        var rated = outletScores.Where(m => m.N > 0).ToList();
        if (rated.Count == 0)
        {
            return new Prior(0, double.PositiveInfinity, floor, 0);
        }

        var means = rated.Select(m => m.Sum / m.N).ToList();
        var mu = means.Average();
        var betweenMeans = rated.Count < 2 ? 0 : means.Sum(x => (x - mu) * (x - mu)) / (rated.Count - 1);
        var withinDf = rated.Where(m => m.N >= 2).Sum(m => m.N - 1);
        var sigma2 = withinDf > 0
            ? rated.Where(m => m.N >= 2).Sum(m => m.CentredSumOfSquares) / withinDf
            : betweenMeans;
        sigma2 = Math.Max(floor, sigma2);
        var tau2 = rated.Count < 2 ? double.PositiveInfinity : Math.Max(floor, betweenMeans - rated.Average(m => sigma2 / m.N));
        return new Prior(mu, tau2, sigma2, rated.Count);
    }

    /// <summary>The posterior for one outlet; null when it has no rated article ("no data: null, never zero").</summary>
    public static Posterior? Shrink(Moments outlet, Prior prior, double z = Wilson.Z95)
    {
        if (outlet.N == 0)
        {
            return null;
        }

        double n = outlet.N;
        var m = outlet.Sum / n;
        var precision = (n / prior.Sigma2) + (1 / prior.Tau2);
        var mean = ((n * m / prior.Sigma2) + (prior.Mu / prior.Tau2)) / precision;
        var sd = Math.Sqrt(1 / precision);
        return new Posterior(mean, sd, mean - (z * sd), mean + (z * sd));
    }
}

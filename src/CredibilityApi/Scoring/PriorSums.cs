namespace CredibilityApi.Scoring;

/// <summary>
/// What <see cref="EmpiricalBayes.EstimatePrior(IReadOnlyList{Moments}, double)"/> needs of a bucket's outlets, as sums
/// over them, so that a stored prior moves by the difference one outlet's change makes instead of being estimated again
/// from every outlet (issue 13: a rating's work is O(1), not O(outlets)): the outlets with a rated article, Σ of their
/// means and of the means' squares, and over the outlets with two or more articles Σ (n − 1) and Σ of their centred
/// sums of squares, and Σ 1/n. An outlet without articles contributes nothing.
/// </summary>
public readonly record struct PriorSums(long Outlets, double MeanSum, double MeanSquares, double WithinDf, double WithinSquares, double InverseArticles)
{
    /// <summary>One outlet's share of its bucket's sums.</summary>
    public static PriorSums Of(Moments outlet)
    {
        if (outlet.N <= 0)
        {
            return default;
        }

        var mean = outlet.Sum / outlet.N;
        return outlet.N >= 2
            ? new PriorSums(1, mean, mean * mean, outlet.N - 1, outlet.CentredSumOfSquares, 1.0 / outlet.N)
            : new PriorSums(1, mean, mean * mean, 0, 0, 1.0 / outlet.N);
    }

    public static PriorSums operator +(PriorSums a, PriorSums b) => new(
        a.Outlets + b.Outlets, a.MeanSum + b.MeanSum, a.MeanSquares + b.MeanSquares, a.WithinDf + b.WithinDf, a.WithinSquares + b.WithinSquares,
        a.InverseArticles + b.InverseArticles);

    public static PriorSums operator -(PriorSums a, PriorSums b) => new(
        a.Outlets - b.Outlets, a.MeanSum - b.MeanSum, a.MeanSquares - b.MeanSquares, a.WithinDf - b.WithinDf, a.WithinSquares - b.WithinSquares,
        a.InverseArticles - b.InverseArticles);

    /// <summary>
    /// The prior these sums give, as <see cref="EmpiricalBayes.EstimatePrior(IReadOnlyList{Moments}, double)"/> gives it from
    /// the outlets themselves; null without a rated outlet. The between-outlet variance is (Σ m² − k·μ²)/(k − 1), the
    /// one-pass form of the two-pass Σ (m − μ)²/(k − 1): with means bounded by the rating scale and a few hundred outlets
    /// the difference is far below the 1e-6 the rollup tests hold stored priors to, and it is clamped at zero.
    /// </summary>
    public Prior? Estimate(double floor)
    {
        if (Outlets <= 0)
        {
            return null;
        }

        var k = (double)Outlets;
        var mu = MeanSum / k;
        var between = Outlets < 2 ? 0 : Math.Max(0, (MeanSquares - (k * mu * mu)) / (k - 1));
        var sigma2 = Math.Max(floor, WithinDf > 0.5 ? Math.Max(0, WithinSquares) / WithinDf : between);
        var tau2 = Outlets < 2 ? double.PositiveInfinity : Math.Max(floor, between - (sigma2 * InverseArticles / k));
        return new Prior(mu, tau2, sigma2, (int)Outlets);
    }
}

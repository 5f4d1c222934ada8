using System.Globalization;

namespace CredibilityApi.Scoring;

/// <summary>
/// What the rollups keep of one outlet's rated articles in a window on one dimension: the count, the sum of
/// article scores (each the mean of its ratings), Σ 1/k over the articles (k ratings each) and, per annotator,
/// Σ 1/k over the articles they rated (their share of the article scores; the shares add up to the count).
/// All are sums over days, so any window's are the sum of its days'.
/// </summary>
public sealed record OutletUnitSums(long Articles, double ScoreSum, double InverseRatingsSum, IReadOnlyDictionary<string, double> AnnotatorWeights)
{
    /// <summary>The sums of a set of articles, each given as its (annotator, rating) pairs.</summary>
    public static OutletUnitSums Of(IEnumerable<IReadOnlyList<(string AnnotatorId, double Value)>> articles)
    {
        long n = 0;
        double sum = 0, inverse = 0;
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var ratings in articles)
        {
            if (ratings.Count == 0)
            {
                continue;
            }

            n++;
            sum += ratings.Average(r => r.Value);
            inverse += 1.0 / ratings.Count;
            foreach (var (annotator, _) in ratings)
            {
                weights[annotator] = weights.GetValueOrDefault(annotator) + (1.0 / ratings.Count);
            }
        }

        return new OutletUnitSums(n, sum, inverse, weights);
    }
}

/// <summary>
/// One outlet-unit (outlet × bucket × dimension) under v2, before shrinkage: the raw mean, the mean with the
/// raters' leniency taken out, and the variances of that mean given the outlet's true value: <see cref="Variance"/>
/// from articles, noise and each rater's own leniency error; <see cref="SharedVariance"/> from what is unknown of
/// the annotator population's mean leniency, which moves every outlet together and is added after shrinkage.
/// </summary>
public sealed record OutletUnit(
    long Articles,
    double RawMean,
    double Mean,
    double LeniencyAdjustment,
    double Variance,
    double SharedVariance,
    double EffectiveAnnotators);

/// <summary>A v2 figure: the interval (null with a reason when the data cannot support one) and its diagnostics.</summary>
public sealed record V2Estimate(Posterior? Posterior, double? LeniencyAdjustment, double? EffectiveAnnotators, string? Reliability);

/// <summary>
/// Methodology v2 (per rubric dimension): rating = mu + outlet + annotator leniency + article + noise, with
/// crossed random effects. The target is the outlet's quality in the bucket as the average annotator would
/// rate its average article. The long-window part (leniencies, noise and article variance) comes from
/// <see cref="LeniencyModel"/>; per bucket, the outlets' leniency-adjusted means go through the hierarchical
/// normal model (<see cref="SdPosterior"/>) with mu and tau integrated out.
/// </summary>
public static class ScoringV2
{
    /// <summary>The outlet-unit of some rollup sums under a fit; null when there is no rated article or the fit cannot support one.</summary>
    public static OutletUnit? Unit(OutletUnitSums sums, LeniencyFit fit)
    {
        if (sums.Articles == 0 || !Supports(fit))
        {
            return null;
        }

        var shares = default(UnitShares);
        foreach (var (annotator, weight) in sums.AnnotatorWeights.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            shares.Add(weight / sums.Articles, fit.For(annotator));
        }

        return Unit(sums.Articles, sums.ScoreSum, sums.InverseRatingsSum, shares, fit);
    }

    /// <summary>Whether the fit can support outlet-units: it has the noise and article variances.</summary>
    public static bool Supports(LeniencyFit fit) => fit.Unavailable is null && fit.NoiseVariance is not null && fit.ArticleVariance is not null;

    /// <summary>
    /// The raters' part of an outlet-unit, added up rater by rater in ordinal order of their ids: each rater's share of
    /// the article scores (their weight over the articles) times their leniency, and what it brings to the variances.
    /// </summary>
    public struct UnitShares
    {
        private double _adjustment, _magnitude, _own, _loading, _squares;

        public void Add(double share, AnnotatorLeniency leniency)
        {
            _adjustment += share * leniency.Estimate;
            _magnitude += Math.Abs(share * leniency.Estimate);
            _own += share * share * leniency.OwnVariance;
            _loading += share * leniency.Loading;
            _squares += share * share;
        }

        /// <summary>
        /// The raters' leniencies weighted by their shares. When they cancel (raters as lenient as they are strict, as a
        /// full panel's are), the sum is 0 rather than the rounding left of it: a remainder within 1e-12 of the terms'
        /// own size is no adjustment, and was shown to researchers as -4.4e-16 in the CSV.
        /// </summary>
        public readonly double Adjustment => Math.Abs(_adjustment) <= 1e-12 * _magnitude ? 0 : _adjustment;

        public readonly double Own => _own;

        public readonly double Loading => _loading;

        public readonly double Squares => _squares;
    }

    /// <summary>
    /// The outlet-unit of <paramref name="articles"/> (at least one) with these sums and rater shares, under a fit that
    /// <see cref="Supports"/> units: the one arithmetic of the rollups' units and the refit's priors.
    /// </summary>
    public static OutletUnit Unit(long articles, double scoreSum, double inverseRatingsSum, in UnitShares shares, LeniencyFit fit)
    {
        double n = articles;
        var noise = fit.NoiseVariance!.Value;
        var article = fit.ArticleVariance!.Value;
        var rawMean = scoreSum / n;
        var sampling = (article + (noise * inverseRatingsSum / n)) / n;
        // The fit refuses ratings without any noise, so the variance is positive; the guard only keeps the model
        // defined against rounding (1e-12 is far below any rating scale's resolution).
        return new OutletUnit(articles, rawMean, rawMean - shares.Adjustment, shares.Adjustment, Math.Max(sampling + shares.Own, 1e-12),
            shares.Loading * shares.Loading * fit.SharedVariance, shares.Squares > 0 ? 1 / shares.Squares : 0);
    }

    /// <summary>The posterior of tau (and mu) from every outlet-unit of a bucket; null when there is none.</summary>
    public static SdPosterior? Prior(IEnumerable<OutletUnit> units, double range, MethodologyOptions options) =>
        SdPosterior.Fit(units.Select(u => new GroupObservation(u.Mean, u.Variance)).ToList(), options.TauPriorScale * range, range, options.GridPoints);

    /// <summary>
    /// The estimate of one outlet-unit against its bucket's prior. Without a stored prior for the bucket, the
    /// unit is taken alone (its own mean and standard error, unshrunk: the honest answer with one outlet).
    /// </summary>
    public static V2Estimate Estimate(OutletUnit? unit, SdPosterior? prior, LeniencyFit fit, double range, MethodologyOptions options)
    {
        if (fit.Unavailable is { } reason)
        {
            return new V2Estimate(null, null, null, reason);
        }

        if (unit is null)
        {
            return new V2Estimate(null, null, null, null);
        }

        var bucketPrior = prior ?? Prior([unit], range, options)!;
        var posterior = bucketPrior.Group(unit.Mean, unit.Variance).Widen(unit.SharedVariance).Summarise(options.Z);
        return new V2Estimate(posterior, unit.LeniencyAdjustment, unit.EffectiveAnnotators, Reliability(unit, bucketPrior, posterior, fit, range, options));
    }

    /// <summary>A plain-language note when the interval is wide, naming what the data lacks; null otherwise.</summary>
    public static string? Reliability(OutletUnit unit, SdPosterior prior, Posterior posterior, LeniencyFit fit, double range, MethodologyOptions options)
    {
        var width = posterior.Upper95 - posterior.Lower95;
        if (width <= options.WideIntervalShare * range)
        {
            return null;
        }

        var reasons = new List<string>();
        if (unit.Articles < 5)
        {
            reasons.Add(unit.Articles == 1 ? "only 1 rated article" : $"only {unit.Articles} rated articles");
        }

        if (unit.EffectiveAnnotators < 1.5)
        {
            reasons.Add("essentially one annotator, whose leniency is known only from ratings shared with others");
        }

        if (prior.Groups < 4)
        {
            reasons.Add(prior.Groups == 1
                ? "no other outlet rated in this bucket to compare with"
                : $"only {prior.Groups} outlets rated in this bucket, so the spread between outlets is barely known");
        }

        if (unit.SharedVariance > 0.25 * posterior.Sd * posterior.Sd)
        {
            reasons.Add($"few annotators ({fit.Annotators.Count}) to tell how lenient the average annotator is");
        }

        if (reasons.Count == 0)
        {
            reasons.Add("the articles vary a lot for their number");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"Wide interval (±{width / 2:0.#} on a range of {range:0.#}) for lack of data: {string.Join("; ", reasons)}.");
    }
}

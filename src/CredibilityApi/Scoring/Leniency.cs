namespace CredibilityApi.Scoring;

/// <summary>
/// One current rating, as methodology v2's fit takes it. <see cref="Group"/> names the outlet and calendar month
/// of the article's publication: the article variance is the spread of article scores within such a group.
/// </summary>
public readonly record struct RatingObservation(string ArticleId, string AnnotatorId, double Value, string Group);

/// <summary>
/// One annotator's leniency on a dimension: how much higher than the average annotator they rate the same
/// article, shrunk toward 0, with its posterior sd and 95% interval. <see cref="Overlap"/> is the information
/// behind it, Σ (1 − 1/k) over the articles they rated (k ratings each): an article nobody else rated says
/// nothing about leniency. An annotator without overlap is not <see cref="Identified"/>: leniency 0, and the
/// population's whole spread as uncertainty.
/// </summary>
public sealed record AnnotatorLeniency(
    string AnnotatorId,
    double Estimate,
    double Sd,
    double Lower95,
    double Upper95,
    int Ratings,
    double Overlap,
    bool Identified)
{
    /// <summary>The part of the estimate's variance that is this annotator's own (not shared through mu).</summary>
    public double OwnVariance { get; init; }

    /// <summary>How much of the population mean's uncertainty the estimate carries (E[tau²/(s² + tau²)]).</summary>
    public double Loading { get; init; }
}

/// <summary>
/// Methodology v2's long-window estimates for one dimension, from every current rating on it: annotator
/// leniencies and the variance components that sparse buckets borrow. <see cref="Unavailable"/> says why, when
/// the ratings cannot separate them (then v2 gives no interval rather than a made-up one).
/// </summary>
public sealed record LeniencyFit(
    IReadOnlyDictionary<string, AnnotatorLeniency> Annotators,
    double? NoiseVariance,
    double? ArticleVariance,
    double LeniencyVariance,
    double SharedVariance,
    int Ratings,
    int Articles,
    int OverlappingArticles,
    string? Unavailable)
{
    /// <summary>A fit with nothing in it: no ratings.</summary>
    public static LeniencyFit Empty { get; } = new(new Dictionary<string, AnnotatorLeniency>(), null, null, 0, 0, 0, 0, 0,
        "No ratings on this dimension yet.");

    /// <summary>The leniency of an annotator the fit has never seen: 0, with the population's spread.</summary>
    public AnnotatorLeniency For(string annotatorId) =>
        Annotators.TryGetValue(annotatorId, out var known)
            ? known
            : Unseen(annotatorId);

    // Leniency 0 with the population's spread: a normal approximation of the prior predictive (finite bounds, so the
    // record can be stored or served like any other).
    private AnnotatorLeniency Unseen(string annotatorId)
    {
        var sd = Math.Sqrt(LeniencyVariance);
        return new AnnotatorLeniency(annotatorId, 0, sd, -Wilson.Z95 * sd, Wilson.Z95 * sd, 0, 0, false) { OwnVariance = LeniencyVariance };
    }
}

/// <summary>
/// Fits methodology v2's long-window part on one dimension: rating = article + leniency + noise, with
/// article effects free (profiled out) so that only ratings of the same article by different annotators
/// inform leniency. Steps:
/// <list type="number">
/// <item>Least squares for the leniencies by Gauss-Seidel sweeps over the annotators, gauge fixed by centring
/// (only differences between annotators are identified); articles rated once take no part.</item>
/// <item>Noise variance from the residuals, with Σ(k − 1) − (J − 1) degrees of freedom.</item>
/// <item>Leniency as a random effect: the raw estimates (sampling variance noise/overlap) go through the
/// hierarchical normal model (<see cref="SdPosterior"/>), so the leniency sd is integrated over on a grid and
/// each estimate is shrunk toward the population mean, with the uncertainty of that mean carried along.</item>
/// <item>Article variance: the pooled variance of leniency-adjusted article scores within outlet-months, less
/// the part the noise explains.</item>
/// </list>
/// Deterministic: the sweeps run in ordinal order of the ids, so the same ratings give the same numbers.
/// </summary>
public static class LeniencyModel
{
    public static LeniencyFit Fit(IReadOnlyCollection<RatingObservation> ratings, double range, MethodologyOptions options)
    {
        if (ratings.Count == 0)
        {
            return LeniencyFit.Empty;
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(range);
        var list = ratings as IReadOnlyList<RatingObservation> ?? ratings.ToArray();
        var (annotatorIds, annotatorIndex) = RatedArticles.RanksOf(list.Select(r => r.AnnotatorId));
        var articles = RatedArticles.Of(list, r => r.ArticleId, r => r.AnnotatorId, r => r.Value, annotatorIndex);

        var j = annotatorIds.Length;
        var overlap = new double[j];
        var counts = new int[j];
        for (var a = 0; a < articles.Count; a++)
        {
            var k = articles.Length(a);
            for (var p = articles.Start[a]; p < articles.Start[a + 1]; p++)
            {
                counts[articles.Raters[p]]++;
                if (k >= 2)
                {
                    overlap[articles.Raters[p]] += 1 - (1.0 / k);
                }
            }
        }

        var byAnnotator = CoRatings.Of(articles, j);
        var identified = Enumerable.Range(0, j).Where(i => overlap[i] > 0).ToArray();
        var raw = SolveLeastSquares(articles, byAnnotator, overlap, identified, options.FitIterations);

        // Residual variance within articles, after the leniencies.
        double rss = 0;
        long df = 0;
        var overlapping = 0;
        for (var a = 0; a < articles.Count; a++)
        {
            var k = articles.Length(a);
            if (k < 2)
            {
                continue;
            }

            var adjusted = new double[k];
            for (var s = 0; s < k; s++)
            {
                var p = articles.Start[a] + s;
                adjusted[s] = articles.Values[p] - raw[articles.Raters[p]];
            }

            var mean = adjusted.Average();
            rss += adjusted.Sum(x => (x - mean) * (x - mean));
            df += k - 1;
            overlapping++;
        }

        df -= Math.Max(0, identified.Length - 1);
        if (df <= 0)
        {
            var reason = overlapping == 0
                ? "No article on this dimension has been rated by two annotators, so annotator leniency and rating noise cannot be told apart from the articles' own variation."
                : "Too few articles rated by two or more annotators to estimate the rating noise.";
            return new LeniencyFit(new Dictionary<string, AnnotatorLeniency>(), null, null, 0, 0, ratings.Count, articles.Count, overlapping, reason);
        }

        // Posterior means of the variances (scaled inverse-χ² with the Jeffreys prior: ν·s²/(ν − 2)), not their
        // point estimates: an estimate from few degrees of freedom is as often too small as too large, and
        // plugging in a too-small one is what makes sparse intervals too narrow.
        if (df <= 2)
        {
            return new LeniencyFit(new Dictionary<string, AnnotatorLeniency>(), null, null, 0, 0, ratings.Count, articles.Count, overlapping,
                "Too few articles rated by two or more annotators to estimate the rating noise.");
        }

        if (rss <= 0)
        {
            // Every annotator gave every shared article the same rating (often all at a bound): a noise of 0 would
            // claim certainty the clipping, not agreement, may have produced.
            return new LeniencyFit(new Dictionary<string, AnnotatorLeniency>(), null, null, 0, 0, ratings.Count, articles.Count, overlapping,
                "Annotators gave every shared article exactly the same rating on this dimension, so the rating noise cannot be estimated (identical ratings are often ratings cut at the scale's bound).");
        }

        var noise = rss / (df - 2);
        var maxSd = range;
        var lenientSd = SdPosterior.Fit(
            identified.Select(i => new GroupObservation(raw[i], Math.Max(noise, 1e-12 * range * range) / overlap[i])).ToList(),
            options.LeniencyPriorScale * range, maxSd, options.GridPoints)!;
        var populationVariance = lenientSd.MeanTau2;
        var shared = lenientSd.MeanMuVariance;
        var result = new Dictionary<string, AnnotatorLeniency>(StringComparer.Ordinal);
        var leniency = new double[j];
        for (var i = 0; i < j; i++)
        {
            if (overlap[i] > 0)
            {
                var sampling = Math.Max(noise, 1e-12 * range * range) / overlap[i];
                var deviation = lenientSd.Deviation(raw[i], sampling);
                var summary = deviation.Summarise(options.Z);
                leniency[i] = summary.Mean;
                result[annotatorIds[i]] = new AnnotatorLeniency(annotatorIds[i], summary.Mean, summary.Sd, summary.Lower95, summary.Upper95, counts[i], overlap[i], true)
                {
                    OwnVariance = OwnVariance(lenientSd, raw[i], sampling, summary.Mean),
                    Loading = lenientSd.Loading(sampling),
                };
            }
            else
            {
                // Never co-rated: nothing separates this annotator's leniency from the articles they rated.
                var prior = PriorPredictive(lenientSd).Summarise(options.Z);
                result[annotatorIds[i]] = new AnnotatorLeniency(annotatorIds[i], 0, prior.Sd, prior.Lower95, prior.Upper95, counts[i], 0, false)
                {
                    OwnVariance = populationVariance,
                };
            }
        }

        // Article variance: adjusted article scores around their outlet-month's mean, less the noise's part.
        double within = 0, inverseRatings = 0;
        long withinDf = 0, inGroups = 0;
        // Outlet-months in the order their first article comes, each with its articles in order.
        var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupOfArticle = new int[articles.Count];
        for (var a = 0; a < articles.Count; a++)
        {
            var group = list[articles.First[a]].Group;
            if (!groupOf.TryGetValue(group, out var g))
            {
                groupOf[group] = g = groupOf.Count;
            }

            groupOfArticle[a] = g;
        }

        var groups = Slices.Of(groupOfArticle, groupOf.Count);
        for (var g = 0; g < groupOf.Count; g++)
        {
            var size = groups.Start[g + 1] - groups.Start[g];
            if (size < 2)
            {
                continue;
            }

            // Each article's score through an iterator, as Select(...).Average() over its ratings: the same sums in
            // the same order, so the same numbers to the last bit.
            var scores = new double[size];
            double inverse = 0;
            for (var m = 0; m < size; m++)
            {
                var a = groups.Items[groups.Start[g] + m];
                scores[m] = Enumerable.Range(articles.Start[a], articles.Length(a)).Select(p => articles.Values[p] - leniency[articles.Raters[p]]).Average();
                inverse += 1.0 / articles.Length(a);
            }

            var mean = scores.Average();
            within += scores.Sum(x => (x - mean) * (x - mean));
            withinDf += size - 1;
            inverseRatings += inverse;
            inGroups += size;
        }

        if (withinDf <= 2)
        {
            return new LeniencyFit(result, noise, null, populationVariance, shared, ratings.Count, articles.Count, overlapping,
                "Too few outlet-months with two or more rated articles on this dimension to estimate how much an outlet's articles vary.");
        }

        var articleVariance = Math.Max(0, (within / (withinDf - 2)) - (noise * inverseRatings / inGroups));
        return new LeniencyFit(result, noise, articleVariance, populationVariance, shared, ratings.Count, articles.Count, overlapping, null);
    }

    /// <summary>
    /// Least-squares leniencies with article effects profiled out: each sweep sets an annotator's leniency to
    /// the weighted mean of (rating − mean of the other raters' adjusted ratings), weight 1 − 1/k, then centres.
    /// </summary>
    private static double[] SolveLeastSquares(RatedArticles articles, CoRatings byAnnotator, double[] overlap, int[] identified, int iterations)
    {
        var leniency = new double[overlap.Length];
        if (identified.Length == 0)
        {
            return leniency;
        }

        var adjustedSums = new double[articles.Count];
        for (var a = 0; a < articles.Count; a++)
        {
            double sum = 0;
            for (var p = articles.Start[a]; p < articles.Start[a + 1]; p++)
            {
                sum += articles.Values[p];
            }

            adjustedSums[a] = sum;
        }

        for (var sweep = 0; sweep < iterations; sweep++)
        {
            double moved = 0;
            foreach (var i in identified)
            {
                double sum = 0;
                for (var e = byAnnotator.Start[i]; e < byAnnotator.Start[i + 1]; e++)
                {
                    var a = byAnnotator.Articles[e];
                    var value = articles.Values[byAnnotator.Positions[e]];
                    var k = articles.Length(a);
                    var own = value - leniency[i];
                    var others = (adjustedSums[a] - own) / (k - 1);
                    sum += (1 - (1.0 / k)) * (value - others);
                }

                var next = sum / overlap[i];
                var change = next - leniency[i];
                if (change != 0)
                {
                    for (var e = byAnnotator.Start[i]; e < byAnnotator.Start[i + 1]; e++)
                    {
                        adjustedSums[byAnnotator.Articles[e]] -= change;
                    }

                    leniency[i] = next;
                    moved = Math.Max(moved, Math.Abs(change));
                }
            }

            // Only differences are identified: fix the gauge at a zero mean, then keep the sums in step.
            var centre = identified.Average(i => leniency[i]);
            foreach (var i in identified)
            {
                leniency[i] -= centre;
            }

            // A loop, not Select(...).Sum(): the same sum in the same order, without an iterator and a closure per
            // article per sweep (most of the fit's garbage).
            for (var a = 0; a < articles.Count; a++)
            {
                double adjusted = 0;
                for (var p = articles.Start[a]; p < articles.Start[a + 1]; p++)
                {
                    adjusted += articles.Values[p] - leniency[articles.Raters[p]];
                }

                adjustedSums[a] = adjusted;
            }

            if (moved < 1e-9)
            {
                break;
            }
        }

        return leniency;
    }

    /// <summary>
    /// Each annotator's ratings of articles that others rated too, in article order: annotator <c>i</c>'s are entries
    /// <c>Start[i]</c> to <c>Start[i + 1]</c>, each an article and the position of the rating in <see cref="RatedArticles"/>.
    /// </summary>
    private sealed record CoRatings(int[] Start, int[] Articles, int[] Positions)
    {
        public static CoRatings Of(RatedArticles articles, int annotators)
        {
            var start = new int[annotators + 1];
            for (var a = 0; a < articles.Count; a++)
            {
                if (articles.Length(a) >= 2)
                {
                    for (var p = articles.Start[a]; p < articles.Start[a + 1]; p++)
                    {
                        start[articles.Raters[p] + 1]++;
                    }
                }
            }

            for (var i = 0; i < annotators; i++)
            {
                start[i + 1] += start[i];
            }

            var filled = new int[annotators];
            var ofArticle = new int[start[annotators]];
            var positions = new int[start[annotators]];
            for (var a = 0; a < articles.Count; a++)
            {
                if (articles.Length(a) >= 2)
                {
                    for (var p = articles.Start[a]; p < articles.Start[a + 1]; p++)
                    {
                        var i = articles.Raters[p];
                        var at = start[i] + filled[i]++;
                        ofArticle[at] = a;
                        positions[at] = p;
                    }
                }
            }

            return new CoRatings(start, ofArticle, positions);
        }
    }

    /// <summary>The variance of the estimate that is not shared through the population mean.</summary>
    private static double OwnVariance(SdPosterior sd, double raw, double sampling, double estimate)
    {
        double second = 0;
        for (var g = 0; g < sd.Tau2.Count; g++)
        {
            var t = sd.Tau2[g];
            var mean = t / (sampling + t) * (raw - sd.MuHat[g]);
            second += sd.Weights[g] * ((sampling * t / (sampling + t)) + (mean * mean));
        }

        return Math.Max(0, second - (estimate * estimate));
    }

    /// <summary>What is known of a new annotator's leniency: N(0, tau²) mixed over tau's posterior.</summary>
    private static NormalMixture PriorPredictive(SdPosterior sd) =>
        new(sd.Weights.ToArray(), new double[sd.Tau2.Count], sd.Tau2.ToArray());
}

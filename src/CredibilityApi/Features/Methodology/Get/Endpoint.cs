using System.Globalization;
using CredibilityApi.Infrastructure;
using CredibilityApi.Scoring;
using FastEndpoints;

namespace CredibilityApi.Features.Methodology.Get;

/// <summary>One step of a methodology, in words and, where it has them, with its parameters.</summary>
[SchemaName("MethodologyStep")]
public sealed class Step
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public IReadOnlyDictionary<string, double>? Parameters { get; init; }
}

/// <summary>One published version of the methodology: what it computes, step by step, with its parameters.</summary>
[SchemaName("MethodologyVersionDescription")]
public sealed class Version
{
    /// <summary>The version aggregates carry as <c>methodologyVersion</c> and accept as <c>methodology</c>.</summary>
    public required string Name { get; init; }

    public required string Summary { get; init; }

    public required IReadOnlyList<Step> Steps { get; init; }
}

/// <summary>How every aggregate is computed: every published version, and the one a request gets by default.</summary>
[SchemaName("Methodology")]
public sealed class Response
{
    /// <summary>The version an aggregate uses when the request names none.</summary>
    public required string DefaultVersion { get; init; }

    /// <summary>What every aggregate has in common, whatever the version.</summary>
    public required string Summary { get; init; }

    /// <summary>Every version, oldest first; each stays computable so that a figure cited under it reproduces.</summary>
    public required IReadOnlyList<Version> Versions { get; init; }
}

public sealed class Endpoint : EndpointWithoutRequest<Response>
{
    private static readonly MethodologyOptions V1 = Scoring.Methodology.V1;
    private static readonly MethodologyOptions V2 = Scoring.Methodology.V2;

    private static string Share(double share) => share.ToString("0.##", CultureInfo.InvariantCulture);

    private static readonly Step[] Common =
    [
        new Step
        {
            Name = "decay",
            Description = "Decayed score at instant t: the mean of the article scores s_a over articles published by t, weighted 2^(-(t - published_a)/h); h is the halfLifeDays query parameter. The same in v1 and v2 (raw article scores).",
            Parameters = new Dictionary<string, double> { ["defaultHalfLifeDays"] = V2.DefaultHalfLifeDays },
        },
        new Step { Name = "agreement", Description = "Krippendorff's alpha: interval metric for numeric dimensions, nominal for verdicts and techniques, over units with two or more values; reported with the number of pairable values; null where undefined. The same in v1 and v2." },
        new Step { Name = "claims", Description = "The misleading-or-false share of verdicted claims. " + VerdictShares.Definition + " The attribution mix (namedPrimary, namedSecondhand, anonymous, unattributed) as counts and shares. The same in v1 and v2." },
        new Step { Name = "framing", Description = "Framing notes per article, and counts by technique. The same in v1 and v2." },
        new Step { Name = "composite", Description = "Credibility index 0-100: the weighted mean of the higher-is-better dimensions' shrunk means (of the methodology in use), each rescaled to 0-100 by its range, with the rubric's weights (bipolar dimensions weigh 0)." },
    ];

    internal static readonly Response Methodology = new()
    {
        DefaultVersion = Scoring.Methodology.Default.Version,
        Summary =
            "Aggregates are functions of the current annotations (latest revision, not retracted, not hidden), bucketed by the " +
            "annotated article's publication date in UTC (weeks are ISO weeks starting on Monday). asOf=T recomputes from the " +
            "annotation revisions recorded at or before T, so a cited figure can be reproduced later: cite the methodology version too. " +
            "Moderation follows the same rule: a rating hidden (or retracted) after T still counts in asOf=T, because it counted in the " +
            "figure published at T, and a current read leaves it out. Only its number enters the aggregate: no endpoint shows a hidden " +
            "annotation's content to anyone but admins and its author.",
        Versions =
        [
            new Version
            {
                Name = V1.Version,
                Summary = "Per-bucket normal-normal empirical Bayes by the method of moments. Kept so that figures cited under it reproduce; " +
                          "its intervals are too narrow where data are sparse (it can collapse to ±0.002) and it ignores annotator leniency.",
                Steps =
                [
                    new Step { Name = "article score", Description = "s_a: the mean of the annotators' current ratings of article a on dimension d." },
                    new Step { Name = "raw statistics", Description = "For outlet o, dimension d and window W: n rated articles, raw mean m and sample variance v of their scores." },
                    new Step
                    {
                        Name = "shrinkage",
                        Description =
                            "Normal-normal empirical Bayes. From all outlets with rated articles in the same window: mu = mean of the outlet means; " +
                            "sigma2 = pooled within-outlet variance; tau2 = variance of the outlet means minus the mean of sigma2/n (method of moments). " +
                            "Both are floored at a small positive value; with a single outlet in the window the prior is flat (no shrinkage, the interval is the standard error). Posterior mean (n·m/sigma2 + mu/tau2)/(n/sigma2 + 1/tau2), posterior sd " +
                            "sqrt(1/(n/sigma2 + 1/tau2)), 95% interval mean ± z·sd. No data: null, never zero.",
                        Parameters = new Dictionary<string, double> { ["varianceFloor"] = V1.VarianceFloor, ["z"] = V1.Z },
                    },
                    .. Common,
                ],
            },
            new Version
            {
                Name = V2.Version,
                Summary =
                    "Crossed random effects: rating = mu + outlet effect + annotator leniency + article deviation + noise, per dimension. " +
                    "The score of an outlet in a bucket estimates its quality as the average annotator would rate its average article. " +
                    "Leniency is estimated from each annotator's whole history; noise and article variance from the dimension's whole " +
                    "history; the spread between outlets (tau) and their mean (mu) are integrated over, not plugged in. In simulated " +
                    "worlds with known truth its 95% intervals cover the truth 93-97% of the time (the calibration suite in the tests).",
                Steps =
                [
                    new Step { Name = "article score", Description = "s_a: the mean of the annotators' current ratings of article a on dimension d (the raw figures: rawMean, rawSd, decay)." },
                    new Step
                    {
                        Name = "annotator leniency",
                        Description =
                            "From every current rating on the dimension: least squares for each annotator's offset with each article's own level " +
                            "left free, so only articles rated by two or more annotators inform it (an article rated once says nothing about who rated it). " +
                            "The offsets are then treated as a random effect: the hierarchical normal model below, applied to them, shrinks each toward the " +
                            "annotators' mean (raw offset sampling variance = noise variance / overlap, overlap = sum over the annotator's articles of 1 - 1/k) " +
                            "with the leniency sd integrated over a grid under a half-Cauchy prior. An annotator never co-rated gets leniency 0 with the " +
                            "population's whole spread as uncertainty. Published with 95% intervals at GET /api/v1/annotators/leniency.",
                        Parameters = new Dictionary<string, double> { ["leniencyPriorScaleShareOfRange"] = V2.LeniencyPriorScale, ["maxSweeps"] = V2.FitIterations },
                    },
                    new Step
                    {
                        Name = "variance components",
                        Description =
                            "Noise variance: the residual variance of ratings within articles after leniency, with sum(k - 1) - (J - 1) degrees of freedom nu. " +
                            "Article variance: the pooled variance of leniency-adjusted article scores within outlet-months, less the noise's share (noise variance " +
                            "times the mean of 1/k). Both from the dimension's whole history, so a sparse bucket borrows them, and both as posterior means " +
                            "nu·s2/(nu - 2) rather than point estimates, so that few degrees of freedom widen rather than narrow the intervals. Refitted in the " +
                            "background a few seconds after ratings change; every v2 aggregate reports when (varianceComponents.computedAt).",
                        Parameters = new Dictionary<string, double> { ["refitDelaySeconds"] = V2.RefitSeconds },
                    },
                    new Step
                    {
                        Name = "outlet in a bucket",
                        Description =
                            "n rated articles; each annotator j's share w_j = (sum over the articles j rated of 1/k) / n. Leniency adjustment = sum of w_j times " +
                            "j's leniency; adjusted mean y = raw mean - adjustment. Its sampling variance V = (article variance + noise variance · mean(1/k)) / n + " +
                            "sum of w_j squared times the variance of j's own leniency estimate. Effective annotators = 1 / sum of w_j squared.",
                    },
                    new Step
                    {
                        Name = "shrinkage",
                        Description =
                            "The hierarchical normal model (Gelman et al., Bayesian Data Analysis, 3rd ed., section 5.4) over the outlets rated in the bucket: " +
                            "y_o ~ N(theta_o, V_o), theta_o ~ N(mu, tau2), mu with a flat prior, tau with a half-Cauchy prior whose scale is a share of the " +
                            "dimension's range. tau's posterior is computed on a grid from 0 to the range (denser near 0) and theta_o's posterior is the mixture " +
                            "over it of N(B·mu_hat + (1 - B)·y_o, V·tau2/(V + tau2) + B2·V_mu), B = V/(V + tau2). The uncertainty of the annotator population's " +
                            "mean leniency, which moves every outlet together, is added to each component. The 95% interval is the mixture's 2.5% and 97.5% " +
                            "quantiles. Nothing is floored: few outlets give a wide tau posterior and wide intervals; a lone outlet gets its own mean ± 1.96·sqrt(V).",
                        Parameters = new Dictionary<string, double>
                        {
                            ["tauPriorScaleShareOfRange"] = V2.TauPriorScale, ["gridPoints"] = V2.GridPoints, ["z"] = V2.Z,
                        },
                    },
                    new Step
                    {
                        Name = "reliability",
                        Description =
                            $"An interval wider than {Share(V2.WideIntervalShare * 100)}% of the dimension's range carries a plain-language note naming what is missing " +
                            "(articles, annotators, outlets in the bucket, annotators to tell the average leniency). Where the ratings cannot support an interval " +
                            "(no article rated by two annotators on the dimension, or too few outlet-months with two rated articles) the shrunk score is null and the " +
                            "note says why: never a made-up interval.",
                        Parameters = new Dictionary<string, double> { ["wideIntervalShareOfRange"] = V2.WideIntervalShare },
                    },
                    new Step
                    {
                        Name = "ratings at the bounds",
                        Description =
                            "Ratings are bounded by the rubric (0-100, say) and taken as given: no censoring model. For an outlet whose quality lies near a bound, " +
                            "ratings that would have gone past it are cut at it, so its raw and shrunk means are biased toward the middle by up to a few points, " +
                            "and intervals are not truncated to the range. The calibration suite includes these outlets (truth ~ N(60, 15), ratings clipped to 0-100).",
                    },
                    new Step
                    {
                        Name = "reproducibility",
                        Description =
                            "With asOf=T the leniencies, variance components and priors are recomputed from the ratings as they stood at T, so the figure is " +
                            "reproduced exactly; without asOf a v2 read uses the latest background fit, named by varianceComponents.computedAt. The same ratings " +
                            "give the same numbers (fixed order of computation, no random draws).",
                    },
                    .. Common,
                ],
            },
        ],
    };

    public override void Configure()
    {
        Get("/methodology");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetMethodology")
            .WithTags("Researchers")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "The scoring methodology";
            s.Description = "Every published version of the methodology (v1 and v2), step by step, in words and numbers: what every aggregate means and how to reproduce it.";
            s.ResponseExamples[200] = Methodology;
        });
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(Methodology, ct);
}

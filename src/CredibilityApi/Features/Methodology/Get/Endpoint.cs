using CredibilityApi.Aggregation;
using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Methodology.Get;

/// <summary>One step of the methodology, in words and, where it has them, with its parameters.</summary>
[SchemaName("MethodologyStep")]
public sealed class Step
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public IReadOnlyDictionary<string, double>? Parameters { get; init; }
}

/// <summary>How every aggregate is computed: the version every aggregate cites, and its steps.</summary>
[SchemaName("Methodology")]
public sealed class Response
{
    /// <summary>The version aggregates carry as <c>methodologyVersion</c>.</summary>
    public required string Version { get; init; }

    public required string Summary { get; init; }

    public required IReadOnlyList<Step> Steps { get; init; }
}

public sealed class Endpoint : EndpointWithoutRequest<Response>
{
    internal static readonly Response Methodology = new()
    {
        Version = MethodologyV1.Version,
        Summary =
            "Aggregates are functions of the current annotations (latest revision, not retracted, not hidden), bucketed by the " +
            "annotated article's publication date in UTC (weeks are ISO weeks starting on Monday). asOf=T recomputes from the " +
            "annotation revisions recorded at or before T, so a cited figure can be reproduced later.",
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
                Parameters = new Dictionary<string, double> { ["varianceFloor"] = MethodologyV1.VarianceFloor, ["z"] = MethodologyV1.Z95 },
            },
            new Step
            {
                Name = "decay",
                Description = "Decayed score at instant t: the mean of s_a over articles published by t, weighted 2^(-(t - published_a)/h); h is the halfLifeDays query parameter.",
                Parameters = new Dictionary<string, double> { ["defaultHalfLifeDays"] = MethodologyV1.DefaultHalfLifeDays },
            },
            new Step { Name = "agreement", Description = "Krippendorff's alpha: interval metric for numeric dimensions, nominal for verdicts and techniques, over units with two or more values; reported with the number of pairable values; null where undefined." },
            new Step { Name = "claims", Description = "Share of verdicted claims whose consensus (plurality) verdict is misleading or false, with a Wilson 95% interval; the attribution mix (namedPrimary, namedSecondhand, anonymous, unattributed) as counts and shares." },
            new Step { Name = "framing", Description = "Framing notes per article, and counts by technique." },
            new Step { Name = "composite", Description = "Credibility index 0-100: the weighted mean of the higher-is-better dimensions' posterior means, each rescaled to 0-100 by its range, with the rubric's weights (bipolar dimensions weigh 0)." },
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
            s.Description = "Every step of methodology v1, in words and numbers: what every aggregate means and how to reproduce it.";
            s.ResponseExamples[200] = Methodology;
        });
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(Methodology, ct);
}

using CredibilityApi.Aggregation;
using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Scores;

/// <summary>Which scoring methodology an aggregate is computed with. v2 is the default; v1 stays so that figures cited under it reproduce.</summary>
[SchemaName("MethodologyVersion")]
public enum MethodologyVersion
{
    /// <summary>Per-bucket empirical Bayes by the method of moments (the first published method).</summary>
    V1,

    /// <summary>Crossed random effects with annotator leniency; variance components borrowed from the whole history; tau and mu integrated out.</summary>
    V2,
}

public static class MethodologyVersions
{
    public static Scoring.MethodologyOptions Options(this MethodologyVersion? version) =>
        version == MethodologyVersion.V1 ? Scoring.Methodology.V1 : Scoring.Methodology.V2;
}

/// <summary>The shrunk score: posterior mean, sd and 95% interval.</summary>
[SchemaName("ShrunkScore")]
public sealed class PosteriorModel
{
    public double Mean { get; init; }

    public double Sd { get; init; }

    public double Lower95 { get; init; }

    public double Upper95 { get; init; }

    public static PosteriorModel? From(Scoring.Posterior? p) =>
        p is null ? null : new PosteriorModel { Mean = p.Mean, Sd = p.Sd, Lower95 = p.Lower95, Upper95 = p.Upper95 };
}

/// <summary>Krippendorff's alpha (interval) with the number of pairable values behind it.</summary>
[SchemaName("Agreement")]
public sealed class AgreementModel
{
    /// <summary>Null where undefined (fewer than two pairable values, or no variation).</summary>
    public double? Alpha { get; init; }

    public int PairableValues { get; init; }
}

/// <summary>
/// Methodology v2's long-window estimates for one dimension, as the aggregate used them: how noisy a rating is,
/// how much an outlet's articles vary, how much annotators differ in leniency, and when this was computed.
/// </summary>
[SchemaName("VarianceComponents")]
public sealed class VarianceComponentsModel
{
    public required string Dimension { get; init; }

    /// <summary>When the leniencies and variance components were estimated (refreshed in the background after rating changes); null if never.</summary>
    public DateTime? ComputedAt { get; init; }

    /// <summary>The sd of one rating around the article's mean (annotator disagreement on the same article, after leniency).</summary>
    public double? NoiseSd { get; init; }

    /// <summary>The sd of an outlet's article scores around its monthly quality.</summary>
    public double? ArticleSd { get; init; }

    /// <summary>The sd of leniency between annotators (posterior mean of its square, square-rooted).</summary>
    public double LeniencySd { get; init; }

    /// <summary>Current ratings behind the estimates.</summary>
    public int Ratings { get; init; }

    /// <summary>Articles rated by two or more annotators: what identifies leniency and noise.</summary>
    public int OverlappingArticles { get; init; }

    /// <summary>Annotators with a leniency estimate.</summary>
    public int Annotators { get; init; }

    /// <summary>Why v2 gives no interval on this dimension, when it cannot.</summary>
    public string? Unavailable { get; init; }

    public static VarianceComponentsModel From(DimensionV2 v2) => From(Aggregation.Read.VarianceSummary.Of(v2));

    public static VarianceComponentsModel From(Aggregation.Read.VarianceSummary v2) => new()
    {
        Dimension = v2.Dimension,
        ComputedAt = v2.ComputedAt,
        NoiseSd = v2.NoiseVariance is { } n ? Math.Sqrt(n) : null,
        ArticleSd = v2.ArticleVariance is { } a ? Math.Sqrt(a) : null,
        LeniencySd = Math.Sqrt(v2.LeniencyVariance),
        Ratings = v2.Ratings,
        OverlappingArticles = v2.OverlappingArticles,
        Annotators = v2.Annotators,
        Unavailable = v2.Unavailable,
    };
}

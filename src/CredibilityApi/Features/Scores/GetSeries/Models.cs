using CredibilityApi.Aggregation;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Scores.GetSeries;

public sealed class Request
{
    /// <summary>The outlet.</summary>
    public string Id { get; init; } = "";

    /// <summary>Comma-separated dimension keys; all dimensions of the current rubric when left out.</summary>
    [QueryParam]
    public string? Dimensions { get; init; }

    /// <summary>day, week (ISO, from Monday), month, quarter or year; default month.</summary>
    [QueryParam]
    public Bucket? Bucket { get; init; }

    /// <summary>
    /// First day (UTC) of the window, 1000-01-01 to 9000-12-31; default a year before <c>to</c>. With neither
    /// <c>from</c> nor <c>to</c>, the window holds the outlet's rated articles (see <c>windowNote</c>).
    /// </summary>
    [QueryParam]
    public DateOnly? From { get; init; }

    /// <summary>Day after the window (UTC, exclusive), 1000-01-01 to 9000-12-31; default tomorrow when <c>from</c> is given.</summary>
    [QueryParam]
    public DateOnly? To { get; init; }

    /// <summary>Half-life of the decayed score, in days; default 180.</summary>
    [QueryParam]
    public double? HalfLifeDays { get; init; }

    /// <summary>Compute from the annotation revisions recorded at or before this instant, to reproduce a cited figure.</summary>
    [QueryParam]
    public DateTime? AsOf { get; init; }

    /// <summary>The scoring methodology: v2 (default) or v1, to reproduce a figure cited under it. See GET /api/v1/methodology.</summary>
    [QueryParam]
    public MethodologyVersion? Methodology { get; init; }

    /// <summary>
    /// Count only ratings made blind: in a study campaign, while their author's assignment of the article was pending,
    /// so they saw no one else's annotations of it (the independence agreement and the intervals assume). Default false.
    /// </summary>
    [QueryParam]
    public bool? BlindOnly { get; init; }

    /// <summary>
    /// Only the ratings of this study campaign (made on its items by the annotators assigned to them), computed from
    /// them at read time (a bounded set). Combines with blindOnly; an unknown campaign is a 404.
    /// </summary>
    [QueryParam]
    public string? CampaignId { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.From).WithinSupportedDates();
        RuleFor(x => x.To).WithinSupportedDates();
        RuleFor(x => x.AsOf).WithinSupportedDates();
        RuleFor(x => x.Dimensions).MaximumLength(1000);
        RuleFor(x => x.Bucket).IsInEnum();
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("'to' must be after 'from'.");
        RuleFor(x => x.HalfLifeDays).GreaterThan(0).LessThanOrEqualTo(36500);
        RuleFor(x => x.Methodology).IsInEnum();
        RuleFor(x => x.CampaignId).MaximumLength(Domain.Limits.IdLength);
    }
}

/// <summary>One bucket of one dimension. Empty buckets have zero counts and null scores.</summary>
[SchemaName("ScorePoint")]
public sealed class PointModel
{
    public static PointModel From(Aggregation.SeriesPoint p) => new()
    {
        Dimension = p.Dimension,
        Start = p.Start,
        End = p.End,
        Articles = p.Articles,
        Ratings = p.Ratings,
        Annotators = p.Annotators,
        RawMean = p.RawMean,
        RawSd = p.RawSd,
        Shrunk = PosteriorModel.From(p.Posterior),
        Decayed = p.Decayed,
        Agreement = new AgreementModel { Alpha = p.Agreement.Value, PairableValues = p.Agreement.PairableValues },
        LeniencyAdjustment = p.LeniencyAdjustment,
        EffectiveAnnotators = p.EffectiveAnnotators,
        Reliability = p.Reliability,
    };

    public required string Dimension { get; init; }

    /// <summary>First day of the bucket (UTC).</summary>
    public DateOnly Start { get; init; }

    /// <summary>Day after the bucket (exclusive).</summary>
    public DateOnly End { get; init; }

    /// <summary>Rated articles published in the bucket.</summary>
    public int Articles { get; init; }

    /// <summary>Current ratings behind them.</summary>
    public int Ratings { get; init; }

    /// <summary>Distinct annotators behind them.</summary>
    public int Annotators { get; init; }

    /// <summary>Mean of the article scores.</summary>
    public double? RawMean { get; init; }

    /// <summary>Sample standard deviation of the article scores.</summary>
    public double? RawSd { get; init; }

    /// <summary>
    /// The shrunk estimate against all outlets in the bucket, with its 95% interval: under v2, of the outlet's quality
    /// as the average annotator would rate its average article. Null with no data, or under v2 with a
    /// <see cref="Reliability"/> note when the data cannot support an interval.
    /// </summary>
    public PosteriorModel? Shrunk { get; init; }

    /// <summary>Decayed score at the end of the bucket, over everything the outlet published before it.</summary>
    public double? Decayed { get; init; }

    public required AgreementModel Agreement { get; init; }

    /// <summary>
    /// v2: the leniency taken out of the raw mean: the average leniency of the annotators behind the bucket's
    /// article scores, weighted by their share (positive: they rate higher than the average annotator).
    /// </summary>
    public double? LeniencyAdjustment { get; init; }

    /// <summary>v2: the effective number of annotators, 1/Σ share² (3 equal raters give 3; one rater of most articles near 1).</summary>
    public double? EffectiveAnnotators { get; init; }

    /// <summary>v2: a plain-language note when the interval is wide for lack of data, or why there is no interval.</summary>
    public string? Reliability { get; init; }
}

/// <summary>
/// The composite index of one bucket: the weighted mean of the higher-is-better dimensions' shrunk scores, each rescaled
/// to 0-100. A dimension without a score in the bucket is left out and the others' weights renormalised, so compare
/// indexes across buckets only where <see cref="Dimensions"/> is the same. Null when no weighted dimension has a score.
/// </summary>
[SchemaName("CompositePoint")]
public sealed class CompositePoint
{
    public DateOnly Start { get; init; }

    public DateOnly End { get; init; }

    public double? Index { get; init; }

    /// <summary>The weighted dimensions whose scores went into the index (every one of the rubric's, unless some had none here).</summary>
    public required IReadOnlyList<string> Dimensions { get; init; }
}

/// <summary>An outlet's scores over time, with everything needed to cite and reproduce them.</summary>
[SchemaName("ScoreSeries")]
public sealed class Response
{
    public required string OutletId { get; init; }

    public required string OutletName { get; init; }

    public Bucket Bucket { get; init; }

    public DateOnly From { get; init; }

    public DateOnly To { get; init; }

    /// <summary>True when the request gave neither from nor to and the window was chosen for it (see <see cref="WindowNote"/>).</summary>
    public bool WindowDefaulted { get; init; }

    /// <summary>
    /// Set when <see cref="WindowDefaulted"/>: which window was chosen and why. Without from and to a series covers the
    /// days of the outlet's first and last rated article on the requested dimensions (the latest 2000 buckets at most),
    /// or the year up to tomorrow when it has none.
    /// </summary>
    public string? WindowNote { get; init; }

    public double HalfLifeDays { get; init; }

    /// <summary>Set when the series was computed from the history as of this instant.</summary>
    public DateTime? AsOf { get; init; }

    /// <summary>True when only ratings made blind were counted (<c>blindOnly=true</c>).</summary>
    public bool BlindOnly { get; init; }

    /// <summary>Set when only the ratings of this study campaign were counted (<c>campaignId</c>).</summary>
    public string? CampaignId { get; init; }

    public required string MethodologyVersion { get; init; }

    public DateTime ComputedAt { get; init; }

    /// <summary>
    /// v2: per dimension, the leniencies' and variance components' estimates the series used and when they were
    /// computed (under asOf, from the history as of then); null under v1.
    /// </summary>
    public IReadOnlyList<VarianceComponentsModel>? VarianceComponents { get; init; }

    public required IReadOnlyList<PointModel> Points { get; init; }

    /// <summary>
    /// The composite credibility index 0-100 per bucket: the weighted mean of the current rubric's
    /// higher-is-better dimensions' shrunk scores, each rescaled by its range (whatever dimensions were asked for).
    /// </summary>
    public required IReadOnlyList<CompositePoint> Composite { get; init; }
}

using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Scores.Agreement;

public sealed class Request
{
    /// <summary>Only this dimension; all dimensions of the current rubric when left out.</summary>
    [QueryParam]
    public string? Dimension { get; init; }

    /// <summary>Only this outlet's articles.</summary>
    [QueryParam]
    public string? OutletId { get; init; }

    /// <summary>First day (UTC) of the window; default a year before <c>to</c>.</summary>
    [QueryParam]
    public DateOnly? From { get; init; }

    /// <summary>Day after the window (exclusive); default tomorrow.</summary>
    [QueryParam]
    public DateOnly? To { get; init; }

    /// <summary>Also report alpha for every pair of annotators who rated the same articles.</summary>
    [QueryParam]
    public bool? ByAnnotatorPair { get; init; }

    /// <summary>
    /// Count only annotations made blind: in a study campaign, while their author's assignment of the article was
    /// pending, so no annotator saw another's (the independence alpha assumes). Default false.
    /// </summary>
    [QueryParam]
    public bool? BlindOnly { get; init; }

    /// <summary>
    /// Only the annotations of this study campaign (made on its items by the annotators assigned to them), computed from
    /// the campaign's current annotations at read time (a bounded set); an unknown campaign is a 404.
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
        RuleFor(x => x.Dimension).MaximumLength(Limits.KeyLength);
        RuleFor(x => x.OutletId).MaximumLength(Limits.IdLength);
        RuleFor(x => x.CampaignId).MaximumLength(Limits.IdLength);
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("'to' must be after 'from'.");
    }
}

/// <summary>Alpha between two annotators over the articles both rated.</summary>
[SchemaName("PairAgreement")]
public sealed class PairModel
{
    public required string AnnotatorA { get; init; }

    public required string AnnotatorB { get; init; }

    /// <summary>Articles both rated on the dimension.</summary>
    public int SharedArticles { get; init; }

    public double? Alpha { get; init; }
}

/// <summary>Krippendorff's alpha (interval) on one dimension.</summary>
[SchemaName("DimensionAgreement")]
public sealed class DimensionModel
{
    public required string Dimension { get; init; }

    /// <summary>Null where undefined: fewer than two pairable values, or no variation.</summary>
    public double? Alpha { get; init; }

    /// <summary>Ratings in articles rated two or more times.</summary>
    public int PairableValues { get; init; }

    /// <summary>Articles rated two or more times.</summary>
    public int Units { get; init; }

    /// <summary>Rated articles in the window.</summary>
    public int Articles { get; init; }

    /// <summary>Current ratings in the window.</summary>
    public int Ratings { get; init; }

    /// <summary>Distinct annotators behind them.</summary>
    public int Annotators { get; init; }

    /// <summary>Only with byAnnotatorPair=true.</summary>
    public IReadOnlyList<PairModel>? Pairs { get; init; }
}

/// <summary>Krippendorff's alpha (nominal) on the verdicts given to the same claims.</summary>
[SchemaName("VerdictAgreement")]
public sealed class VerdictAgreementModel
{
    public double? Alpha { get; init; }

    /// <summary>Verdicts on claims with two or more current verdicts.</summary>
    public int PairableValues { get; init; }

    /// <summary>Claims with two or more current verdicts.</summary>
    public int Units { get; init; }
}

/// <summary>Inter-annotator agreement per dimension over a window.</summary>
[SchemaName("AgreementReport")]
public sealed class Response
{
    public string? OutletId { get; init; }

    public DateOnly From { get; init; }

    public DateOnly To { get; init; }

    public required string MethodologyVersion { get; init; }

    public DateTime ComputedAt { get; init; }

    /// <summary>True when only annotations made blind were counted (<c>blindOnly=true</c>).</summary>
    public bool BlindOnly { get; init; }

    public required IReadOnlyList<DimensionModel> Dimensions { get; init; }

    /// <summary>Agreement on claim verdicts (nominal metric) over the same window.</summary>
    public required VerdictAgreementModel Verdicts { get; init; }

    /// <summary>
    /// Agreement on the technique given to the same span (nominal metric): units are spans (article, start,
    /// end) marked by two or more framing notes.
    /// </summary>
    public required VerdictAgreementModel Techniques { get; init; }
}

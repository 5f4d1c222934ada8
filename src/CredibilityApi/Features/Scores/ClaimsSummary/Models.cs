using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Scores.ClaimsSummary;

public sealed class Request
{
    /// <summary>The outlet.</summary>
    public string Id { get; init; } = "";

    /// <summary>First day (UTC) of the window, by article publication; default a year before <c>to</c>.</summary>
    [QueryParam]
    public DateOnly? From { get; init; }

    /// <summary>Day after the window (exclusive); default tomorrow.</summary>
    [QueryParam]
    public DateOnly? To { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("'to' must be after 'from'.");
        RuleFor(x => x.From).WithinSupportedDates();
        RuleFor(x => x.To).WithinSupportedDates();
    }
}

/// <summary>A count and its share of the whole.</summary>
[SchemaName("CountShare")]
public sealed class CountShare
{
    public int Count { get; init; }

    /// <summary>Null when the whole is empty.</summary>
    public double? Share { get; init; }
}

/// <summary>How the outlet's claims reached it.</summary>
[SchemaName("AttributionMix")]
public sealed class AttributionMix
{
    public required CountShare NamedPrimary { get; init; }

    public required CountShare NamedSecondhand { get; init; }

    public required CountShare Anonymous { get; init; }

    public required CountShare Unattributed { get; init; }
}

/// <summary>
/// Verdicted claims a strict majority of whose current verdicts are misleading or false (the two grouped), among
/// all verdicted claims, with a Wilson 95% interval. See the "claims" step of GET /api/v1/methodology.
/// </summary>
[SchemaName("VerdictSummary")]
public sealed class VerdictSummary
{
    /// <summary>Claims with at least one current verdict: the share's denominator, every one of them.</summary>
    public int VerdictedClaims { get; init; }

    /// <summary>Verdicted claims whose plurality verdict is a tie (reported for display; still in the share's denominator).</summary>
    public int WithoutConsensus { get; init; }

    /// <summary>Verdicted claims a strict majority of whose current verdicts are misleading or false (the two grouped).</summary>
    public int MisleadingOrFalse { get; init; }

    public double? Share { get; init; }

    /// <summary>Wilson 95% interval of the share.</summary>
    public double? Lower95 { get; init; }

    public double? Upper95 { get; init; }
}

[SchemaName("TechniqueCount")]
public sealed class TechniqueCount
{
    public required string Technique { get; init; }

    public int Count { get; init; }
}

/// <summary>Framing notes over the outlet's articles in the window.</summary>
[SchemaName("FramingSummary")]
public sealed class FramingSummary
{
    /// <summary>Articles published in the window.</summary>
    public int Articles { get; init; }

    public int FramingNotes { get; init; }

    public double? NotesPerArticle { get; init; }

    public required IReadOnlyList<TechniqueCount> ByTechnique { get; init; }
}

/// <summary>An outlet's claims over a window: attribution, verdicts and framing.</summary>
[SchemaName("ClaimsSummary")]
public sealed class Response
{
    public required string OutletId { get; init; }

    public DateOnly From { get; init; }

    public DateOnly To { get; init; }

    public int Claims { get; init; }

    /// <summary>Distinct annotators behind the verdicts and framing notes counted here.</summary>
    public int Annotators { get; init; }

    public required AttributionMix Attribution { get; init; }

    public required VerdictSummary Verdicts { get; init; }

    public required FramingSummary Framing { get; init; }

    public required string MethodologyVersion { get; init; }

    public DateTime ComputedAt { get; init; }
}

using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Campaigns.GetGoldAccuracy;

public sealed class Request
{
    /// <summary>The campaign's id.</summary>
    public string Id { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(x => x.Id).NotEmpty().MaximumLength(Limits.IdLength);
}

/// <summary>An annotator's accuracy on one dimension's gold scores.</summary>
[SchemaName("DimensionAccuracy")]
public sealed class DimensionAccuracy
{
    public required string Dimension { get; init; }
    public required AccuracyModel Accuracy { get; init; }
}

/// <summary>One annotator's accuracy on the gold items they were assigned: per dimension, and on the gold verdicts.</summary>
[SchemaName("AnnotatorGoldAccuracy")]
public sealed class AnnotatorAccuracy
{
    public required string AnnotatorId { get; init; }

    /// <summary>Per campaign dimension: ratings within tolerance of the gold score, of the gold ratings they gave.</summary>
    public required IReadOnlyList<DimensionAccuracy> Dimensions { get; init; }

    /// <summary>Verdicts equal to the gold verdict, of the verdicts they gave on gold claims.</summary>
    public required AccuracyModel Verdicts { get; init; }
}

/// <summary>Each pool member's accuracy on the campaign's gold items, with Wilson 95% intervals.</summary>
[SchemaName("GoldAccuracyReport")]
public sealed class Response
{
    public required string CampaignId { get; init; }

    /// <summary>How many of the campaign's items have known answers.</summary>
    public int GoldItems { get; init; }

    public required IReadOnlyList<AnnotatorAccuracy> Annotators { get; init; }
    public DateTime ComputedAt { get; init; }
}

using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Campaigns.GetLeniency;

/// <summary>One annotator's leniency on a dimension within the campaign (methodology v2's model on the campaign's ratings).</summary>
[SchemaName("CampaignAnnotatorLeniency")]
public sealed class AnnotatorModel
{
    public required string AnnotatorId { get; init; }

    /// <summary>Points above (positive) or below the campaign's average annotator on the same items.</summary>
    public double Estimate { get; init; }

    public double Sd { get; init; }
    public double Lower95 { get; init; }
    public double Upper95 { get; init; }
    public int Ratings { get; init; }

    /// <summary>Σ (1 − 1/k) over their items rated k times: the information behind the estimate.</summary>
    public double Overlap { get; init; }

    /// <summary>False when they share no item with another annotator: estimate 0 with the population's spread.</summary>
    public bool Identified { get; init; }
}

/// <summary>Leniency per annotator on one campaign dimension, or why it cannot be estimated.</summary>
[SchemaName("CampaignDimensionLeniency")]
public sealed class DimensionModel
{
    public required string Dimension { get; init; }

    /// <summary>Why there are no estimates (too few co-rated items, no variation); null when there are.</summary>
    public string? Unavailable { get; init; }

    public double? NoiseVariance { get; init; }
    public int Ratings { get; init; }
    public required IReadOnlyList<AnnotatorModel> Annotators { get; init; }
}

/// <summary>Leniency per annotator from methodology v2, fitted on the campaign's own ratings.</summary>
[SchemaName("CampaignLeniencyReport")]
public sealed class Response
{
    public required string CampaignId { get; init; }
    public required string MethodologyVersion { get; init; }
    public required IReadOnlyList<DimensionModel> Dimensions { get; init; }
    public DateTime ComputedAt { get; init; }
}

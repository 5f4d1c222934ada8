using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Campaigns.GetAgreement;

/// <summary>Krippendorff's alpha with the counts behind it; alpha null where undefined.</summary>
[SchemaName("CampaignAlpha")]
public sealed class AlphaModel
{
    public double? Alpha { get; init; }

    /// <summary>Values in units (items, or claims) with two or more values.</summary>
    public int PairableValues { get; init; }

    /// <summary>Units with two or more values.</summary>
    public int Units { get; init; }

    internal static AlphaModel From(Scoring.Alpha a) => new() { Alpha = a.Value, PairableValues = a.PairableValues, Units = a.Units };
}

/// <summary>Alpha between two annotators over the campaign items both rated.</summary>
[SchemaName("CampaignPairAgreement")]
public sealed class PairModel
{
    public required string AnnotatorA { get; init; }
    public required string AnnotatorB { get; init; }
    public int SharedItems { get; init; }
    public double? Alpha { get; init; }
}

/// <summary>Alpha over one outlet's campaign items.</summary>
[SchemaName("CampaignOutletAgreement")]
public sealed class OutletModel
{
    public required string OutletId { get; init; }
    public required AlphaModel Agreement { get; init; }
}

/// <summary>Interval alpha on one dimension over the campaign's items: overall, per annotator pair, per outlet.</summary>
[SchemaName("CampaignDimensionAgreement")]
public sealed class DimensionModel
{
    public required string Dimension { get; init; }
    public required AlphaModel Agreement { get; init; }
    public int Ratings { get; init; }
    public int Annotators { get; init; }
    public required IReadOnlyList<PairModel> Pairs { get; init; }
    public required IReadOnlyList<OutletModel> Outlets { get; init; }
}

/// <summary>Agreement restricted to a campaign's own annotations.</summary>
[SchemaName("CampaignAgreementReport")]
public sealed class Response
{
    public required string CampaignId { get; init; }
    public required IReadOnlyList<DimensionModel> Dimensions { get; init; }

    /// <summary>Nominal alpha on the verdicts given to the same claims of the campaign's items.</summary>
    public required AlphaModel Verdicts { get; init; }

    public DateTime ComputedAt { get; init; }
}

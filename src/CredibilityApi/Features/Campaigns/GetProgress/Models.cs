using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Campaigns.GetProgress;

/// <summary>Assignment counts of one annotator, outlet or the whole campaign.</summary>
[SchemaName("CampaignProgressCounts")]
public sealed class Counts
{
    /// <summary>Items (articles) concerned; for an annotator, the items assigned to them (skipped ones included).</summary>
    public int Items { get; init; }

    /// <summary>Items whose every assignment still standing (not skipped) is submitted.</summary>
    public int CompleteItems { get; init; }

    public int Assignments { get; init; }
    public int Pending { get; init; }
    public int Submitted { get; init; }
    public int Skipped { get; init; }
}

[SchemaName("AnnotatorProgress")]
public sealed class AnnotatorProgress
{
    public required string AnnotatorId { get; init; }
    public required Counts Counts { get; init; }
}

[SchemaName("OutletProgress")]
public sealed class OutletProgress
{
    public required string OutletId { get; init; }
    public required Counts Counts { get; init; }
}

/// <summary>How far a campaign has come: in total, per annotator of the pool, per outlet of its items.</summary>
[SchemaName("CampaignProgress")]
public sealed class Response
{
    public required string CampaignId { get; init; }
    public required Counts Total { get; init; }
    public required IReadOnlyList<AnnotatorProgress> Annotators { get; init; }
    public required IReadOnlyList<OutletProgress> Outlets { get; init; }
}

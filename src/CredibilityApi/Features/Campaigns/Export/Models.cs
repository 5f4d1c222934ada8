using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Campaigns.Export;

public sealed class Request
{
    /// <summary>The campaign's id.</summary>
    public string Id { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(x => x.Id).NotEmpty().MaximumLength(Limits.IdLength);
}

/// <summary>Where a study value comes from.</summary>
[SchemaName("StudyValueSource")]
public enum StudyValueSource
{
    /// <summary>An adjudicator's decision (the latest on the target).</summary>
    Adjudicated,

    /// <summary>The median of the annotators' current ratings.</summary>
    Median,

    /// <summary>The verdict most annotators gave (a strict plurality).</summary>
    Majority,

    /// <summary>Verdicts tied for the most votes, not adjudicated: no value.</summary>
    Tie,

    /// <summary>No annotator has given a value yet.</summary>
    None,
}

/// <summary>
/// One line of a campaign's export: the study's value for one item on one dimension (kind rating) or for one claim
/// (kind verdict), with where it comes from.
/// </summary>
[SchemaName("CampaignExportRow")]
public sealed class ExportRow
{
    public required string CampaignId { get; init; }
    public required string ArticleId { get; init; }
    public required string OutletId { get; init; }

    /// <summary>The item's place in the campaign's drawn list.</summary>
    public int Position { get; init; }

    public StudyTargetKind Kind { get; init; }
    public string? Dimension { get; init; }
    public string? ClaimId { get; init; }

    /// <summary>The study's score (ratings); null when there is none.</summary>
    public double? Value { get; init; }

    /// <summary>The study's verdict (verdicts); null when there is none.</summary>
    public Verdict? Verdict { get; init; }

    public StudyValueSource Source { get; init; }

    /// <summary>How many annotators' values are behind it.</summary>
    public int Annotations { get; init; }

    /// <summary>Whether the annotators disagree beyond the threshold and no adjudicator has decided yet.</summary>
    public bool AwaitingAdjudication { get; init; }

    /// <summary>The adjudication the value comes from, when it does.</summary>
    public string? AdjudicationId { get; init; }
}

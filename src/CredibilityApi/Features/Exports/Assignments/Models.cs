using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Exports.Assignments;

public sealed class Request : ExportRequest
{
    /// <summary>Only assignments of this annotator.</summary>
    [QueryParam]
    public string? AnnotatorId { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.AnnotatorId).MaximumLength(Limits.IdLength);
        this.AddExportRules(c => ExportCursor.TryRead(c, Endpoint.CursorName, out _));
    }
}

/// <summary>One campaign assignment with its time on task, flattened for analysis.</summary>
[SchemaName("AssignmentTiming")]
public sealed class AssignmentTimingModel
{
    public required string AssignmentId { get; init; }
    public required string CampaignId { get; init; }
    public required string AnnotatorId { get; init; }
    public required string ArticleId { get; init; }
    public required string OutletId { get; init; }

    /// <summary>The item's place in the campaign's drawn list.</summary>
    public int Position { get; init; }

    public AssignmentState State { get; init; }
    public DateTime AssignedAt { get; init; }

    /// <summary>When GET /api/v1/me/assignments first showed the item to its annotator: the start of time on task.</summary>
    public DateTime? FirstFetchedAt { get; init; }

    /// <summary>When the annotator had rated the article on every dimension of the campaign: the end of time on task.</summary>
    public DateTime? SubmittedAt { get; init; }

    public DateTime? SkippedAt { get; init; }

    /// <summary>The assignment that took the item over after a skip.</summary>
    public string? ReassignedToId { get; init; }

    /// <summary>
    /// Seconds from firstFetchedAt to submittedAt (wall-clock time, breaks included); null until the assignment is
    /// submitted, and for one submitted without ever being fetched from the queue.
    /// </summary>
    public double? SecondsOnTask { get; init; }
}

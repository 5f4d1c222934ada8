using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Assignments.Skip;

/// <summary>Why the caller cannot annotate this item.</summary>
[SchemaName("SkipAssignmentRequest")]
public sealed class Request
{
    /// <summary>The assignment's id.</summary>
    public string Id { get; init; } = "";

    /// <summary>Why the item is skipped (paywalled, a conflict of interest, not in a language the annotator reads).</summary>
    public string Reason { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Say why the item is skipped.").MaximumLength(Limits.ReasonLength);
    }
}

/// <summary>The skipped assignment and the one that took the item over.</summary>
[SchemaName("SkipAssignmentResponse")]
public sealed class Response
{
    public required AssignmentModel Skipped { get; init; }
    public required AssignmentModel ReassignedTo { get; init; }
}

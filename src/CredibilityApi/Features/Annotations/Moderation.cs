using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Annotations;

/// <summary>Why a state change is made; kept in the annotation's history.</summary>
[SchemaName("ReasonRequest")]
public sealed class ReasonRequest
{
    /// <summary>The annotation's id.</summary>
    public string Id { get; init; } = "";

    /// <summary>Why: required, and kept in the history.</summary>
    public string Reason { get; init; } = "";
}

public sealed class ReasonRequestValidator : Validator<ReasonRequest>
{
    public ReasonRequestValidator() =>
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Give a reason; it is kept in the annotation's history.")
            .MaximumLength(Limits.ReasonLength).MultiLine();
}

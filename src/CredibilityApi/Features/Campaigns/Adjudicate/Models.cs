using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Campaigns.Adjudicate;

/// <summary>The adjudicated score on one dimension.</summary>
[SchemaName("AdjudicatedRating")]
public sealed class AdjudicatedRating
{
    public string Dimension { get; init; } = "";
    public double? Value { get; init; }
}

/// <summary>The adjudicated verdict on one claim.</summary>
[SchemaName("AdjudicatedVerdict")]
public sealed class AdjudicatedVerdict
{
    public string ClaimId { get; init; } = "";
    public Verdict? Verdict { get; init; }
}

/// <summary>An adjudicator's decisions on one item's disagreements, with the reason for them.</summary>
[SchemaName("AdjudicateRequest")]
public sealed class Request
{
    /// <summary>The campaign's id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The campaign item the decisions are about.</summary>
    public string ArticleId { get; init; } = "";

    public List<AdjudicatedRating> Ratings { get; init; } = [];
    public List<AdjudicatedVerdict> Verdicts { get; init; } = [];

    /// <summary>Why: kept in the adjudication log with every decision.</summary>
    public string Reason { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Id).NotEmpty().MaximumLength(Limits.IdLength);
        RuleFor(x => x.ArticleId).NotEmpty().MaximumLength(Limits.IdLength);
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Say why: the reason is kept in the adjudication log.").MaximumLength(Limits.ReasonLength);
        RuleFor(x => x)
            .Must(x => x.Ratings is { Count: > 0 } || x.Verdicts is { Count: > 0 })
            .WithMessage("Give at least one decision: a score on a dimension (ratings) or a verdict on a claim (verdicts).")
            .OverridePropertyName("ratings");
        RuleFor(x => x.Ratings).NotNull()
            .Must(r => r is null || r.Count <= 50).WithMessage("At most 50 dimensions.")
            .Must(r => r is null || r.Select(g => g.Dimension).Distinct(StringComparer.Ordinal).Count() == r.Count).WithMessage("Each dimension at most once.");
        RuleForEach(x => x.Ratings).ChildRules(r =>
        {
            r.RuleFor(g => g.Dimension).NotEmpty().MaximumLength(Limits.KeyLength);
            r.RuleFor(g => g.Value).NotNull().Must(v => v is null || double.IsFinite(v.Value)).WithMessage("'value' must be a finite number.");
        });
        RuleFor(x => x.Verdicts).NotNull()
            .Must(v => v is null || v.Count <= 500).WithMessage("At most 500 claims.")
            .Must(v => v is null || v.Select(g => g.ClaimId).Distinct(StringComparer.Ordinal).Count() == v.Count).WithMessage("Each claim at most once.");
        RuleForEach(x => x.Verdicts).ChildRules(v =>
        {
            v.RuleFor(g => g.ClaimId).NotEmpty().MaximumLength(Limits.IdLength);
            v.RuleFor(g => g.Verdict).NotNull().IsInEnum();
        });
    }
}

/// <summary>The decisions recorded.</summary>
[SchemaName("AdjudicateResponse")]
public sealed class Response
{
    public required IReadOnlyList<AdjudicationModel> Items { get; init; }
}

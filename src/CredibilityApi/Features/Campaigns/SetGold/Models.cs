using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Campaigns.SetGold;

/// <summary>A known score on one dimension, and how far a rating may be from it and still count as correct.</summary>
[SchemaName("GoldRating")]
public sealed class GoldRating
{
    public string Dimension { get; init; } = "";
    public double? Value { get; init; }

    /// <summary>A rating is correct when |rating − value| ≤ tolerance; 10 (rubric points) when left out.</summary>
    public double? Tolerance { get; init; }
}

/// <summary>The known verdict on one of the article's claims.</summary>
[SchemaName("GoldVerdict")]
public sealed class GoldVerdict
{
    public string ClaimId { get; init; } = "";
    public Verdict? Verdict { get; init; }
}

/// <summary>The known answers of a gold item; they replace any the item had.</summary>
[SchemaName("SetGoldItemRequest")]
public sealed class Request
{
    /// <summary>The campaign's id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The campaign item (article) that gets known answers.</summary>
    public string ArticleId { get; init; } = "";

    public List<GoldRating> Ratings { get; init; } = [];
    public List<GoldVerdict> Verdicts { get; init; } = [];
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Id).NotEmpty().MaximumLength(Limits.IdLength);
        RuleFor(x => x.ArticleId).NotEmpty().MaximumLength(Limits.IdLength);
        RuleFor(x => x)
            .Must(x => x.Ratings is { Count: > 0 } || x.Verdicts is { Count: > 0 })
            .WithMessage("Give at least one known answer: a score on a dimension (ratings) or a verdict on a claim (verdicts).")
            .OverridePropertyName("ratings");
        RuleFor(x => x.Ratings).NotNull()
            .Must(r => r is null || r.Count <= 50).WithMessage("At most 50 dimensions.")
            .Must(r => r is null || r.Select(g => g.Dimension).Distinct(StringComparer.Ordinal).Count() == r.Count).WithMessage("Each dimension at most once.");
        RuleForEach(x => x.Ratings).ChildRules(r =>
        {
            r.RuleFor(g => g.Dimension).NotEmpty().MaximumLength(Limits.KeyLength);
            r.RuleFor(g => g.Value).NotNull().Must(v => v is null || double.IsFinite(v.Value)).WithMessage("'value' must be a finite number.");
            r.RuleFor(g => g.Tolerance).Must(t => t is null || double.IsFinite(t.Value)).WithMessage("'tolerance' must be a finite number.").GreaterThanOrEqualTo(0).LessThanOrEqualTo(1_000_000);
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

/// <summary>A campaign item's known answers (seen only by admins).</summary>
[SchemaName("GoldItem")]
public sealed class Response
{
    public required string CampaignId { get; init; }
    public required string ArticleId { get; init; }
    public required IReadOnlyList<GoldRating> Ratings { get; init; }
    public required IReadOnlyList<GoldVerdict> Verdicts { get; init; }
    public required string SetBy { get; init; }
    public DateTime SetAt { get; init; }
}

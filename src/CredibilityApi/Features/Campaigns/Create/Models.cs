using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Campaigns.Create;

/// <summary>A new campaign: its articles given as a list (articleIds) or drawn by a rule (sampling), never both.</summary>
[SchemaName("CreateCampaignRequest")]
public sealed class Request
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }

    /// <summary>The annotation guidelines, as text.</summary>
    public string? Guidelines { get; init; }

    /// <summary>The rubric version the ratings are made on; the current one when left out.</summary>
    public int? RubricVersion { get; init; }

    public CampaignTasks? Tasks { get; init; }

    /// <summary>k: how many distinct annotators each article goes to (at most the pool's size).</summary>
    public int? Overlap { get; init; }

    /// <summary>Account ids of annotators (or admins) to assign items to.</summary>
    public List<string> Pool { get; init; } = [];

    public DateTime? DueAt { get; init; }

    /// <summary>The rule that draws the articles when the campaign is opened.</summary>
    public CampaignSampling? Sampling { get; init; }

    /// <summary>The articles, in the order annotators get them; empty or left out when a sampling rule draws them.</summary>
    public List<string> ArticleIds { get; init; } = [];

    /// <summary>Accounts (besides admins, who always may) who may adjudicate the campaign's disagreements.</summary>
    public List<string> Adjudicators { get; init; } = [];

    /// <summary>
    /// X, in rubric points: an item's ratings on a dimension go to adjudication when their range (max − min) is larger
    /// than this. 20 when left out.
    /// </summary>
    public double? DisagreementThreshold { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public const int MaxPool = 500;
    public const int MaxArticles = 10_000;
    public const int MaxOverlap = 50;

    public Validator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Limits.NameLength);
        RuleFor(x => x.Description).MaximumLength(Limits.NotesLength);
        RuleFor(x => x.Guidelines).MaximumLength(Limits.ExplanationLength);
        RuleFor(x => x.RubricVersion).GreaterThan(0);
        RuleFor(x => x.Tasks).NotNull().WithMessage("Say what the campaign asks for: tasks.dimensions (at least one), tasks.verdicts, tasks.framing.");
        RuleFor(x => x.Tasks!.Dimensions)
            .NotEmpty().WithMessage("List at least one rubric dimension to rate: an assignment counts as submitted once all of them are rated.")
            .Must(d => d.Count <= 50).WithMessage("At most 50 dimensions.")
            .Must(d => d.Distinct(StringComparer.Ordinal).Count() == d.Count).WithMessage("Each dimension at most once.")
            .OverridePropertyName("tasks.dimensions")
            .When(x => x.Tasks is not null);
        RuleForEach(x => x.Tasks!.Dimensions).NotEmpty().MaximumLength(Limits.KeyLength)
            .OverridePropertyName("tasks.dimensions").When(x => x.Tasks is not null);
        RuleFor(x => x.Overlap).NotNull().InclusiveBetween(1, MaxOverlap);
        RuleFor(x => x.Pool)
            .NotEmpty().WithMessage("Name at least one annotator in the pool.")
            .Must(p => p.Count <= MaxPool).WithMessage($"At most {MaxPool} annotators.")
            .Must(p => p.Distinct(StringComparer.Ordinal).Count() == p.Count).WithMessage("Each annotator at most once in the pool.");
        RuleForEach(x => x.Pool).NotEmpty().MaximumLength(Limits.IdLength);
        RuleFor(x => x.DueAt).WithinSupportedDates();
        RuleFor(x => x)
            .Must(x => (x.Sampling is not null) != (x.ArticleIds is { Count: > 0 }))
            .WithMessage("Give the articles either as a list (articleIds) or by a rule (sampling), not both and not neither.")
            .OverridePropertyName("sampling");
        RuleFor(x => x.ArticleIds)
            .NotNull()
            .Must(a => a is null || a.Count <= MaxArticles).WithMessage($"At most {MaxArticles} articles.")
            .Must(a => a is null || a.Distinct(StringComparer.Ordinal).Count() == a.Count).WithMessage("Each article at most once.");
        RuleForEach(x => x.ArticleIds).NotEmpty().MaximumLength(Limits.IdLength);
        RuleFor(x => x.Adjudicators)
            .NotNull()
            .Must(a => a is null || a.Count <= MaxPool).WithMessage($"At most {MaxPool} adjudicators.")
            .Must(a => a is null || a.Distinct(StringComparer.Ordinal).Count() == a.Count).WithMessage("Each adjudicator at most once.");
        RuleForEach(x => x.Adjudicators).NotEmpty().MaximumLength(Limits.IdLength);
        RuleFor(x => x.DisagreementThreshold).Must(t => t is null || double.IsFinite(t.Value)).WithMessage("'disagreementThreshold' must be a finite number.").GreaterThanOrEqualTo(0).LessThanOrEqualTo(1_000_000);
        When(x => x.Sampling is not null, () =>
        {
            RuleFor(x => x.Sampling!.PublishedFrom).NotNull().WithinSupportedDates().OverridePropertyName("sampling.publishedFrom");
            RuleFor(x => x.Sampling!.PublishedTo).NotNull().WithinSupportedDates().OverridePropertyName("sampling.publishedTo");
            RuleFor(x => x.Sampling!)
                .Must(s => s.PublishedFrom is null || s.PublishedTo is null || s.PublishedFrom < s.PublishedTo)
                .WithMessage("publishedFrom must be before publishedTo.").OverridePropertyName("sampling.publishedTo");
            RuleFor(x => x.Sampling!.PerBucket).NotNull().InclusiveBetween(1, 1000).OverridePropertyName("sampling.perBucket");
            RuleFor(x => x.Sampling!.Bucket).IsInEnum().OverridePropertyName("sampling.bucket");
            RuleFor(x => x.Sampling!.Seed).NotNull().WithMessage("Give a seed: the draw is reproducible from it.").OverridePropertyName("sampling.seed");
            RuleFor(x => x.Sampling!.OutletIds)
                .Must(o => o.Count <= 1000).WithMessage("At most 1000 outlets.")
                .Must(o => o.Distinct(StringComparer.Ordinal).Count() == o.Count).WithMessage("Each outlet at most once.")
                .OverridePropertyName("sampling.outletIds");
        });
    }
}

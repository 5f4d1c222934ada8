using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FluentValidation;

namespace CredibilityApi.Features.Annotations;

/// <summary>The content of a provenance note, as sent.</summary>
[SchemaName("ProvenanceInput")]
public sealed class ProvenanceInput
{
    /// <summary>attribution, verdict or other for claims; byline, dateline, wireCopy or other for articles; ownership, funding, editorialControl or other for outlets.</summary>
    public ProvenanceAspect Aspect { get; init; } = ProvenanceAspect.Other;

    /// <summary>The verdict, for a claim that was checked (claims only).</summary>
    public Verdict? Verdict { get; init; }

    /// <summary>What the annotator found, and why the verdict.</summary>
    public string? Explanation { get; init; }

    /// <summary>Links to the evidence (http or https), at most 20.</summary>
    public List<string> EvidenceUrls { get; init; } = [];

    /// <summary>Whether the primary source was located; leave out if not looked for.</summary>
    public bool? PrimarySourceLocated { get; init; }

    /// <summary>Where the primary source is.</summary>
    public string? PrimarySourceUrl { get; init; }

    internal ProvenanceContent ToContent() =>
        new(Aspect, Verdict, Explanation, EvidenceUrls, PrimarySourceLocated, PrimarySourceUrl);

    /// <summary>Which aspects fit which target.</summary>
    internal static bool Fits(ProvenanceAspect aspect, TargetType target) => aspect switch
    {
        ProvenanceAspect.Other => true,
        ProvenanceAspect.Attribution or ProvenanceAspect.Verdict => target == TargetType.Claim,
        ProvenanceAspect.Byline or ProvenanceAspect.Dateline or ProvenanceAspect.WireCopy => target == TargetType.Article,
        _ => target == TargetType.Outlet,
    };
}

public sealed class ProvenanceInputValidator : AbstractValidator<ProvenanceInput>
{
    public ProvenanceInputValidator()
    {
        RuleFor(x => x.Aspect).IsInEnum();
        RuleFor(x => x.Verdict).IsInEnum();
        RuleFor(x => x.Explanation).MaximumLength(Limits.ExplanationLength).MultiLine();
        RuleFor(x => x.EvidenceUrls).NotNull().Must(u => u is null || u.Count <= Limits.MaxEvidenceUrls)
            .WithMessage($"At most {Limits.MaxEvidenceUrls} evidence URLs.");
        RuleForEach(x => x.EvidenceUrls).MaximumLength(Limits.UrlLength)
            .Must(AnnotationRules.IsHttpUrl).WithMessage("Evidence URLs are absolute http or https URLs.");
        RuleFor(x => x.PrimarySourceUrl).MaximumLength(Limits.UrlLength)
            .Must(AnnotationRules.IsHttpUrl).WithMessage("'primarySourceUrl' must be an absolute http or https URL.")
            .When(x => x.PrimarySourceUrl is not null);
        RuleFor(x => x.PrimarySourceUrl).Null()
            .WithMessage("A primary source URL means the source was located: set 'primarySourceLocated' to true.")
            .When(x => x.PrimarySourceLocated == false);
    }
}

/// <summary>The content of a framing note, as sent.</summary>
[SchemaName("FramingInput")]
public sealed class FramingInput
{
    /// <summary>Key of a technique or frame (GET /api/v1/taxonomy/techniques).</summary>
    public string Technique { get; init; } = "";

    /// <summary>1 (mild) to 3 (strong).</summary>
    public int Severity { get; init; }

    public string? Beneficiary { get; init; }

    public string? Stance { get; init; }

    public string? Comment { get; init; }

    /// <summary>The span of the body it applies to; leave out for the whole article.</summary>
    public SelectorModel? Selector { get; init; }
}

public sealed class FramingInputValidator : AbstractValidator<FramingInput>
{
    public FramingInputValidator()
    {
        RuleFor(x => x.Technique).NotEmpty().MaximumLength(Limits.KeyLength);
        RuleFor(x => x.Severity).InclusiveBetween(1, 3);
        RuleFor(x => x.Beneficiary).MaximumLength(Limits.NameLength).SingleLine();
        RuleFor(x => x.Stance).MaximumLength(Limits.NameLength).SingleLine();
        RuleFor(x => x.Comment).MaximumLength(Limits.ExplanationLength).MultiLine();
        RuleFor(x => x.Selector!).SetValidator(new SelectorValidator()).When(x => x.Selector is not null);
    }
}

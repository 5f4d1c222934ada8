using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Annotations.RecordProvenance;

/// <summary>A provenance note on a claim, an article or an outlet.</summary>
[SchemaName("RecordProvenanceRequest")]
public sealed class Request
{
    public TargetModel Target { get; init; } = null!;

    public ProvenanceInput Provenance { get; init; } = null!;

    /// <summary>Tags from the controlled vocabulary (GET /api/v1/taxonomy/tags).</summary>
    public List<string> Tags { get; init; } = [];
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Target).NotNull();
        RuleFor(x => x.Target.Type).IsInEnum().When(x => x.Target is not null);
        RuleFor(x => x.Target.Id).NotEmpty().MaximumLength(Limits.IdLength).When(x => x.Target is not null);
        RuleFor(x => x.Provenance).NotNull().SetValidator(new ProvenanceInputValidator());
        RuleFor(x => x.Provenance.Aspect)
            .Must((x, aspect) => ProvenanceInput.Fits(aspect, x.Target.Type))
            .WithErrorCode("aspect-not-for-target")
            .WithMessage(x => $"The aspect '{System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(x.Provenance.Aspect.ToString())}' does not apply to {(x.Target.Type == TargetType.Claim ? "a" : "an")} {x.Target.Type.ToString().ToLowerInvariant()}: claims take attribution or verdict, articles byline, dateline or wireCopy, outlets ownership, funding or editorialControl; any target takes other.")
            .When(x => x.Target is not null && x.Provenance is not null);
        RuleFor(x => x.Provenance.Verdict)
            .Null().WithMessage("Only claims get a verdict.").WithErrorCode("verdict-not-for-target")
            .When(x => x.Target is not null && x.Provenance is not null && x.Target.Type != TargetType.Claim);
        this.TagRules(x => x.Tags);
    }
}

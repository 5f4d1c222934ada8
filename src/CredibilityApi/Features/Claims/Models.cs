using CredibilityApi.Domain;
using CredibilityApi.Features.Annotations;
using CredibilityApi.Infrastructure;
using FluentValidation;

namespace CredibilityApi.Features.Claims;

/// <summary>Who made a claim, as the article presents it.</summary>
[SchemaName("Claimant")]
public sealed class ClaimantModel
{
    /// <summary>The name as given; null for anonymous or unknown sources.</summary>
    public string? Name { get; init; }

    public SourceType Type { get; init; } = SourceType.Unknown;
}

/// <summary>
/// One hop of an attribution chain, ordered from the original source towards the outlet (after W3C PROV:
/// the first hop is the primary source, later hops quoted or paraphrased from the one before).
/// </summary>
[SchemaName("AttributionHop")]
public sealed class HopModel
{
    /// <summary>Who: "Army spokesman", "Daily Example", "an unnamed official".</summary>
    public string Agent { get; init; } = "";

    public SourceType AgentType { get; init; } = SourceType.Unknown;

    /// <summary>Through what the agent said it.</summary>
    public Medium Medium { get; init; } = Medium.Unknown;

    /// <summary>primarySource for the first hop; quotedFrom or paraphrasedFrom the previous hop for the others.</summary>
    public Relation Relation { get; init; } = Relation.PrimarySource;

    /// <summary>Where this hop can be seen (the post, the other outlet's article).</summary>
    public string? Url { get; init; }

    internal AttributionHop ToDomain() => new(Agent.Trim(), AgentType, Medium, Relation, Url);

    internal static HopModel From(AttributionHop hop) => new()
    {
        Agent = hop.Agent,
        AgentType = hop.AgentType,
        Medium = hop.Medium,
        Relation = hop.Relation,
        Url = hop.Url,
    };
}

/// <summary>A statement inside an article, anchored in its body, with its claimant and attribution chain.</summary>
[SchemaName("Claim")]
public sealed record ClaimModel
{
    public required string Id { get; init; }

    public required string ArticleId { get; init; }

    public required string OutletId { get; init; }

    public DateTime ArticlePublishedAt { get; init; }

    public required AnchorModel Anchor { get; init; }

    public required ClaimantModel Claimant { get; init; }

    public required IReadOnlyList<HopModel> Attribution { get; init; }

    /// <summary>Derived by the server from the claimant and the chain.</summary>
    public AttributionClass AttributionClass { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    public required string CreatedBy { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("etag")]
    public required string ETag { get; init; }

    internal static ClaimModel From(Claim c) => new()
    {
        Id = c.Id,
        ArticleId = c.ArticleId,
        OutletId = c.OutletId,
        ArticlePublishedAt = c.ArticlePublishedAt,
        Anchor = new AnchorModel { Exact = c.Exact, Prefix = c.Prefix, Suffix = c.Suffix, Start = c.Start, End = c.End, BodySha256 = c.BodySha256 },
        Claimant = new ClaimantModel { Name = c.ClaimantName, Type = c.ClaimantType },
        Attribution = c.Chain.Select(HopModel.From).ToList(),
        AttributionClass = c.AttributionClass,
        Tags = c.Tags,
        CreatedBy = c.CreatedBy,
        CreatedAt = c.CreatedAt,
        UpdatedAt = c.UpdatedAt,
        ETag = ETags.For(c.Version),
    };
}

internal sealed class ClaimMapping : Mapster.IRegister
{
    public void Register(Mapster.TypeAdapterConfig config) =>
        config.NewConfig<Claim, ClaimModel>().MapWith(c => ClaimModel.From(c));
}

/// <summary>The fields of a claim, shared by registration and edit.</summary>
public abstract class ClaimFields
{
    internal Claimant ClaimantOrUnknown() => new(Claimant?.Name, Claimant?.Type ?? SourceType.Unknown);

    /// <summary>Where the claim is in the article body.</summary>
    public SelectorModel Selector { get; init; } = null!;

    /// <summary>Who made the claim; leave out when the article does not say (type unknown).</summary>
    public ClaimantModel? Claimant { get; init; }

    /// <summary>Hops from the original source to this outlet; empty when the article names no chain.</summary>
    public List<HopModel> Attribution { get; init; } = [];

    /// <summary>Tags from the controlled vocabulary.</summary>
    public List<string> Tags { get; init; } = [];
}

public abstract class ClaimFieldsValidator<T> : FastEndpoints.Validator<T>
    where T : ClaimFields
{
    protected ClaimFieldsValidator()
    {
        RuleFor(x => x.Selector).NotNull().SetValidator(new SelectorValidator());
        RuleFor(x => x.Claimant!.Name).MaximumLength(Limits.NameLength).SingleLine().When(x => x.Claimant is not null);
        RuleFor(x => x.Claimant!.Type).IsInEnum().When(x => x.Claimant is not null);
        RuleFor(x => x.Attribution).NotNull().Must(a => a is null || a.Count <= Attribution.MaxHops)
            .WithMessage($"An attribution chain has at most {Attribution.MaxHops} hops.");
        RuleForEach(x => x.Attribution).ChildRules(hop =>
        {
            hop.RuleFor(h => h.Agent).NotEmpty().MaximumLength(Limits.NameLength).SingleLine();
            hop.RuleFor(h => h.AgentType).IsInEnum();
            hop.RuleFor(h => h.Medium).IsInEnum();
            hop.RuleFor(h => h.Relation).IsInEnum();
            hop.RuleFor(h => h.Url).MaximumLength(Limits.UrlLength)
                .Must(AnnotationRules.IsHttpUrl).WithMessage("A hop's URL is an absolute http or https URL.")
                .When(h => h.Url is not null);
        });
        this.TagRules(x => x.Tags);
    }
}

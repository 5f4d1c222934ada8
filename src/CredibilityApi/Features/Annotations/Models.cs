using System.Text.Json;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FluentValidation;

namespace CredibilityApi.Features.Annotations;

/// <summary>
/// A W3C-style text selector: a quote (<c>exact</c>, with optional <c>prefix</c>/<c>suffix</c> context)
/// and/or a position (<c>start</c>, <c>end</c>) in UTF-16 code units of the article body, <c>end</c> exclusive.
/// Matching is exact: same characters, same Unicode normalisation form as the stored body.
/// </summary>
[SchemaName("TextSelector")]
public sealed class SelectorModel
{
    /// <summary>The quoted text.</summary>
    public string? Exact { get; init; }

    /// <summary>Text just before the quote, to single out one occurrence.</summary>
    public string? Prefix { get; init; }

    /// <summary>Text just after the quote, to single out one occurrence.</summary>
    public string? Suffix { get; init; }

    /// <summary>Start offset in UTF-16 code units (0-based).</summary>
    public int? Start { get; init; }

    /// <summary>End offset in UTF-16 code units, exclusive.</summary>
    public int? End { get; init; }

    internal TextSelector ToDomain() => new(Exact, Prefix, Suffix, Start, End);
}

/// <summary>Where a selector was anchored: both forms, and the body hash they were anchored on.</summary>
[SchemaName("TextAnchor")]
public sealed record AnchorModel
{
    public required string Exact { get; init; }

    public string? Prefix { get; init; }

    public string? Suffix { get; init; }

    /// <summary>Start offset in UTF-16 code units; null when the article has no body.</summary>
    public int? Start { get; init; }

    /// <summary>End offset in UTF-16 code units, exclusive; null when the article has no body.</summary>
    public int? End { get; init; }

    /// <summary>SHA-256 of the body the offsets refer to.</summary>
    public string? BodySha256 { get; init; }
}

public sealed class SelectorValidator : AbstractValidator<SelectorModel>
{
    public SelectorValidator()
    {
        RuleFor(x => x.Exact).MaximumLength(Limits.QuoteLength).MultiLine();
        RuleFor(x => x.Prefix).MaximumLength(Limits.SelectorContextLength).MultiLine();
        RuleFor(x => x.Suffix).MaximumLength(Limits.SelectorContextLength).MultiLine();
        RuleFor(x => x.Start).GreaterThanOrEqualTo(0);
        RuleFor(x => x.End).GreaterThan(0);
        RuleFor(x => x)
            .Must(x => !string.IsNullOrEmpty(x.Exact) || (x.Start is not null && x.End is not null))
            .WithName("selector")
            .WithMessage("A selector needs a quote ('exact') or a position ('start' and 'end'), or both.");
        RuleFor(x => x)
            .Must(x => (x.Start is null) == (x.End is null))
            .WithName("selector")
            .WithMessage("'start' and 'end' go together.");
    }
}

/// <summary>A target of a provenance note.</summary>
[SchemaName("AnnotationTarget")]
public sealed record TargetModel
{
    public TargetType Type { get; init; }

    public required string Id { get; init; }
}

[SchemaName("ProvenanceNote")]
public sealed record ProvenanceModel
{
    /// <summary>What the note is about: attribution or verdict (claims); byline, dateline or wireCopy (articles); ownership, funding or editorialControl (outlets); or other.</summary>
    public ProvenanceAspect Aspect { get; init; }

    /// <summary>The verdict on a checked claim (claims only).</summary>
    public Verdict? Verdict { get; init; }

    public string? Explanation { get; init; }

    public IReadOnlyList<string> EvidenceUrls { get; init; } = [];

    /// <summary>Whether the primary source was located; null when not looked for.</summary>
    public bool? PrimarySourceLocated { get; init; }

    /// <summary>Where the primary source was found.</summary>
    public string? PrimarySourceUrl { get; init; }
}

[SchemaName("FramingNote")]
public sealed record FramingModel
{
    /// <summary>Key of a technique or frame of the taxonomy (GET /api/v1/taxonomy/techniques).</summary>
    public required string Technique { get; init; }

    /// <summary>1 (mild) to 3 (strong).</summary>
    public int Severity { get; init; }

    /// <summary>Who the framing serves, if anyone.</summary>
    public string? Beneficiary { get; init; }

    /// <summary>The stance the framing takes.</summary>
    public string? Stance { get; init; }

    public string? Comment { get; init; }

    /// <summary>The span of the body; null for a note on the whole article.</summary>
    public AnchorModel? Span { get; init; }
}

[SchemaName("Rating")]
public sealed record RatingModel
{
    /// <summary>Key of a dimension of the rubric version.</summary>
    public required string Dimension { get; init; }

    public double Value { get; init; }

    /// <summary>The annotator's confidence, 0 to 1.</summary>
    public double? Confidence { get; init; }

    public int RubricVersion { get; init; }
}

/// <summary>An annotator's judgement: exactly one of provenance, framing and rating is set, matching <c>kind</c>.</summary>
[SchemaName("Annotation")]
public sealed record AnnotationModel
{
    public required string Id { get; init; }

    public AnnotationKind Kind { get; init; }

    public required TargetModel Target { get; init; }

    public required string OutletId { get; init; }

    public string? ArticleId { get; init; }

    public string? ClaimId { get; init; }

    /// <summary>The publication instant of the annotated article; aggregates bucket by it.</summary>
    public DateTime? ArticlePublishedAt { get; init; }

    public required string AuthorId { get; init; }

    /// <summary>Revision number: 1 when created, one more for every change.</summary>
    public int Revision { get; init; }

    public AnnotationStatus Status { get; init; }

    public string? RetractionReason { get; init; }

    public DateTime? RetractedAt { get; init; }

    /// <summary>Hidden by a moderator: left out of lists and aggregates.</summary>
    public bool Hidden { get; init; }

    /// <summary>
    /// The moderator's reason for the last hide or unhide. Shown to admins and the annotation's author only;
    /// null for every other reader.
    /// </summary>
    public string? HiddenReason { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>
    /// Written blind: the current content was recorded while its author's assignment of the article was pending in an
    /// open campaign, so they could not see anyone else's annotations of it. An edit made after that clears it.
    /// </summary>
    public bool Blind { get; init; }

    /// <summary>The study campaign the annotation was made under (its author's assignment of the article); null outside campaigns.</summary>
    public string? CampaignId { get; init; }

    public ProvenanceModel? Provenance { get; init; }

    public FramingModel? Framing { get; init; }

    public RatingModel? Rating { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("etag")]
    public required string ETag { get; init; }

    /// <summary>
    /// Moderation is between the moderators and the author: the reason of a hide or unhide (and, in the
    /// revisions, who moderated) is shown to admins and the author only.
    /// </summary>
    internal static bool MaySeeModeration(System.Security.Claims.ClaimsPrincipal user, string authorId) =>
        user.IsAdmin() || user.AccountId() == authorId;

    /// <summary>The model as <paramref name="user"/> may see it: without the moderation reason unless they may see it.</summary>
    internal AnnotationModel For(System.Security.Claims.ClaimsPrincipal user) =>
        HiddenReason is null || MaySeeModeration(user, AuthorId) ? this : this with { HiddenReason = null };

    internal static AnnotationModel From(Annotation a, System.Security.Claims.ClaimsPrincipal user) => From(a).For(user);

    internal static AnnotationModel From(Annotation a) => new()
    {
        Id = a.Id,
        Kind = a.Kind,
        Target = new TargetModel { Type = a.TargetType, Id = a.TargetId },
        OutletId = a.OutletId,
        ArticleId = a.ArticleId,
        ClaimId = a.ClaimId,
        ArticlePublishedAt = a.ArticlePublishedAt,
        AuthorId = a.AuthorId,
        Revision = a.Version,
        Status = a.Status,
        RetractionReason = a.RetractionReason,
        RetractedAt = a.RetractedAt,
        Hidden = a.Hidden,
        HiddenReason = a.HiddenReason,
        Tags = a.Tags,
        Blind = a.Blind,
        CampaignId = a.CampaignId,
        Provenance = a.Kind != AnnotationKind.Provenance ? null : new ProvenanceModel
        {
            Aspect = a.Aspect ?? ProvenanceAspect.Other,
            Verdict = a.Verdict,
            Explanation = a.Explanation,
            EvidenceUrls = a.EvidenceUrls,
            PrimarySourceLocated = a.PrimarySourceLocated,
            PrimarySourceUrl = a.PrimarySourceUrl,
        },
        Framing = a.Kind != AnnotationKind.Framing ? null : new FramingModel
        {
            Technique = a.Technique!,
            Severity = a.Severity ?? 1,
            Beneficiary = a.Beneficiary,
            Stance = a.Stance,
            Comment = a.Comment,
            Span = a.SpanExact is null ? null : new AnchorModel
            {
                Exact = a.SpanExact,
                Prefix = a.SpanPrefix,
                Suffix = a.SpanSuffix,
                Start = a.SpanStart,
                End = a.SpanEnd,
                BodySha256 = a.SpanBodySha256,
            },
        },
        Rating = a.Kind != AnnotationKind.Rating ? null : new RatingModel
        {
            Dimension = a.Dimension!,
            Value = a.Value ?? 0,
            Confidence = a.Confidence,
            RubricVersion = a.RubricVersion ?? 1,
        },
        CreatedAt = a.CreatedAt,
        UpdatedAt = a.UpdatedAt,
        ETag = ETags.For(a.Version),
    };
}

internal sealed class AnnotationMapping : Mapster.IRegister
{
    public void Register(Mapster.TypeAdapterConfig config) =>
        config.NewConfig<Annotation, AnnotationModel>().MapWith(a => AnnotationModel.From(a));
}

/// <summary>Input rules shared by the annotation write endpoints.</summary>
internal static class AnnotationRules
{
    public static void TagRules<T>(this AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, IEnumerable<string>>> tags)
    {
        validator.RuleFor(tags).NotNull().Must(t => t is null || t.Count() <= Limits.MaxTags).WithMessage($"At most {Limits.MaxTags} tags.");
        validator.RuleForEach(tags).NotEmpty().MaximumLength(Limits.KeyLength);
    }

    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

/// <summary>The JSON of revision snapshots: the API's own serialisation of the annotation.</summary>
internal static class Snapshots
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Of(Annotation annotation) => JsonSerializer.Serialize(AnnotationModel.From(annotation), Options);

    public static AnnotationModel Read(string snapshot) => JsonSerializer.Deserialize<AnnotationModel>(snapshot, Options)!;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        Json.Configure(options);
        return options;
    }
}

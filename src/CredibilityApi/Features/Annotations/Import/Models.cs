using System.Text.Json.Serialization;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Annotations.Import;

/// <summary>One batch of annotations to import, all or nothing.</summary>
[SchemaName("ImportAnnotationsRequest")]
public sealed class Request
{
    /// <summary>1 to 1000 records; each a line of GET /api/v1/exports/annotations (NDJSON) or the same shape written by hand.</summary>
    public List<ImportRecord> Annotations { get; init; } = [];

    /// <summary>
    /// Keep each record's own <c>createdAt</c> and <c>updatedAt</c> (the instants it had where it came from) instead of
    /// the import's, for a migration from another instance: its first revision is then recorded at <c>updatedAt</c>, so
    /// <c>asOf</c> reproduces figures as they stood there. Records without them get the import's instant. Incremental
    /// exports by <c>since</c> do not see records kept in the past. A rating whose author already has a newer one
    /// of the article and dimension is left alone. Default false: an imported annotation is created now.
    /// </summary>
    public bool KeepTimestamps { get; init; }
}

/// <summary>
/// An annotation to import, in the shape of an export row. Read: <c>kind</c>, <c>target</c>, <c>authorId</c>,
/// <c>tags</c> and the content matching the kind (<c>provenance</c>, <c>framing</c> or <c>rating</c>).
/// Accepted and ignored, because the server assigns or derives them: <c>id</c>, <c>outletId</c>,
/// <c>articleId</c>, <c>claimId</c>, <c>articlePublishedAt</c>, <c>revision</c>, <c>createdAt</c>,
/// <c>updatedAt</c>, <c>etag</c>, <c>retractionReason</c>, <c>retractedAt</c>, <c>hiddenReason</c>.
/// Only current annotations import: <c>status</c>, when sent, is active and <c>hidden</c> false.
/// </summary>
[SchemaName("AnnotationImportRecord")]
public sealed class ImportRecord
{
    public AnnotationKind? Kind { get; init; }

    /// <summary>What the annotation is about: a claim or outlet (provenance notes only) or an article.</summary>
    public TargetModel? Target { get; init; }

    /// <summary>The annotator the annotation is recorded for: an existing annotator or admin account.</summary>
    public string AuthorId { get; init; } = "";

    /// <summary>Tags from the controlled vocabulary.</summary>
    public List<string> Tags { get; init; } = [];

    /// <summary>The note, when kind is provenance.</summary>
    public ProvenanceInput? Provenance { get; init; }

    /// <summary>The note, when kind is framing.</summary>
    public FramingImport? Framing { get; init; }

    /// <summary>The value, when kind is rating.</summary>
    public RatingImport? Rating { get; init; }

    /// <summary>Must be active when sent: retracted annotations are not imported.</summary>
    public AnnotationStatus? Status { get; init; }

    /// <summary>Must be false when sent: hidden annotations are not imported.</summary>
    public bool? Hidden { get; init; }

    /// <summary>Ignored: the server assigns a new id.</summary>
    public string? Id { get; init; }

    /// <summary>Ignored: derived from the target.</summary>
    public string? OutletId { get; init; }

    /// <summary>Ignored: derived from the target.</summary>
    public string? ArticleId { get; init; }

    /// <summary>Ignored: derived from the target.</summary>
    public string? ClaimId { get; init; }

    /// <summary>Ignored: derived from the target.</summary>
    public DateTime? ArticlePublishedAt { get; init; }

    /// <summary>Ignored: an imported annotation starts at revision 1 (or is a new revision of the author's rating).</summary>
    public int? Revision { get; init; }

    /// <summary>Ignored.</summary>
    public string? RetractionReason { get; init; }

    /// <summary>Ignored.</summary>
    public DateTime? RetractedAt { get; init; }

    /// <summary>Ignored.</summary>
    public string? HiddenReason { get; init; }

    /// <summary>Ignored: an imported annotation was not written under one of this server's campaign assignments, so it is not blind.</summary>
    public bool? Blind { get; init; }

    /// <summary>Ignored, as blind.</summary>
    public string? CampaignId { get; init; }

    /// <summary>Ignored unless the batch sets keepTimestamps: by default the import time is recorded, so incremental exports by updatedAt see imported rows.</summary>
    public DateTime? CreatedAt { get; init; }

    /// <summary>Ignored unless the batch sets keepTimestamps, as createdAt.</summary>
    public DateTime? UpdatedAt { get; init; }

    /// <summary>Ignored.</summary>
    [JsonPropertyName("etag")]
    public string? ETag { get; init; }
}

/// <summary>A framing note as the export writes it; the span is anchored again on the article's body.</summary>
[SchemaName("FramingImport")]
public sealed class FramingImport
{
    /// <summary>Key of a technique or frame (GET /api/v1/taxonomy/techniques).</summary>
    public string Technique { get; init; } = "";

    /// <summary>1 (mild) to 3 (strong).</summary>
    public int Severity { get; init; }

    public string? Beneficiary { get; init; }

    public string? Stance { get; init; }

    public string? Comment { get; init; }

    /// <summary>
    /// The span; leave out for the whole article. The quote and its context are matched again; the offsets
    /// are checked too unless <c>bodySha256</c> names another body than the article's current one.
    /// </summary>
    public AnchorModel? Span { get; init; }

    /// <summary>The same note as the framing-note endpoint takes it.</summary>
    internal FramingInput ToInput(string? articleBodySha256) => new()
    {
        Technique = Technique,
        Severity = Severity,
        Beneficiary = Beneficiary,
        Stance = Stance,
        Comment = Comment,
        Selector = Span is null ? null : new SelectorModel
        {
            Exact = Span.Exact,
            Prefix = Span.Prefix,
            Suffix = Span.Suffix,
            // Offsets into another version of the body mean nothing here; the quote finds the place.
            Start = OffsetsApply(articleBodySha256) ? Span.Start : null,
            End = OffsetsApply(articleBodySha256) ? Span.End : null,
        },
    };

    private bool OffsetsApply(string? articleBodySha256) =>
        Span?.BodySha256 is null || string.Equals(Span.BodySha256, articleBodySha256, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A rating as the export writes it.</summary>
[SchemaName("RatingImport")]
public sealed class RatingImport
{
    /// <summary>Key of a dimension of the rubric version.</summary>
    public string Dimension { get; init; } = "";

    /// <summary>Within the dimension's [min, max].</summary>
    public double? Value { get; init; }

    /// <summary>The annotator's confidence, 0 to 1.</summary>
    public double? Confidence { get; init; }

    /// <summary>The rubric version of the value; the current version when left out.</summary>
    public int? RubricVersion { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Annotations).NotEmpty().WithMessage("Send at least one annotation.")
            .Must(a => a is null || a.Count <= Limits.MaxImportBatch)
            .WithErrorCode("batch-too-large")
            .WithMessage($"At most {Limits.MaxImportBatch} annotations per batch; split the input into batches.");
        RuleForEach(x => x.Annotations).NotNull();
    }
}

/// <summary>The shape of a record, before its content is checked with the rules of its kind's own endpoint.</summary>
internal sealed class RecordShapeValidator : AbstractValidator<ImportRecord>
{
    public RecordShapeValidator()
    {
        RuleFor(x => x.Kind).NotNull().IsInEnum();
        RuleFor(x => x.Target).NotNull();
        RuleFor(x => x.AuthorId).NotEmpty().MaximumLength(Limits.IdLength);
        RuleFor(x => x.Target!.Type).Equal(TargetType.Article)
            .WithErrorCode("target-not-for-kind")
            .WithMessage("Framing notes and ratings are on articles: the target type is article.")
            .When(x => x.Target is not null && x.Kind is AnnotationKind.Framing or AnnotationKind.Rating);
        RuleFor(x => x.Provenance).NotNull().When(x => x.Kind == AnnotationKind.Provenance)
            .WithMessage("A provenance annotation needs 'provenance'.");
        RuleFor(x => x.Framing).NotNull().When(x => x.Kind == AnnotationKind.Framing)
            .WithMessage("A framing annotation needs 'framing'.");
        RuleFor(x => x.Rating).NotNull().When(x => x.Kind == AnnotationKind.Rating)
            .WithMessage("A rating annotation needs 'rating'.");
        RuleFor(x => x.Provenance).Null().When(x => x.Kind != AnnotationKind.Provenance)
            .WithMessage("Only provenance annotations have 'provenance'.");
        RuleFor(x => x.Framing).Null().When(x => x.Kind != AnnotationKind.Framing)
            .WithMessage("Only framing annotations have 'framing'.");
        RuleFor(x => x.Rating).Null().When(x => x.Kind != AnnotationKind.Rating)
            .WithMessage("Only rating annotations have 'rating'.");
        RuleFor(x => x.Status).Must(s => s is null or AnnotationStatus.Active)
            .WithErrorCode("not-current").WithMessage("Retracted annotations are not imported.");
        RuleFor(x => x.Hidden).Must(h => h is null or false)
            .WithErrorCode("not-current").WithMessage("Hidden annotations are not imported.");
    }
}

/// <summary>What the batch wrote.</summary>
[SchemaName("ImportAnnotationsResponse")]
public sealed class Response
{
    /// <summary>Records in the batch.</summary>
    public int Imported { get; init; }

    /// <summary>New annotations.</summary>
    public int Created { get; init; }

    /// <summary>Ratings that replaced the author's current rating of the same article and dimension (a new revision).</summary>
    public int Updated { get; init; }

    /// <summary>
    /// Records already present, left alone: a note the same author already has on the same target with the same
    /// content and tags (or an earlier record of the batch), or a rating equal to the author's current one. So a
    /// batch imported twice writes nothing the second time. Their id is the existing annotation's.
    /// </summary>
    public int Unchanged { get; init; }

    /// <summary>The annotation id of each record, in the order sent.</summary>
    public required IReadOnlyList<string> Ids { get; init; }
}

namespace CredibilityApi.Domain;

/// <summary>The three kinds of judgement an annotator records.</summary>
public enum AnnotationKind
{
    Provenance,
    Framing,
    Rating,
}

/// <summary>What an annotation is about.</summary>
public enum TargetType
{
    Claim,
    Article,
    Outlet,
}

/// <summary>A fact-check verdict, in the ClaimReview style.</summary>
public enum Verdict
{
    Accurate,
    MostlyAccurate,
    Mixed,
    Misleading,
    False,
    Unverifiable,
}

public static class Verdicts
{
    /// <summary>The verdicts the misleading-or-false share groups together (see Scoring.VerdictShares).</summary>
    public static bool IsMisleadingOrFalse(this Verdict verdict) => verdict is Verdict.Misleading or Verdict.False;
}

/// <summary>What a provenance note is about: for claims, articles and outlets respectively.</summary>
public enum ProvenanceAspect
{
    Attribution,
    Verdict,
    Byline,
    Dateline,
    WireCopy,
    Ownership,
    Funding,
    EditorialControl,
    Other,
}

public enum AnnotationStatus
{
    Active,
    Retracted,
}

/// <summary>What happened at a revision of an annotation.</summary>
public enum RevisionAction
{
    Created,
    Edited,
    Retracted,
    Hidden,
    Unhidden,

    /// <summary>The annotation's article was merged into another, and the annotation moved with it.</summary>
    Moved,
}

/// <summary>The content of a provenance note.</summary>
public sealed record ProvenanceContent(
    ProvenanceAspect Aspect,
    Verdict? Verdict,
    string? Explanation,
    IReadOnlyList<string> EvidenceUrls,
    bool? PrimarySourceLocated,
    string? PrimarySourceUrl);

/// <summary>The content of a framing note; <see cref="Span"/> is null for a note on the whole article.</summary>
public sealed record FramingContent(string Technique, int Severity, string? Beneficiary, string? Stance, string? Comment, Anchor? Span);

/// <summary>The content of a rating: one value on one rubric dimension.</summary>
public sealed record RatingContent(string Dimension, double Value, double? Confidence, int RubricVersion);

/// <summary>Where an annotation points, resolved to its outlet and article.</summary>
public sealed record AnnotationTarget(TargetType Type, string Id, string OutletId, string? ArticleId, string? ClaimId, DateTime? ArticlePublishedAt, string? BodySha256);

/// <summary>
/// An annotator's judgement. Every change is a new revision (the <see cref="VersionedEntity.Version"/>),
/// recorded in the history; retraction replaces deletion and moderation hides without deleting.
/// </summary>
public sealed class Annotation : VersionedEntity
{
    private Annotation() { }

    private Annotation(AnnotationKind kind, AnnotationTarget target, string authorId, IReadOnlyList<string> tags, DateTime now)
    {
        Id = Ids.New("ann");
        Kind = kind;
        TargetType = target.Type;
        TargetId = target.Id;
        OutletId = target.OutletId;
        ArticleId = target.ArticleId;
        ClaimId = target.ClaimId;
        ArticlePublishedAt = target.ArticlePublishedAt;
        AuthorId = authorId;
        Tags = [.. tags];
        Created(now);
    }

    public AnnotationKind Kind { get; private set; }
    public TargetType TargetType { get; private set; }
    public string TargetId { get; private set; } = "";
    public string OutletId { get; private set; } = "";
    public string? ArticleId { get; private set; }
    public string? ClaimId { get; private set; }

    /// <summary>The publication instant of the annotated article: aggregates are bucketed by it.</summary>
    public DateTime? ArticlePublishedAt { get; private set; }

    public string AuthorId { get; private set; } = "";
    public List<string> Tags { get; private set; } = [];

    public AnnotationStatus Status { get; private set; }
    public string? RetractionReason { get; private set; }
    public DateTime? RetractedAt { get; private set; }
    public bool Hidden { get; private set; }
    public string? HiddenReason { get; private set; }
    public DateTime? HiddenAt { get; private set; }
    public string? HiddenBy { get; private set; }

    // Provenance
    public ProvenanceAspect? Aspect { get; private set; }
    public Verdict? Verdict { get; private set; }
    public string? Explanation { get; private set; }
    public List<string> EvidenceUrls { get; private set; } = [];
    public bool? PrimarySourceLocated { get; private set; }
    public string? PrimarySourceUrl { get; private set; }

    // Framing
    public string? Technique { get; private set; }
    public int? Severity { get; private set; }
    public string? Beneficiary { get; private set; }
    public string? Stance { get; private set; }
    public string? Comment { get; private set; }
    public string? SpanExact { get; private set; }
    public string? SpanPrefix { get; private set; }
    public string? SpanSuffix { get; private set; }
    public int? SpanStart { get; private set; }
    public int? SpanEnd { get; private set; }
    public string? SpanBodySha256 { get; private set; }

    // Rating
    public string? Dimension { get; private set; }
    public double? Value { get; private set; }
    public double? Confidence { get; private set; }
    public int? RubricVersion { get; private set; }

    public bool IsCurrent => Status == AnnotationStatus.Active && !Hidden;

    /// <summary>
    /// The current content was written while its author held a pending assignment of the article in an open
    /// campaign, so they could not see anyone else's annotations of it (blind annotation).
    /// </summary>
    public bool Blind { get; private set; }

    /// <summary>The campaign the annotation was first made under, if any; kept when a later edit is not blind.</summary>
    public string? CampaignId { get; private set; }

    /// <summary>
    /// Records under which conditions the content now stored was written: <paramref name="pendingCampaignId"/> is the
    /// open campaign in which the author's assignment of the article is pending, or null when there is none (the
    /// author could see others' work, or the annotation is outside any campaign); <paramref name="blinded"/> says
    /// whether the author was kept from others' work (admins never are). Called with every content change.
    /// </summary>
    public void MarkWrittenUnder(string? pendingCampaignId, bool blinded)
    {
        Blind = pendingCampaignId is not null && blinded;
        CampaignId = pendingCampaignId ?? CampaignId;
    }

    public static Annotation Provenance(AnnotationTarget target, ProvenanceContent content, IReadOnlyList<string> tags, string authorId, DateTime now)
    {
        var annotation = new Annotation(AnnotationKind.Provenance, target, authorId, tags, now);
        annotation.SetProvenance(content);
        return annotation;
    }

    public static Annotation Framing(AnnotationTarget target, FramingContent content, IReadOnlyList<string> tags, string authorId, DateTime now)
    {
        var annotation = new Annotation(AnnotationKind.Framing, target, authorId, tags, now);
        annotation.SetFraming(content, target.BodySha256);
        return annotation;
    }

    public static Annotation Rating(AnnotationTarget target, RatingContent content, IReadOnlyList<string> tags, string authorId, DateTime now)
    {
        var annotation = new Annotation(AnnotationKind.Rating, target, authorId, tags, now);
        annotation.SetRating(content);
        return annotation;
    }

    public void EditProvenance(ProvenanceContent content, IReadOnlyList<string> tags, DateTime now)
    {
        EnsureEditable(AnnotationKind.Provenance);
        SetProvenance(content);
        Tags = [.. tags];
        Touch(now);
    }

    public void EditFraming(FramingContent content, string? bodySha256, IReadOnlyList<string> tags, DateTime now)
    {
        EnsureEditable(AnnotationKind.Framing);
        SetFraming(content, bodySha256);
        Tags = [.. tags];
        Touch(now);
    }

    /// <summary>Re-rating replaces the value; rating again after a retraction makes the rating current again.</summary>
    public void Rerate(RatingContent content, IReadOnlyList<string> tags, DateTime now)
    {
        if (Kind != AnnotationKind.Rating)
        {
            throw new DomainException("Only a rating can be re-rated.");
        }

        Status = AnnotationStatus.Active;
        RetractionReason = null;
        RetractedAt = null;
        SetRating(content);
        Tags = [.. tags];
        Touch(now);
    }

    /// <summary>
    /// Moves the annotation to the article its own was merged into (a claim's notes follow their claim).
    /// Its earlier revisions keep the article they were recorded on; this change is a new revision.
    /// </summary>
    public void MoveTo(Article survivor, DateTime now)
    {
        if (TargetType == TargetType.Article && TargetId == ArticleId)
        {
            TargetId = survivor.Id;
        }

        ArticleId = survivor.Id;
        OutletId = survivor.OutletId;
        ArticlePublishedAt = survivor.PublishedAt;
        Touch(now);
    }

    public void Retract(string reason, DateTime now)
    {
        if (Status == AnnotationStatus.Retracted)
        {
            throw new AnnotationConflictException("The annotation is already retracted.");
        }

        Status = AnnotationStatus.Retracted;
        RetractionReason = reason;
        RetractedAt = now;
        Touch(now);
    }

    public void Hide(string reason, string adminId, DateTime now)
    {
        if (Hidden)
        {
            throw new AnnotationConflictException("The annotation is already hidden.");
        }

        Hidden = true;
        HiddenReason = reason;
        HiddenAt = now;
        HiddenBy = adminId;
        Touch(now);
    }

    public void Unhide(string reason, string adminId, DateTime now)
    {
        if (!Hidden)
        {
            throw new AnnotationConflictException("The annotation is not hidden.");
        }

        Hidden = false;
        HiddenReason = reason;
        HiddenAt = now;
        HiddenBy = adminId;
        Touch(now);
    }

    private void EnsureEditable(AnnotationKind kind)
    {
        if (Kind != kind)
        {
            throw new DomainException($"This annotation is a {Kind.ToString().ToLowerInvariant()} annotation; send its own kind of content.");
        }

        if (Status == AnnotationStatus.Retracted)
        {
            throw new AnnotationConflictException("A retracted annotation cannot be edited; record a new one instead.");
        }
    }

    private void SetProvenance(ProvenanceContent content)
    {
        if (content.Verdict is not null && TargetType != TargetType.Claim)
        {
            throw new DomainException("Only claims get a verdict.");
        }

        Aspect = content.Aspect;
        Verdict = content.Verdict;
        Explanation = content.Explanation;
        EvidenceUrls = [.. content.EvidenceUrls];
        PrimarySourceLocated = content.PrimarySourceLocated;
        PrimarySourceUrl = content.PrimarySourceUrl;
    }

    private void SetFraming(FramingContent content, string? bodySha256)
    {
        if (content.Severity is < 1 or > 3)
        {
            throw new DomainException("Severity is 1, 2 or 3.");
        }

        Technique = content.Technique;
        Severity = content.Severity;
        Beneficiary = content.Beneficiary;
        Stance = content.Stance;
        Comment = content.Comment;
        SpanExact = content.Span?.Exact;
        SpanPrefix = content.Span?.Prefix;
        SpanSuffix = content.Span?.Suffix;
        SpanStart = content.Span?.Start;
        SpanEnd = content.Span?.End;
        SpanBodySha256 = content.Span?.Start is null ? null : bodySha256;
    }

    private void SetRating(RatingContent content)
    {
        Dimension = content.Dimension;
        Value = content.Value;
        Confidence = content.Confidence;
        RubricVersion = content.RubricVersion;
    }
}

/// <summary>A change that the annotation's state does not allow (edit after retraction, hiding twice); answered 409.</summary>
public sealed class AnnotationConflictException(string message) : Exception(message);

/// <summary>One entry of an annotation's history: the whole annotation as it was after the change.</summary>
/// <remarks>
/// <see cref="OutletId"/>, <see cref="Dimension"/> and <see cref="ArticlePublishedAt"/> repeat the snapshot's (the annotation as
/// it was then, not as it is now: a merge moves an annotation, its earlier revisions stay where they were recorded), so an asOf
/// read finds one outlet's revisions, or one window's, through an index instead of reading every revision.
/// </remarks>
public sealed class AnnotationRevision
{
    private AnnotationRevision() { }

    public AnnotationRevision(Annotation annotation, RevisionAction action, string recordedBy, string? reason, string snapshot, DateTime recordedAt)
    {
        AnnotationId = annotation.Id;
        Revision = annotation.Version;
        OutletId = annotation.OutletId;
        Dimension = annotation.Kind == AnnotationKind.Rating ? annotation.Dimension : null;
        ArticlePublishedAt = annotation.ArticlePublishedAt;
        Action = action;
        RecordedBy = recordedBy;
        Reason = reason;
        Snapshot = snapshot;
        RecordedAt = recordedAt;
    }

    public long Id { get; private init; }
    public string AnnotationId { get; private init; } = "";
    public int Revision { get; private init; }
    public RevisionAction Action { get; private init; }
    public string RecordedBy { get; private init; } = "";
    public string? Reason { get; private init; }

    /// <summary>The annotation after this revision, as the API serialises it (JSON).</summary>
    public string Snapshot { get; private init; } = "";

    public DateTime RecordedAt { get; private init; }

    /// <summary>The snapshot's outlet.</summary>
    public string OutletId { get; private init; } = "";

    /// <summary>The snapshot's rating dimension; null for every other kind.</summary>
    public string? Dimension { get; private init; }

    /// <summary>The snapshot's article publication instant.</summary>
    public DateTime? ArticlePublishedAt { get; private init; }
}

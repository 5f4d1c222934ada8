namespace CredibilityApi.Domain;

/// <summary>Where a study campaign is in its life: drafted, open for annotation, closed.</summary>
public enum CampaignState
{
    Draft,
    Open,
    Closed,
}

/// <summary>The period a sampling rule draws its n articles from, per outlet.</summary>
public enum SamplingBucket
{
    /// <summary>ISO weeks, Monday to Sunday (UTC).</summary>
    Week,

    /// <summary>Calendar months (UTC).</summary>
    Month,
}

/// <summary>
/// A study: which articles, annotated how, by whom and by how many. Its articles are given as a list or drawn by a
/// sampling rule; either way they are fixed (as <see cref="CampaignItem"/> rows) when the campaign is opened.
/// </summary>
public sealed class Campaign : VersionedEntity
{
    private Campaign() { }

    public Campaign(CampaignDesign design, string createdBy, DateTime now)
    {
        if (design.Overlap < 1 || design.Overlap > design.Pool.Count)
        {
            throw new DomainException($"The overlap must be between 1 and the pool's size ({design.Pool.Count}).");
        }

        Id = Ids.New("cmp");
        Name = design.Name;
        Description = design.Description;
        Guidelines = design.Guidelines;
        RubricVersion = design.RubricVersion;
        Dimensions = [.. design.Dimensions];
        AskVerdicts = design.AskVerdicts;
        AskFraming = design.AskFraming;
        Overlap = design.Overlap;
        Pool = [.. design.Pool];
        DueAt = design.DueAt;
        ArticleIds = [.. design.ArticleIds];
        OutletIds = [.. design.OutletIds];
        PublishedFrom = design.PublishedFrom;
        PublishedTo = design.PublishedTo;
        PerBucket = design.PerBucket;
        Bucket = design.Bucket;
        Seed = design.Seed;
        Adjudicators = [.. design.Adjudicators ?? []];
        DisagreementThreshold = design.DisagreementThreshold ?? DefaultDisagreementThreshold;
        State = CampaignState.Draft;
        CreatedBy = createdBy;
        Created(now);
    }

    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public string? Guidelines { get; private set; }
    public int RubricVersion { get; private set; }

    /// <summary>Rubric dimensions each annotator rates every article on.</summary>
    public List<string> Dimensions { get; private set; } = [];

    public bool AskVerdicts { get; private set; }
    public bool AskFraming { get; private set; }

    /// <summary>k: how many distinct annotators each article goes to.</summary>
    public int Overlap { get; private set; }

    /// <summary>Account ids of the annotators who may be assigned items.</summary>
    public List<string> Pool { get; private set; } = [];

    public DateTime? DueAt { get; private set; }
    public CampaignState State { get; private set; }

    /// <summary>The explicit article list; empty when the articles are drawn by the rule.</summary>
    public List<string> ArticleIds { get; private set; } = [];

    /// <summary>The rule's outlets; empty means every outlet.</summary>
    public List<string> OutletIds { get; private set; } = [];

    public DateTime? PublishedFrom { get; private set; }
    public DateTime? PublishedTo { get; private set; }
    public int? PerBucket { get; private set; }
    public SamplingBucket? Bucket { get; private set; }
    public long? Seed { get; private set; }

    public bool IsSampled => PerBucket is not null;

    /// <summary>The default of <see cref="DisagreementThreshold"/>, in rubric points (a fifth of a 0-100 scale).</summary>
    public const double DefaultDisagreementThreshold = 20;

    /// <summary>
    /// Account ids who may adjudicate this campaign's disagreements, besides admins (who always may).
    /// </summary>
    public List<string> Adjudicators { get; private set; } = [];

    /// <summary>
    /// X: an item's ratings on a dimension go to adjudication when their range (max − min) is larger than this.
    /// </summary>
    public double DisagreementThreshold { get; private set; } = DefaultDisagreementThreshold;

    /// <summary>Admins adjudicate every campaign; other accounts only the campaigns that name them.</summary>
    public bool MayAdjudicate(string accountId, bool isAdmin) => isAdmin || Adjudicators.Contains(accountId, StringComparer.Ordinal);

    public string CreatedBy { get; private set; } = "";
    public DateTime? OpenedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }

    public void Open(DateTime now)
    {
        if (State != CampaignState.Draft)
        {
            throw new DomainException($"Only a draft campaign can be opened; this one is {State.ToString().ToLowerInvariant()}.");
        }

        State = CampaignState.Open;
        OpenedAt = now;
        Touch(now);
    }

    public void Close(DateTime now)
    {
        if (State == CampaignState.Closed)
        {
            throw new DomainException("The campaign is already closed.");
        }

        State = CampaignState.Closed;
        ClosedAt = now;
        Touch(now);
    }
}

/// <summary>What a campaign is made of, as the admin designed it.</summary>
public sealed record CampaignDesign(
    string Name,
    string? Description,
    string? Guidelines,
    int RubricVersion,
    IReadOnlyList<string> Dimensions,
    bool AskVerdicts,
    bool AskFraming,
    int Overlap,
    IReadOnlyList<string> Pool,
    DateTime? DueAt,
    IReadOnlyList<string> ArticleIds,
    IReadOnlyList<string> OutletIds,
    DateTime? PublishedFrom,
    DateTime? PublishedTo,
    int? PerBucket,
    SamplingBucket? Bucket,
    long? Seed,
    IReadOnlyList<string>? Adjudicators = null,
    double? DisagreementThreshold = null);

/// <summary>One article of an opened campaign, at its place in the drawn order.</summary>
public sealed class CampaignItem
{
    private CampaignItem() { }

    public CampaignItem(string campaignId, string articleId, int position)
    {
        CampaignId = campaignId;
        ArticleId = articleId;
        Position = position;
    }

    public string CampaignId { get; private init; } = "";
    public string ArticleId { get; private init; } = "";

    /// <summary>0-based place in the drawn list; annotators work their items in this order.</summary>
    public int Position { get; private init; }
}

public enum AssignmentState
{
    Pending,
    Submitted,
    Skipped,
}

/// <summary>One article of a campaign given to one annotator.</summary>
public sealed class Assignment
{
    private Assignment() { }

    public Assignment(string campaignId, string articleId, string annotatorId, int position, DateTime now)
    {
        Id = Ids.New("asg");
        CampaignId = campaignId;
        ArticleId = articleId;
        AnnotatorId = annotatorId;
        Position = position;
        State = AssignmentState.Pending;
        AssignedAt = now;
    }

    public string Id { get; private init; } = "";
    public string CampaignId { get; private init; } = "";
    public string ArticleId { get; private init; } = "";
    public string AnnotatorId { get; private init; } = "";

    /// <summary>The item's place in the campaign's drawn list.</summary>
    public int Position { get; private init; }

    public AssignmentState State { get; private set; }
    public DateTime AssignedAt { get; private init; }

    /// <summary>When the annotator's queue first showed this assignment: the start of time on task.</summary>
    public DateTime? FirstFetchedAt { get; private set; }

    public DateTime? SubmittedAt { get; private set; }
    public DateTime? SkippedAt { get; private set; }
    public string? SkipReason { get; private set; }

    /// <summary>The assignment that took this item over when it was skipped.</summary>
    public string? ReassignedToId { get; private set; }

    public int Version { get; private set; } = 1;

    public Assignment Skip(string reason, string nextAnnotatorId, DateTime now)
    {
        if (State != AssignmentState.Pending)
        {
            throw new DomainException($"Only a pending assignment can be skipped; this one is {State.ToString().ToLowerInvariant()}.");
        }

        var next = new Assignment(CampaignId, ArticleId, nextAnnotatorId, Position, now);
        State = AssignmentState.Skipped;
        SkippedAt = now;
        SkipReason = reason;
        ReassignedToId = next.Id;
        Version++;
        return next;
    }
}

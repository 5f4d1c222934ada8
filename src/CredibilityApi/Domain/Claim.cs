namespace CredibilityApi.Domain;

/// <summary>
/// A statement inside an article, anchored in its body, with who made it and the chain by which it
/// reached the outlet. The attribution class is derived, never set.
/// </summary>
public sealed class Claim : VersionedEntity
{
    private Claim() { }

    public Claim(Article article, Anchor anchor, Claimant claimant, IReadOnlyList<AttributionHop> chain, IReadOnlyList<string> tags, string createdBy, DateTime now)
    {
        Id = Ids.New("clm");
        ArticleId = article.Id;
        OutletId = article.OutletId;
        ArticlePublishedAt = article.PublishedAt;
        CreatedBy = createdBy;
        Apply(article, anchor, claimant, chain, tags);
        Created(now);
    }

    public string ArticleId { get; private set; } = "";

    /// <summary>The outlet of the article, kept here so claims can be listed by outlet without a join.</summary>
    public string OutletId { get; private set; } = "";

    /// <summary>The article's publication instant, kept here for date filters.</summary>
    public DateTime ArticlePublishedAt { get; private set; }

    public string Exact { get; private set; } = "";
    public string? Prefix { get; private set; }
    public string? Suffix { get; private set; }
    public int? Start { get; private set; }
    public int? End { get; private set; }

    /// <summary>The SHA-256 of the body the selector was anchored on; null for an article without a body.</summary>
    public string? BodySha256 { get; private set; }

    public string? ClaimantName { get; private set; }
    public SourceType ClaimantType { get; private set; } = SourceType.Unknown;
    public List<AttributionHop> Chain { get; private set; } = [];
    public AttributionClass AttributionClass { get; private set; }
    public List<string> Tags { get; private set; } = [];
    public string CreatedBy { get; private set; } = "";

    public void Edit(Article article, Anchor anchor, Claimant claimant, IReadOnlyList<AttributionHop> chain, IReadOnlyList<string> tags, DateTime now)
    {
        Apply(article, anchor, claimant, chain, tags);
        Touch(now);
    }

    /// <summary>
    /// Moves the claim to the article its own was merged into. The selector and the body hash it was anchored
    /// on stay as they were: the claim still quotes the text it was made on, even where the bodies differ.
    /// </summary>
    public void MoveTo(Article survivor, DateTime now)
    {
        ArticleId = survivor.Id;
        OutletId = survivor.OutletId;
        ArticlePublishedAt = survivor.PublishedAt;
        Touch(now);
    }

    private void Apply(Article article, Anchor anchor, Claimant claimant, IReadOnlyList<AttributionHop> chain, IReadOnlyList<string> tags)
    {
        if (chain.Count > Attribution.MaxHops)
        {
            throw new DomainException($"An attribution chain has at most {Attribution.MaxHops} hops.");
        }

        Exact = anchor.Exact;
        Prefix = anchor.Prefix;
        Suffix = anchor.Suffix;
        Start = anchor.Start;
        End = anchor.End;
        BodySha256 = anchor.Start is null ? null : article.BodySha256;
        ClaimantName = claimant.Name;
        ClaimantType = claimant.Type;
        Chain = [.. chain];
        AttributionClass = Attribution.Classify(claimant.Type, chain);
        Tags = [.. tags];
    }
}

/// <summary>Who made a claim, as the article presents it.</summary>
public sealed record Claimant(string? Name, SourceType Type);

namespace CredibilityApi.Domain;

/// <summary>What kind of agent a claim's source, or a hop in its attribution chain, is.</summary>
public enum SourceType
{
    /// <summary>A named individual.</summary>
    Person,

    /// <summary>A named company, NGO, party, university or other non-governmental body.</summary>
    Organisation,

    /// <summary>A government, ministry, agency, army or other state body.</summary>
    Government,

    /// <summary>A news outlet or agency other than the one that published the article.</summary>
    Outlet,

    /// <summary>A source the article deliberately leaves unnamed ("a senior official said").</summary>
    Anonymous,

    /// <summary>The article does not say who the source is, or the annotator cannot tell.</summary>
    Unknown,
}

/// <summary>Through what a hop's agent passed the claim on.</summary>
public enum Medium
{
    /// <summary>A post on a social network (a tweet, a Telegram message).</summary>
    SocialPost,

    /// <summary>A written press release.</summary>
    PressRelease,

    /// <summary>A spoken or written statement, a press conference.</summary>
    Statement,

    /// <summary>An interview, with the publishing outlet or another.</summary>
    Interview,

    /// <summary>A news agency's wire copy.</summary>
    WireReport,

    /// <summary>An article by another outlet.</summary>
    OtherOutletArticle,

    /// <summary>A report, court filing, dataset or other document.</summary>
    Document,

    /// <summary>The article does not say.</summary>
    Unknown,
}

/// <summary>How a hop relates to the one before it, after W3C PROV.</summary>
public enum Relation
{
    /// <summary>The agent is where the claim originates (<c>prov:hadPrimarySource</c>).</summary>
    PrimarySource,

    /// <summary>The claim was quoted word for word from the agent (<c>prov:wasQuotedFrom</c>).</summary>
    QuotedFrom,

    /// <summary>The claim was restated in other words from the agent.</summary>
    ParaphrasedFrom,
}

/// <summary>
/// How well a claim is attributed, as <see cref="Attribution.Classify"/> defines it.
/// </summary>
public enum AttributionClass
{
    /// <summary>The outlet reports a named source directly, or took the claim from the named source itself.</summary>
    NamedPrimary,

    /// <summary>A named source whose words reached the outlet through at least one intermediary.</summary>
    NamedSecondhand,

    /// <summary>Somewhere in the chain is a source the article deliberately leaves unnamed.</summary>
    Anonymous,

    /// <summary>The article does not say where the claim comes from.</summary>
    Unattributed,
}

/// <summary>
/// One hop of an attribution chain, ordered from the original source towards the outlet that
/// published the article. The publishing outlet itself is not a hop: a spokesman's tweet reported
/// by the outlet is a one-hop chain.
/// </summary>
/// <param name="Agent">Who passed the claim on: a name, or a description such as "a senior official".</param>
/// <param name="AgentType">What kind of agent that is.</param>
/// <param name="Medium">Through what the agent passed the claim on.</param>
/// <param name="Relation">How this hop relates to the previous one (or, for the first hop, to the claim).</param>
/// <param name="Url">Where the agent's version can be read, when it is online.</param>
public sealed record AttributionHop(string Agent, SourceType AgentType, Medium Medium, Relation Relation, string? Url);

/// <summary>
/// Classifies how a claim is attributed, after W3C PROV (<c>hadPrimarySource</c>,
/// <c>wasQuotedFrom</c>). The rules are the product's definition of the classes.
/// </summary>
public static class Attribution
{
    /// <summary>The longest attribution chain the API accepts.</summary>
    public const int MaxHops = 20;

    /// <summary>
    /// Classifies a claim from its claimant's type and its attribution chain (original source first,
    /// publishing outlet excluded).
    /// </summary>
    /// <remarks>
    /// The rules, applied in this order:
    /// <list type="number">
    /// <item>Any hop whose agent is <see cref="SourceType.Anonymous"/>, or an empty chain with an
    /// anonymous claimant: <see cref="AttributionClass.Anonymous"/>. One unnamed link is enough to
    /// make the claim unverifiable by the reader, however named the others are.</item>
    /// <item>Empty chain, claimant null or <see cref="SourceType.Unknown"/>:
    /// <see cref="AttributionClass.Unattributed"/>.</item>
    /// <item>Empty chain, any other claimant (the outlet reports a named claimant directly):
    /// <see cref="AttributionClass.NamedPrimary"/>.</item>
    /// <item>The original source (the first hop) is <see cref="SourceType.Unknown"/>:
    /// <see cref="AttributionClass.Unattributed"/>, since naming who relayed a claim does not say
    /// where it came from.</item>
    /// <item>Exactly one hop (the outlet took it from the named source itself, e.g. a tweet):
    /// <see cref="AttributionClass.NamedPrimary"/>.</item>
    /// <item>Two or more hops (a resident quoted by another newspaper; an analyst quoted by a wire
    /// agency): <see cref="AttributionClass.NamedSecondhand"/>.</item>
    /// </list>
    /// When a chain is given it decides; the claimant's type only matters for an empty chain. Media,
    /// relations and URLs do not affect the class. The length limit <see cref="MaxHops"/> is enforced
    /// where chains are accepted, not here, so stored chains always classify.
    /// </remarks>
    public static AttributionClass Classify(SourceType? claimantType, IReadOnlyList<AttributionHop> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);

        if (chain.Any(hop => hop.AgentType == SourceType.Anonymous) ||
            (chain.Count == 0 && claimantType == SourceType.Anonymous))
        {
            return AttributionClass.Anonymous;
        }

        if (chain.Count == 0)
        {
            return claimantType is null or SourceType.Unknown
                ? AttributionClass.Unattributed
                : AttributionClass.NamedPrimary;
        }

        if (chain[0].AgentType == SourceType.Unknown)
        {
            return AttributionClass.Unattributed;
        }

        return chain.Count == 1 ? AttributionClass.NamedPrimary : AttributionClass.NamedSecondhand;
    }
}

namespace CredibilityApi.Domain;

/// <summary>What a gold answer or an adjudicated value is about: a rating on a dimension, or a verdict on a claim.</summary>
public enum StudyTargetKind
{
    Rating,
    Verdict,
}

/// <summary>
/// A known answer on a campaign item (a gold item): the score on one dimension, with the tolerance within which a
/// rating counts as correct, or the verdict on one of the article's claims. Never shown to annotators.
/// </summary>
public sealed class GoldAnswer
{
    /// <summary>The default tolerance, in rubric points: a rating within 10 points of the known score is correct.</summary>
    public const double DefaultTolerance = 10;

    private GoldAnswer() { }

    private GoldAnswer(string campaignId, string articleId, StudyTargetKind kind, string target, string setBy, DateTime now)
    {
        CampaignId = campaignId;
        ArticleId = articleId;
        Kind = kind;
        Target = target;
        SetBy = setBy;
        SetAt = now;
    }

    public static GoldAnswer ForRating(string campaignId, string articleId, string dimension, double value, double tolerance, string setBy, DateTime now)
    {
        if (tolerance < 0)
        {
            throw new DomainException("The tolerance cannot be negative.");
        }

        return new GoldAnswer(campaignId, articleId, StudyTargetKind.Rating, dimension, setBy, now) { Value = value, Tolerance = tolerance };
    }

    public static GoldAnswer ForVerdict(string campaignId, string articleId, string claimId, Verdict verdict, string setBy, DateTime now) =>
        new(campaignId, articleId, StudyTargetKind.Verdict, claimId, setBy, now) { Verdict = verdict };

    public string CampaignId { get; private init; } = "";
    public string ArticleId { get; private init; } = "";
    public StudyTargetKind Kind { get; private init; }

    /// <summary>The dimension key (ratings) or the claim id (verdicts).</summary>
    public string Target { get; private init; } = "";

    public double? Value { get; private init; }
    public double? Tolerance { get; private init; }
    public Verdict? Verdict { get; private init; }
    public string SetBy { get; private init; } = "";
    public DateTime SetAt { get; private init; }

    /// <summary>Whether an annotator's rating matches: |rating − gold| ≤ tolerance (a small epsilon absorbs decimal rounding).</summary>
    public bool Matches(double rating) => Math.Abs(rating - Value!.Value) <= Tolerance!.Value + 1e-9;
}

/// <summary>
/// An adjudicator's decision on one disagreement of a campaign item: the value on a dimension or the verdict on a claim,
/// with a reason. Kept apart from the annotators' own annotations; a later decision on the same target supersedes an
/// earlier one, and both stay in the log.
/// </summary>
public sealed class Adjudication
{
    private Adjudication() { }

    private Adjudication(string campaignId, string articleId, StudyTargetKind kind, string target, string reason, string adjudicatorId, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("An adjudication needs a reason.");
        }

        Id = Ids.New("adj");
        CampaignId = campaignId;
        ArticleId = articleId;
        Kind = kind;
        Target = target;
        Reason = reason;
        AdjudicatorId = adjudicatorId;
        CreatedAt = now;
    }

    public static Adjudication OfRating(string campaignId, string articleId, string dimension, double value, string reason, string adjudicatorId, DateTime now) =>
        new(campaignId, articleId, StudyTargetKind.Rating, dimension, reason, adjudicatorId, now) { Value = value };

    public static Adjudication OfVerdict(string campaignId, string articleId, string claimId, Verdict verdict, string reason, string adjudicatorId, DateTime now) =>
        new(campaignId, articleId, StudyTargetKind.Verdict, claimId, reason, adjudicatorId, now) { Verdict = verdict };

    public string Id { get; private init; } = "";
    public string CampaignId { get; private init; } = "";
    public string ArticleId { get; private init; } = "";
    public StudyTargetKind Kind { get; private init; }

    /// <summary>The dimension key (ratings) or the claim id (verdicts).</summary>
    public string Target { get; private init; } = "";

    public double? Value { get; private init; }
    public Verdict? Verdict { get; private init; }
    public string Reason { get; private init; } = "";
    public string AdjudicatorId { get; private init; } = "";
    public DateTime CreatedAt { get; private init; }
}

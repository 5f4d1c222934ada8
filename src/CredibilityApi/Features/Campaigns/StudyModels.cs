using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Campaigns;

/// <summary>One annotator's value in a disagreement: a rating (value) or a verdict.</summary>
[SchemaName("AnnotatorValue")]
public sealed class AnnotatorValue
{
    public required string AnnotatorId { get; init; }
    public double? Value { get; init; }
    public Verdict? Verdict { get; init; }
}

/// <summary>One disagreement of an item: a dimension whose ratings spread too far, or a claim given different verdicts.</summary>
[SchemaName("DisagreementModel")]
public sealed class DisagreementModel
{
    public StudyTargetKind Kind { get; init; }

    /// <summary>The dimension (ratings).</summary>
    public string? Dimension { get; init; }

    /// <summary>The claim (verdicts).</summary>
    public string? ClaimId { get; init; }

    /// <summary>max − min of the ratings; null for verdicts.</summary>
    public double? Range { get; init; }

    public required IReadOnlyList<AnnotatorValue> Values { get; init; }
}

/// <summary>A decision recorded by an adjudicator: the value on a dimension or the verdict on a claim, with its reason.</summary>
[SchemaName("AdjudicationModel")]
public sealed class AdjudicationModel
{
    public required string Id { get; init; }
    public required string CampaignId { get; init; }
    public required string ArticleId { get; init; }
    public StudyTargetKind Kind { get; init; }
    public string? Dimension { get; init; }
    public string? ClaimId { get; init; }
    public double? Value { get; init; }
    public Verdict? Verdict { get; init; }
    public required string Reason { get; init; }
    public required string AdjudicatorId { get; init; }
    public DateTime CreatedAt { get; init; }

    /// <summary>Whether a later decision on the same target replaced this one.</summary>
    public bool Superseded { get; init; }

    public static AdjudicationModel From(Adjudication a, bool superseded) => new()
    {
        Id = a.Id,
        CampaignId = a.CampaignId,
        ArticleId = a.ArticleId,
        Kind = a.Kind,
        Dimension = a.Kind == StudyTargetKind.Rating ? a.Target : null,
        ClaimId = a.Kind == StudyTargetKind.Verdict ? a.Target : null,
        Value = a.Value,
        Verdict = a.Verdict,
        Reason = a.Reason,
        AdjudicatorId = a.AdjudicatorId,
        CreatedAt = a.CreatedAt,
        Superseded = superseded,
    };

    internal static DisagreementModel Disagreement(StudyDisagreement d) => new()
    {
        Kind = d.Kind,
        Dimension = d.Kind == StudyTargetKind.Rating ? d.Target : null,
        ClaimId = d.Kind == StudyTargetKind.Verdict ? d.Target : null,
        Range = d.Kind == StudyTargetKind.Rating ? d.Ratings.Max(r => r.Value) - d.Ratings.Min(r => r.Value) : null,
        Values = d.Kind == StudyTargetKind.Rating
            ? [.. d.Ratings.Select(r => new AnnotatorValue { AnnotatorId = r.AnnotatorId, Value = r.Value })]
            : [.. d.Verdicts.Select(v => new AnnotatorValue { AnnotatorId = v.AnnotatorId, Verdict = v.Verdict })],
    };
}

/// <summary>A share of correct answers with its Wilson 95% score interval; share and bounds null without trials.</summary>
[SchemaName("AccuracyModel")]
public sealed class AccuracyModel
{
    public int Correct { get; init; }
    public int Trials { get; init; }
    public double? Share { get; init; }
    public double? Lower95 { get; init; }
    public double? Upper95 { get; init; }

    public static AccuracyModel Of(int correct, int trials)
    {
        var p = Scoring.Wilson.Interval(correct, trials);
        return new AccuracyModel { Correct = correct, Trials = trials, Share = p.Share, Lower95 = p.Lower, Upper95 = p.Upper };
    }
}

internal static class StudyExamples
{
    public const string CampaignId = "cmp_0192f0c3b4c57d6e8f9a0b1c2d3e4f50";
    public const string ArticleId = "art_0192f0c3b4c57d6e8f9a0b1c2d3e4f50";
    public const string AnnotatorA = "acc_0192f0c3b4c57d6e8f9a0b1c2d3e4f51";
    public const string AnnotatorB = "acc_0192f0c3b4c57d6e8f9a0b1c2d3e4f52";
    public const string OutletId = "out_0192f0c3b4c57d6e8f9a0b1c2d3e4f54";

    public static AdjudicationModel Adjudication => new()
    {
        Id = "adj_0192f0c3b4c57d6e8f9a0b1c2d3e4f59",
        CampaignId = CampaignId,
        ArticleId = ArticleId,
        Kind = StudyTargetKind.Rating,
        Dimension = "factual_accuracy",
        Value = 55,
        Reason = "The second paragraph's casualty figure is misquoted; the rest checks out.",
        AdjudicatorId = "acc_0192f0c3b4c57d6e8f9a0b1c2d3e4f58",
        CreatedAt = new DateTime(2026, 4, 2, 10, 0, 0, DateTimeKind.Utc),
    };
}

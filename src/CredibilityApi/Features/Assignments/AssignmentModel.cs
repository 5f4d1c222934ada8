using CredibilityApi.Domain;
using CredibilityApi.Features.Campaigns;
using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Assignments;

/// <summary>One article of a campaign given to one annotator, with what to do with it.</summary>
[SchemaName("Assignment")]
public sealed class AssignmentModel
{
    public required string Id { get; init; }
    public required string CampaignId { get; init; }
    public required string CampaignName { get; init; }

    /// <summary>The annotator the item is assigned to.</summary>
    public required string AnnotatorId { get; init; }
    public required string ArticleId { get; init; }
    public required string ArticleUrl { get; init; }
    public required string ArticleTitle { get; init; }

    /// <summary>What the campaign asks for on this article.</summary>
    public required CampaignTasks Tasks { get; init; }

    /// <summary>The rubric version to rate on.</summary>
    public int RubricVersion { get; init; }

    /// <summary>The item's place in the campaign's drawn list.</summary>
    public int Position { get; init; }

    public AssignmentState State { get; init; }
    public DateTime? DueAt { get; init; }
    public DateTime AssignedAt { get; init; }

    /// <summary>When this assignment was first returned by GET /api/v1/me/assignments.</summary>
    public DateTime? FirstFetchedAt { get; init; }

    /// <summary>When the annotator had rated the article on every dimension of the campaign.</summary>
    public DateTime? SubmittedAt { get; init; }

    public DateTime? SkippedAt { get; init; }
    public string? SkipReason { get; init; }

    /// <summary>The assignment that took the item over after a skip.</summary>
    public string? ReassignedToId { get; init; }
}

/// <summary>Counts of the caller's assignments (in the campaign asked for, or in all).</summary>
[SchemaName("AssignmentProgress")]
public sealed class AssignmentProgress
{
    public int Total { get; init; }
    public int Pending { get; init; }
    public int Submitted { get; init; }
    public int Skipped { get; init; }
}

internal static class AssignmentExamples
{
    public static AssignmentModel Assignment => new()
    {
        Id = "asg_0192f0c3b4c57d6e8f9a0b1c2d3e4f56",
        CampaignId = "cmp_0192f0c3b4c57d6e8f9a0b1c2d3e4f50",
        CampaignName = "Election coverage, spring",
        AnnotatorId = "acc_0192f0c3b4c57d6e8f9a0b1c2d3e4f51",
        ArticleId = "art_0192f0c3b4c57d6e8f9a0b1c2d3e4f50",
        ArticleUrl = "https://herald-example.ir/politics/2026/03/02/budget-vote",
        ArticleTitle = "Parliament passes the budget",
        Tasks = new CampaignTasks { Dimensions = ["factual_accuracy", "slant"] },
        RubricVersion = 1,
        Position = 0,
        State = AssignmentState.Pending,
        AssignedAt = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc),
        FirstFetchedAt = new DateTime(2026, 3, 2, 8, 30, 0, DateTimeKind.Utc),
    };

    public static AssignmentModel Skipped => new()
    {
        Id = "asg_0192f0c3b4c57d6e8f9a0b1c2d3e4f57",
        CampaignId = "cmp_0192f0c3b4c57d6e8f9a0b1c2d3e4f50",
        CampaignName = "Election coverage, spring",
        AnnotatorId = "acc_0192f0c3b4c57d6e8f9a0b1c2d3e4f52",
        ArticleId = "art_0192f0c3b4c57d6e8f9a0b1c2d3e4f50",
        ArticleUrl = "https://herald-example.ir/politics/2026/03/02/budget-vote",
        ArticleTitle = "Parliament passes the budget",
        Tasks = new CampaignTasks { Dimensions = ["factual_accuracy", "slant"] },
        RubricVersion = 1,
        Position = 0,
        State = AssignmentState.Skipped,
        AssignedAt = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc),
        FirstFetchedAt = new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc),
        SkippedAt = new DateTime(2026, 3, 1, 10, 5, 0, DateTimeKind.Utc),
        SkipReason = "The article is behind a paywall I cannot pass.",
        ReassignedToId = "asg_0192f0c3b4c57d6e8f9a0b1c2d3e4f56",
    };
}

using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Campaigns;

/// <summary>What a campaign asks of each annotator for each of its articles.</summary>
[SchemaName("CampaignTasks")]
public sealed class CampaignTasks
{
    /// <summary>Keys of the rubric dimensions to rate every article on (at least one).</summary>
    public List<string> Dimensions { get; init; } = [];

    /// <summary>Whether verdicts on the article's claims are asked for as well.</summary>
    public bool Verdicts { get; init; }

    /// <summary>Whether framing notes are asked for as well.</summary>
    public bool Framing { get; init; }
}

/// <summary>
/// How a campaign draws its articles: from the given outlets (or all), published in [publishedFrom, publishedTo),
/// up to perBucket articles per outlet per week or month, chosen at random from the seed.
/// </summary>
[SchemaName("CampaignSampling")]
public sealed class CampaignSampling
{
    /// <summary>Only articles of these outlets; empty or left out for every outlet.</summary>
    public List<string> OutletIds { get; init; } = [];

    /// <summary>Start of the publication window (inclusive).</summary>
    public DateTime? PublishedFrom { get; init; }

    /// <summary>End of the publication window (exclusive).</summary>
    public DateTime? PublishedTo { get; init; }

    /// <summary>n: at most this many articles per outlet per bucket.</summary>
    public int? PerBucket { get; init; }

    public SamplingBucket Bucket { get; init; }

    /// <summary>The seed of the draw and of the assignment: the same rule and seed on the same articles give the same list.</summary>
    public long? Seed { get; init; }
}

/// <summary>A study campaign.</summary>
[SchemaName("Campaign")]
public sealed class CampaignModel
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// <summary>The annotation guidelines, as text.</summary>
    public string? Guidelines { get; init; }

    /// <summary>The rubric version the ratings are made on.</summary>
    public int RubricVersion { get; init; }

    public required CampaignTasks Tasks { get; init; }

    /// <summary>k: how many distinct annotators each article goes to.</summary>
    public int Overlap { get; init; }

    /// <summary>Account ids of the annotators items are assigned to.</summary>
    public required IReadOnlyList<string> Pool { get; init; }

    public DateTime? DueAt { get; init; }

    /// <summary>Accounts who may adjudicate besides admins.</summary>
    public required IReadOnlyList<string> Adjudicators { get; init; }

    /// <summary>X: a rating range (max − min) larger than this sends an item's dimension to adjudication.</summary>
    public double DisagreementThreshold { get; init; }

    public CampaignState State { get; init; }

    /// <summary>The sampling rule; null when the articles were given as a list.</summary>
    public CampaignSampling? Sampling { get; init; }

    /// <summary>The article list as given; null when the articles are drawn by the rule.</summary>
    public IReadOnlyList<string>? ArticleIds { get; init; }

    /// <summary>The campaign's articles in their drawn order, fixed when it was opened; empty while it is a draft.</summary>
    public required IReadOnlyList<string> Items { get; init; }

    public required string CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? OpenedAt { get; init; }
    public DateTime? ClosedAt { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("etag")]
    public required string ETag { get; init; }

    public static CampaignModel From(Campaign c, IReadOnlyList<string> items) => new()
    {
        Id = c.Id,
        Name = c.Name,
        Description = c.Description,
        Guidelines = c.Guidelines,
        RubricVersion = c.RubricVersion,
        Tasks = new CampaignTasks { Dimensions = [.. c.Dimensions], Verdicts = c.AskVerdicts, Framing = c.AskFraming },
        Overlap = c.Overlap,
        Pool = c.Pool,
        DueAt = c.DueAt,
        Adjudicators = c.Adjudicators,
        DisagreementThreshold = c.DisagreementThreshold,
        State = c.State,
        Sampling = c.IsSampled
            ? new CampaignSampling
            {
                OutletIds = [.. c.OutletIds],
                PublishedFrom = c.PublishedFrom,
                PublishedTo = c.PublishedTo,
                PerBucket = c.PerBucket,
                Bucket = c.Bucket ?? SamplingBucket.Week,
                Seed = c.Seed,
            }
            : null,
        ArticleIds = c.IsSampled ? null : c.ArticleIds,
        Items = items,
        CreatedBy = c.CreatedBy,
        CreatedAt = c.CreatedAt,
        UpdatedAt = c.UpdatedAt,
        OpenedAt = c.OpenedAt,
        ClosedAt = c.ClosedAt,
        ETag = ETags.For(c.Version),
    };
}

internal static class CampaignData
{
    public static Task<List<string>> ItemsAsync(Data.CredibilityDbContext db, string campaignId, CancellationToken ct) =>
        db.CampaignItems.Where(i => i.CampaignId == campaignId).OrderBy(i => i.Position).Select(i => i.ArticleId).ToListAsync(ct);
}

internal static class CampaignExamples
{
    public static CampaignModel Campaign => new()
    {
        Id = "cmp_0192f0c3b4c57d6e8f9a0b1c2d3e4f50",
        Name = "Election coverage, spring",
        Description = "Sourcing and slant of election coverage in three outlets.",
        Guidelines = "Rate the article as published; ignore reader comments.",
        RubricVersion = 1,
        Tasks = new CampaignTasks { Dimensions = ["factual_accuracy", "slant"] },
        Overlap = 3,
        Pool = ["acc_0192f0c3b4c57d6e8f9a0b1c2d3e4f51", "acc_0192f0c3b4c57d6e8f9a0b1c2d3e4f52", "acc_0192f0c3b4c57d6e8f9a0b1c2d3e4f53"],
        Adjudicators = ["acc_0192f0c3b4c57d6e8f9a0b1c2d3e4f58"],
        DisagreementThreshold = 20,
        State = CampaignState.Draft,
        Sampling = new CampaignSampling
        {
            OutletIds = ["out_0192f0c3b4c57d6e8f9a0b1c2d3e4f54"],
            PublishedFrom = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc),
            PublishedTo = new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc),
            PerBucket = 5,
            Bucket = SamplingBucket.Week,
            Seed = 20260301,
        },
        Items = [],
        CreatedBy = "acc_0192f0c3b4c57d6e8f9a0b1c2d3e4f55",
        CreatedAt = new DateTime(2026, 2, 20, 9, 0, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2026, 2, 20, 9, 0, 0, DateTimeKind.Utc),
        ETag = "\"1\"",
    };
}

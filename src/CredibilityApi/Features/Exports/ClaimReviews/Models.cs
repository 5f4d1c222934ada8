using System.Text.Json.Serialization;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Exports.ClaimReviews;

/// <summary>A verdict on a claim as a schema.org <c>ClaimReview</c> (JSON-LD), one per verdict annotation.</summary>
[SchemaName("ClaimReview")]
public sealed class ClaimReviewModel
{
    [JsonPropertyName("@context")]
    public string Context { get; init; } = "https://schema.org";

    [JsonPropertyName("@type")]
    public string Type { get; init; } = "ClaimReview";

    /// <summary>The API URL of the verdict annotation.</summary>
    public required string Url { get; init; }

    /// <summary>The words of the claim, as quoted in the article.</summary>
    public required string ClaimReviewed { get; init; }

    public required ClaimReviewItemModel ItemReviewed { get; init; }

    /// <summary>The annotator who gave the verdict: a Person with the account's display name, and its id as identifier.</summary>
    public required ClaimReviewAgentModel Author { get; init; }

    /// <summary>This API, as an Organization with its public base URL (Api:PublicBaseUrl).</summary>
    public required ClaimReviewAgentModel Publisher { get; init; }

    /// <summary>When the verdict was first recorded.</summary>
    public DateTime DatePublished { get; init; }

    /// <summary>When the verdict annotation last changed.</summary>
    public DateTime DateModified { get; init; }

    public required ClaimReviewRatingModel ReviewRating { get; init; }
}

/// <summary>The claim reviewed: who made it, and the article it appeared in.</summary>
[SchemaName("ClaimReviewItem")]
public sealed class ClaimReviewItemModel
{
    [JsonPropertyName("@type")]
    public string Type { get; init; } = "Claim";

    /// <summary>The claimant; left out when the article does not say who made the claim.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClaimReviewAgentModel? Author { get; init; }

    public required ClaimReviewAppearanceModel Appearance { get; init; }
}

/// <summary>A schema.org <c>Person</c> or <c>Organization</c>.</summary>
[SchemaName("ClaimReviewAgent")]
public sealed class ClaimReviewAgentModel
{
    /// <summary>Person or Organization.</summary>
    [JsonPropertyName("@type")]
    public required string Type { get; init; }

    public required string Name { get; init; }

    /// <summary>For an annotator, the account id (acc_...), as in the annotation exports' author ids; absent for a claimant.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Identifier { get; init; }

    /// <summary>For the publisher, this API's public base URL; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    internal static ClaimReviewAgentModel Api(PublicUrls urls) => new() { Type = "Organization", Name = "CredibilityApi", Url = urls.Base };
}

/// <summary>Where the claim appeared: the article.</summary>
[SchemaName("ClaimReviewAppearance")]
public sealed class ClaimReviewAppearanceModel
{
    [JsonPropertyName("@type")]
    public string Type { get; init; } = "CreativeWork";

    /// <summary>The article's canonical URL.</summary>
    public required string Url { get; init; }
}

/// <summary>
/// The verdict as a schema.org <c>Rating</c>: <c>alternateName</c> names it, <c>ratingValue</c> places it on
/// a 1 (false) to 5 (accurate) scale.
/// </summary>
[SchemaName("ClaimReviewRating")]
public sealed class ClaimReviewRatingModel
{
    [JsonPropertyName("@type")]
    public string Type { get; init; } = "Rating";

    /// <summary>The verdict in words: Accurate, Mostly accurate, Mixed, Misleading, False or Unverifiable.</summary>
    public required string AlternateName { get; init; }

    /// <summary>false 1, misleading 2, mixed 3, mostlyAccurate 4, accurate 5; left out for unverifiable, which is not a point on that scale.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RatingValue { get; init; }

    public int BestRating { get; init; } = VerdictScale.Best;

    public int WorstRating { get; init; } = VerdictScale.Worst;

    internal static ClaimReviewRatingModel For(Verdict verdict) => new()
    {
        AlternateName = VerdictScale.Name(verdict),
        RatingValue = VerdictScale.Value(verdict),
    };
}

/// <summary>
/// The verdicts on the usual fact-check scale, worst (false) to best (accurate). Unverifiable says the
/// claim could not be checked, not how true it is, so it has no value on the scale.
/// </summary>
internal static class VerdictScale
{
    public const int Worst = 1;
    public const int Best = 5;

    public static int? Value(Verdict verdict) => verdict switch
    {
        Verdict.False => 1,
        Verdict.Misleading => 2,
        Verdict.Mixed => 3,
        Verdict.MostlyAccurate => 4,
        Verdict.Accurate => 5,
        _ => null,
    };

    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Accurate => "Accurate",
        Verdict.MostlyAccurate => "Mostly accurate",
        Verdict.Mixed => "Mixed",
        Verdict.Misleading => "Misleading",
        Verdict.False => "False",
        _ => "Unverifiable",
    };

    /// <summary>The schema.org type of a claimant: people (and unnamed sources) are a Person, any body an Organization.</summary>
    public static string AgentType(SourceType type) =>
        type is SourceType.Organisation or SourceType.Government or SourceType.Outlet ? "Organization" : "Person";
}

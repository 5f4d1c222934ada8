using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using Mapster;

namespace CredibilityApi.Features.Articles;

/// <summary>An article without its body, as lists return it.</summary>
[SchemaName("ArticleSummary")]
public record ArticleSummaryModel
{
    public required string Id { get; init; }

    public required string OutletId { get; init; }

    /// <summary>The canonical URL: lower-case host, no fragment, no tracking parameters, sorted query.</summary>
    public required string Url { get; init; }

    public required string Title { get; init; }

    public required IReadOnlyList<string> Authors { get; init; }

    /// <summary>Publication instant, UTC. Scores are bucketed by it.</summary>
    public DateTime PublishedAt { get; init; }

    /// <summary>BCP 47 language tag.</summary>
    public string? Language { get; init; }

    /// <summary>SHA-256 (hex) of the body's UTF-8 bytes; null without a body.</summary>
    public string? BodySha256 { get; init; }

    /// <summary>Body length in UTF-16 code units, the unit of text positions; null without a body.</summary>
    public int? BodyLength { get; init; }

    /// <summary>The account that registered the article.</summary>
    public required string CreatedBy { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>The current ETag, as in the ETag header.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("etag")]
    public required string ETag { get; init; }
}

/// <summary>An article with its body text.</summary>
[SchemaName("Article")]
public sealed record ArticleModel : ArticleSummaryModel
{
    /// <summary>Plain-text body, exactly as registered; claims and framing spans are anchored in it.</summary>
    public string? Body { get; init; }
}

internal sealed class ArticleMapping : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<Article, ArticleSummaryModel>()
            .Map(d => d.ETag, s => "\"" + s.Version + "\"");
        config.NewConfig<Article, ArticleModel>()
            .Map(d => d.ETag, s => "\"" + s.Version + "\"");
    }
}

/// <summary>Another URL an article was seen under: a second registration, the page's canonical URL, or a merged duplicate.</summary>
[SchemaName("ArticleAlias")]
public sealed record ArticleAliasModel
{
    /// <summary>The URL exactly as it was sent.</summary>
    public required string Url { get; init; }

    /// <summary>The account whose request recorded it.</summary>
    public required string CreatedBy { get; init; }

    public DateTime CreatedAt { get; init; }
}

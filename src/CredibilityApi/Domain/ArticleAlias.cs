namespace CredibilityApi.Domain;

/// <summary>
/// Another URL an article was seen under: registered again under it (409), given as the page's canonical URL,
/// or the URL of a duplicate merged into it. Lookup by URL finds the article through its aliases too.
/// </summary>
public sealed class ArticleAlias
{
    private ArticleAlias() { }

    public ArticleAlias(string articleId, string url, string identityHash, string createdBy, DateTime now)
    {
        ArticleId = articleId;
        Url = url;
        UrlHash = ArticleUrl.Hash(url);
        IdentityHash = identityHash;
        CreatedBy = createdBy;
        CreatedAt = now;
    }

    public long Id { get; private init; }
    public string ArticleId { get; private set; } = "";

    /// <summary>The URL as it was given (trimmed), not canonicalised, so the record says what was sent.</summary>
    public string Url { get; private init; } = "";

    /// <summary>SHA-256 of <see cref="Url"/>; unique, so each URL is an alias once.</summary>
    public string UrlHash { get; private init; } = "";

    /// <summary>SHA-256 of the URL's identity key, as on <see cref="Article.IdentityHash"/>.</summary>
    public string IdentityHash { get; private set; } = "";

    public string CreatedBy { get; private init; } = "";
    public DateTime CreatedAt { get; private init; }

    public void SetIdentity(string identityHash) => IdentityHash = identityHash;

    /// <summary>The alias follows its article when that article is merged into another.</summary>
    public void MoveTo(string articleId) => ArticleId = articleId;
}

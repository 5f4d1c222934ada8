using System.Security.Cryptography;
using System.Text;

namespace CredibilityApi.Domain;

public sealed class Article : VersionedEntity
{
    private Article() { }

    public Article(
        string outletId,
        string normalizedUrl,
        string identityHash,
        string title,
        IReadOnlyList<string> authors,
        DateTime publishedAt,
        string? language,
        string? body,
        string createdBy,
        DateTime now)
    {
        Id = Ids.New("art");
        OutletId = outletId;
        Url = normalizedUrl;
        UrlHash = ArticleUrl.Hash(normalizedUrl);
        IdentityHash = identityHash;
        Title = title;
        Authors = [.. authors];
        PublishedAt = DateTime.SpecifyKind(publishedAt.ToUniversalTime(), DateTimeKind.Utc);
        Language = language;
        CreatedBy = createdBy;
        SetBody(body);
        Created(now);
    }

    public string OutletId { get; private set; } = "";
    public string Url { get; private set; } = "";
    public string UrlHash { get; private set; } = "";
    /// <summary>
    /// SHA-256 of the URL's <see cref="ArticleUrl.IdentityKey"/>: one story, one key, whatever URL it was
    /// reached by. It depends on the outlet's domains, so it is recomputed when they change.
    /// </summary>
    public string IdentityHash { get; private set; } = "";

    /// <summary>Set when an admin merged this article into another: the article is then a tombstone.</summary>
    public string? MergedIntoId { get; private set; }

    public DateTime? MergedAt { get; private set; }

    public string? MergedBy { get; private set; }

    public string Title { get; private set; } = "";
    public List<string> Authors { get; private set; } = [];
    public DateTime PublishedAt { get; private set; }
    public string? Language { get; private set; }
    public string? Body { get; private set; }

    /// <summary>SHA-256 (lower-case hex) of the body's UTF-8 bytes; selectors are anchored against it.</summary>
    public string? BodySha256 { get; private set; }

    /// <summary>Length of the body in UTF-16 code units, the unit of text positions.</summary>
    public int? BodyLength { get; private set; }

    public string CreatedBy { get; private set; } = "";

    /// <summary>Sets the identity key after the outlet's domains changed, or for a row written before it existed.</summary>
    public void SetIdentity(string identityHash) => IdentityHash = identityHash;

    /// <summary>Claims, annotations and URLs now live on <paramref name="survivor"/>; this row stays as a tombstone.</summary>
    public void MergeInto(Article survivor, string adminId, DateTime now)
    {
        if (survivor.Id == Id)
        {
            throw new DomainException("An article cannot be merged into itself.");
        }

        if (MergedIntoId is not null || survivor.MergedIntoId is not null)
        {
            throw new DomainException("An article that was merged away cannot take part in another merge.");
        }

        MergedIntoId = survivor.Id;
        MergedAt = now;
        MergedBy = adminId;
        Touch(now);
    }

    private void SetBody(string? body)
    {
        if (body is null)
        {
            return;
        }

        // Line endings are part of the text that offsets count, so they are kept exactly as sent.
        var bytes = Encoding.UTF8.GetBytes(body);
        if (bytes.Length > Limits.ArticleBodyBytes)
        {
            throw new DomainException($"An article body may have at most {Limits.ArticleBodyBytes} bytes of UTF-8.");
        }

        Body = body;
        BodySha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        BodyLength = body.Length;
    }
}

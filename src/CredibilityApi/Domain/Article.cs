using System.Security.Cryptography;
using System.Text;

namespace CredibilityApi.Domain;

public sealed class Article : VersionedEntity
{
    private Article() { }

    public Article(
        string outletId,
        string normalizedUrl,
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

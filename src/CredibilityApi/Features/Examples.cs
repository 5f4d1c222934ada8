using CredibilityApi.Domain;
using CredibilityApi.Features.Accounts;
using CredibilityApi.Features.Articles;
using CredibilityApi.Features.Keys;
using CredibilityApi.Features.Outlets;

namespace CredibilityApi.Features;

/// <summary>Sample bodies for the OpenAPI document, one per resource shape, from the product's running example.</summary>
internal static class Examples
{
    private static readonly DateTime Registered = new(2026, 11, 2, 10, 15, 0, DateTimeKind.Utc);

    public static OutletModel Outlet => new()
    {
        Id = "out_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f",
        Name = "Tehran Evening Herald",
        Homepage = "https://www.herald-example.ir/",
        PrimaryDomain = "herald-example.ir",
        Aliases = ["herald-example.co.uk"],
        Country = "IR",
        Language = "fa",
        Ownership = Ownership.State,
        Notes = "English edition served from the .co.uk mirror.",
        CreatedAt = Registered,
        UpdatedAt = Registered,
        ETag = "\"1\"",
    };

    public static ArticleModel Article => new()
    {
        Id = "art_0192f0c3b4c57d6e8f9a0b1c2d3e4f50",
        OutletId = Outlet.Id,
        Url = "https://www.herald-example.co.uk/world/2021/03/advance.html",
        Title = "Forces report rapid advance in the north",
        Authors = ["Staff reporter"],
        PublishedAt = new DateTime(2021, 3, 14, 9, 30, 0, DateTimeKind.Utc),
        Language = "en",
        Body = "Forces advanced 40 km overnight, a spokesman said on Twitter. An unnamed official confirmed the report.",
        BodySha256 = "5b0e3f5ad1b7cc0e8d1f3c0c38b6a1d3f0a7c9e2b4d6f8a0c2e4f6a8b0d2e4f6",
        BodyLength = 104,
        CreatedBy = Account.Id,
        CreatedAt = Registered,
        ETag = "\"1\"",
    };

    public static ArticleSummaryModel ArticleSummary => Article with { Body = null };

    public static AccountModel Account => new()
    {
        Id = "acc_0192f0b9e8d77a6b5c4d3e2f1a0b9c8d",
        Name = "Ana Annotator",
        Email = "ana@example.org",
        Role = Role.Annotator,
        CreatedAt = Registered,
        ETag = "\"1\"",
    };

    public static KeyModel Key => new()
    {
        Id = "key_0192f0ba1c2d3e4f5a6b7c8d9e0f1a2b",
        AccountId = Account.Id,
        Prefix = "cred_q3Zx9Lm",
        Name = "laptop",
        CreatedAt = Registered,
        ExpiresAt = new DateTime(2027, 12, 31, 0, 0, 0, DateTimeKind.Utc),
    };

    public static IssuedKeyModel IssuedKey => new()
    {
        Id = Key.Id,
        AccountId = Key.AccountId,
        Prefix = Key.Prefix,
        Name = Key.Name,
        CreatedAt = Key.CreatedAt,
        ExpiresAt = Key.ExpiresAt,
        Key = "cred_q3Zx9LmVt0b8Yk2Qw4Rr6Ss8Tt0Uu2Vv4Ww6Xx8Yy0Zz",
    };

    public const string Cursor = "WyIyMDIxLTAzLTE0VDA5OjMwOjAwLjAwMDAwMDBaIiwiYXJ0XzAxOTIifQ";
}

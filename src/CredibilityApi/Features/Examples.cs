using CredibilityApi.Domain;
using CredibilityApi.Features.Accounts;
using CredibilityApi.Features.Annotations;
using CredibilityApi.Features.Claims;
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
        RegisteredBy = Account.Id,
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

    // A summary of its own type: 'Article with { Body = null }' would still be an ArticleModel and serialize "body".
    public static ArticleSummaryModel ArticleSummary => Article is var a ? new ArticleSummaryModel
    {
        Id = a.Id,
        OutletId = a.OutletId,
        Url = a.Url,
        Title = a.Title,
        Authors = a.Authors,
        PublishedAt = a.PublishedAt,
        Language = a.Language,
        BodySha256 = a.BodySha256,
        BodyLength = a.BodyLength,
        CreatedBy = a.CreatedBy,
        CreatedAt = a.CreatedAt,
        ETag = a.ETag,
    } : null!;

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
        Prefix = "key-7hq2xzr4",
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

    public static ClaimModel Claim => new()
    {
        Id = "clm_0192f0c5d6e77f8091a2b3c4d5e6f708",
        ArticleId = Article.Id,
        OutletId = Outlet.Id,
        ArticlePublishedAt = Article.PublishedAt,
        Anchor = new AnchorModel { Exact = "Forces advanced 40 km overnight", Prefix = null, Suffix = ", a spokesman said on Twitter. A", Start = 0, End = 31, BodySha256 = Article.BodySha256 },
        Claimant = new ClaimantModel { Name = "Army spokesman", Type = SourceType.Government },
        Attribution = [new HopModel { Agent = "Army spokesman", AgentType = SourceType.Government, Medium = Medium.SocialPost, Relation = Relation.PrimarySource, Url = "https://social.example/spokesman/status/123" }],
        AttributionClass = AttributionClass.NamedPrimary,
        Tags = [],
        CreatedBy = Account.Id,
        CreatedAt = Registered,
        UpdatedAt = Registered,
        ETag = "\"1\"",
    };

    public static AnnotationModel Provenance => new()
    {
        Id = "ann_0192f0c7e8f9a0b1c2d3e4f5a6b7c8d9",
        Kind = AnnotationKind.Provenance,
        Target = new TargetModel { Type = TargetType.Claim, Id = Claim.Id },
        OutletId = Outlet.Id,
        ArticleId = Article.Id,
        ClaimId = Claim.Id,
        ArticlePublishedAt = Article.PublishedAt,
        AuthorId = Account.Id,
        Revision = 1,
        Status = AnnotationStatus.Active,
        Tags = ["primary-source-archived"],
        Provenance = new ProvenanceModel
        {
            Aspect = ProvenanceAspect.Verdict,
            Verdict = Verdict.Misleading,
            Explanation = "The spokesman's post claims 40 km; the army's own map the same day shows 12 km.",
            EvidenceUrls = ["https://archive.example.org/post/123"],
            PrimarySourceLocated = true,
            PrimarySourceUrl = "https://social.example/spokesman/status/123",
        },
        CreatedAt = Registered,
        UpdatedAt = Registered,
        ETag = "\"1\"",
    };

    public static AnnotationModel Framing => Provenance with
    {
        Id = "ann_0192f0c8f9a0b1c2d3e4f5a6b7c8d9e0",
        Kind = AnnotationKind.Framing,
        Target = new TargetModel { Type = TargetType.Article, Id = Article.Id },
        ClaimId = null,
        Tags = [],
        Provenance = null,
        Framing = new FramingModel
        {
            Technique = "name-calling-labeling",
            Severity = 2,
            Beneficiary = "government forces",
            Comment = "The opposing side is only ever called 'marauding militants'.",
            Span = new AnchorModel { Exact = "marauding militants", Prefix = "pushed back the ", Suffix = " from the ridge.", Start = 140, End = 159, BodySha256 = Article.BodySha256 },
        },
    };

    public static AnnotationModel Rating => Provenance with
    {
        Id = "ann_0192f0c9a0b1c2d3e4f5a6b7c8d9e0f1",
        Kind = AnnotationKind.Rating,
        Target = new TargetModel { Type = TargetType.Article, Id = Article.Id },
        ClaimId = null,
        Tags = [],
        Provenance = null,
        Rating = new RatingModel { Dimension = "factual_accuracy", Value = 35, Confidence = 0.7, RubricVersion = 1 },
    };

    public const string Cursor = "WyIyMDIxLTAzLTE0VDA5OjMwOjAwLjAwMDAwMDBaIiwiYXJ0XzAxOTJmMGMzYjRjNTdkNmU4ZjlhMGIxYzJkM2U0ZjUwIl0";
}

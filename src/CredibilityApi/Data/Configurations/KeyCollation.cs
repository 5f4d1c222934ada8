using CredibilityApi.Aggregation;
using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Data.Configurations;

/// <summary>
/// Key-like text compared byte for byte on SQL Server, whose default collation is case-insensitive: there
/// <c>slant</c> would equal <c>SLANT</c>, two idempotency keys differing in case would be one, and a hash or a
/// host would match a case variant. SQLite compares text in binary already, so only the SQL Server model
/// carries these collations. Server-generated ids keep the database default: they are written in one case
/// by the server, are part of most keys and foreign keys, and a case variant of one finds the same row.
/// </summary>
internal static class KeyCollation
{
    /// <summary>Binary, in code-point order; served by every SQL Server since 2008 and by Azure SQL.</summary>
    public const string Binary = "Latin1_General_100_BIN2";

    /// <summary>(entity, property) of every key-like text column.</summary>
    public static readonly IReadOnlyList<(Type Entity, string Property)> Columns =
    [
        (typeof(IdempotencyRecord), nameof(IdempotencyRecord.Key)),
        (typeof(IdempotencyRecord), nameof(IdempotencyRecord.RequestHash)),
        (typeof(ApiKey), nameof(ApiKey.Hash)),
        (typeof(Article), nameof(Article.UrlHash)),
        (typeof(Article), nameof(Article.IdentityHash)),
        (typeof(Article), nameof(Article.BodySha256)),
        (typeof(ArticleAlias), nameof(ArticleAlias.UrlHash)),
        (typeof(ArticleAlias), nameof(ArticleAlias.IdentityHash)),
        (typeof(OutletDomain), nameof(OutletDomain.Host)),
        (typeof(OutletDomain), nameof(OutletDomain.SkeletonKey)),
        (typeof(Outlet), nameof(Outlet.NameKey)),
        (typeof(RubricDimension), nameof(RubricDimension.Key)),
        (typeof(Technique), nameof(Technique.Key)),
        (typeof(Tag), nameof(Tag.Key)),
        (typeof(Annotation), nameof(Annotation.Dimension)),
        (typeof(Annotation), nameof(Annotation.Technique)),
        (typeof(Annotation), nameof(Annotation.SpanBodySha256)),
        (typeof(Claim), nameof(Claim.BodySha256)),
        (typeof(PendingRollup), nameof(PendingRollup.Dimension)),
        (typeof(ArticleDimensionStats), nameof(ArticleDimensionStats.Dimension)),
        (typeof(OutletDayStats), nameof(OutletDayStats.Dimension)),
        (typeof(OutletDayAnnotator), nameof(OutletDayAnnotator.Dimension)),
        (typeof(BucketPrior), nameof(BucketPrior.Dimension)),
        (typeof(OutletBucketStats), nameof(OutletBucketStats.Dimension)),
        (typeof(DimensionFit), nameof(DimensionFit.Dimension)),
        (typeof(AnnotatorLeniencyEstimate), nameof(AnnotatorLeniencyEstimate.Dimension)),
        (typeof(BucketPriorV2), nameof(BucketPriorV2.Dimension)),
    ];

    public static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var (entity, property) in Columns)
        {
            modelBuilder.Entity(entity).Property(property).UseCollation(Binary);
        }
    }
}

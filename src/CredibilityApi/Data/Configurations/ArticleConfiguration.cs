using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CredibilityApi.Data.Configurations;

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.OutletId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.Url).HasMaxLength(Limits.UrlLength);
        builder.Property(a => a.UrlHash).HasMaxLength(Limits.Sha256HexLength).IsFixedLength();
        builder.Property(a => a.IdentityHash).HasMaxLength(Limits.Sha256HexLength).IsFixedLength();
        builder.Property(a => a.MergedIntoId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.MergedBy).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.Title).HasMaxLength(Limits.TitleLength);
        builder.Property(a => a.Language).HasMaxLength(Limits.LanguageLength);
        builder.Property(a => a.BodySha256).HasMaxLength(Limits.Sha256HexLength).IsFixedLength();
        builder.Property(a => a.CreatedBy).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.PrimitiveCollection(a => a.Authors);
        builder.HasOne<Outlet>().WithMany().HasForeignKey(a => a.OutletId).OnDelete(DeleteBehavior.Restrict);

        // A URL can be longer than an index key may be, so uniqueness is on its hash.
        builder.HasIndex(a => a.UrlHash).IsUnique();

        // Not unique, on purpose: databases from before article identity hold duplicates (the same story under
        // www. and without, or on two mirror domains), and declaring an outlet's domains mirrors later can make
        // two existing articles one. Registration checks the key before it inserts (409), and an admin merges
        // the duplicates that exist (POST /articles/{id}/merge). The exact canonical URL stays unique above.
        builder.HasIndex(a => a.IdentityHash);

        // An article merged into another stays as a tombstone (its id answers 404 naming the survivor); every
        // ordinary query leaves tombstones out. Merge and Get ask for them with IgnoreQueryFilters.
        builder.HasQueryFilter(a => a.MergedIntoId == null);

        // Lists by outlet and publication window, in the keyset order (PublishedAt, Id).
        builder.HasIndex(a => new { a.OutletId, a.PublishedAt, a.Id });
        builder.HasIndex(a => new { a.PublishedAt, a.Id });
    }
}

internal sealed class ArticleAliasConfiguration : IEntityTypeConfiguration<ArticleAlias>
{
    public void Configure(EntityTypeBuilder<ArticleAlias> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ArticleId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.Url).HasMaxLength(Limits.UrlLength);
        builder.Property(a => a.UrlHash).HasMaxLength(Limits.Sha256HexLength).IsFixedLength();
        builder.Property(a => a.IdentityHash).HasMaxLength(Limits.Sha256HexLength).IsFixedLength();
        builder.Property(a => a.CreatedBy).HasMaxLength(Limits.IdLength);

        // The foreign key is to the row, tombstones included, so aliases never dangle.
        builder.HasOne<Article>().WithMany().HasForeignKey(a => a.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.UrlHash).IsUnique();
        builder.HasIndex(a => a.IdentityHash);
        builder.HasIndex(a => new { a.ArticleId, a.Id });
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.HasKey(r => new { r.AccountId, r.Key });
        builder.Property(r => r.AccountId).HasMaxLength(Limits.IdLength);
        builder.Property(r => r.Key).HasMaxLength(Limits.IdempotencyKeyLength);
        builder.Property(r => r.RequestHash).HasMaxLength(Limits.Sha256HexLength);
        builder.Property(r => r.ContentType).HasMaxLength(200);
        builder.Property(r => r.Location).HasMaxLength(Limits.UrlLength);
        builder.Property(r => r.ETag).HasMaxLength(100);
        builder.HasIndex(r => r.CreatedAt);
    }
}

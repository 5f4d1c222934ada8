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
        builder.Property(a => a.Title).HasMaxLength(Limits.TitleLength);
        builder.Property(a => a.Language).HasMaxLength(Limits.LanguageLength);
        builder.Property(a => a.BodySha256).HasMaxLength(Limits.Sha256HexLength).IsFixedLength();
        builder.Property(a => a.CreatedBy).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.PrimitiveCollection(a => a.Authors);
        builder.HasOne<Outlet>().WithMany().HasForeignKey(a => a.OutletId).OnDelete(DeleteBehavior.Restrict);

        // A URL can be longer than an index key may be, so uniqueness is on its hash.
        builder.HasIndex(a => a.UrlHash).IsUnique();

        // Lists by outlet and publication window, in the keyset order (PublishedAt, Id).
        builder.HasIndex(a => new { a.OutletId, a.PublishedAt, a.Id });
        builder.HasIndex(a => new { a.PublishedAt, a.Id });
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

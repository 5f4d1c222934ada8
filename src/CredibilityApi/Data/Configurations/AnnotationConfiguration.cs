using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CredibilityApi.Data.Configurations;

internal sealed class AnnotationConfiguration(bool sqlServer) : IEntityTypeConfiguration<Annotation>
{
    public AnnotationConfiguration()
        : this(false)
    {
    }

    public void Configure(EntityTypeBuilder<Annotation> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.TargetId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.OutletId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.ArticleId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.ClaimId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.AuthorId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.HiddenBy).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.RetractionReason).HasMaxLength(Limits.ReasonLength);
        builder.Property(a => a.HiddenReason).HasMaxLength(Limits.ReasonLength);
        builder.Property(a => a.Explanation).HasMaxLength(Limits.ExplanationLength);
        builder.Property(a => a.PrimarySourceUrl).HasMaxLength(Limits.UrlLength);
        builder.Property(a => a.Technique).HasMaxLength(Limits.KeyLength);
        builder.Property(a => a.Beneficiary).HasMaxLength(Limits.NameLength);
        builder.Property(a => a.Stance).HasMaxLength(Limits.NameLength);
        builder.Property(a => a.Comment).HasMaxLength(Limits.ExplanationLength);
        builder.Property(a => a.SpanExact).HasMaxLength(Limits.QuoteLength);
        builder.Property(a => a.SpanPrefix).HasMaxLength(Limits.SelectorContextLength);
        builder.Property(a => a.SpanSuffix).HasMaxLength(Limits.SelectorContextLength);
        builder.Property(a => a.SpanBodySha256).HasMaxLength(Limits.Sha256HexLength).IsFixedLength();
        builder.Property(a => a.Dimension).HasMaxLength(Limits.KeyLength);
        builder.Property(a => a.CampaignId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.PrimitiveCollection(a => a.Tags);
        builder.PrimitiveCollection(a => a.EvidenceUrls);
        builder.Ignore(a => a.IsCurrent);

        builder.HasIndex(a => new { a.TargetType, a.TargetId, a.Id });
        builder.HasIndex(a => new { a.AuthorId, a.Id });
        builder.HasIndex(a => new { a.OutletId, a.Kind, a.ArticlePublishedAt });
        // An article's annotations; with the dimension, exactly the ratings of an (article, dimension), which the rollup fold
        // reads for every pair it refreshes (one index search per pair, not every dimension's ratings of the article).
        builder.HasIndex(a => new { a.ArticleId, a.Kind, a.Dimension });
        builder.HasIndex(a => new { a.CampaignId, a.ArticleId });

        // Exports page through (UpdatedAt, Id) for incremental pulls.
        builder.HasIndex(a => new { a.UpdatedAt, a.Id });

        // One current rating per (annotator, article, dimension): re-rating revises that row.
        builder.HasIndex(a => new { a.AuthorId, a.ArticleId, a.Dimension })
            .IsUnique()
            .HasFilter(sqlServer ? "[Kind] = N'Rating'" : "\"Kind\" = 'Rating'");
    }
}

internal sealed class AnnotationRevisionConfiguration : IEntityTypeConfiguration<AnnotationRevision>
{
    public void Configure(EntityTypeBuilder<AnnotationRevision> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.AnnotationId).HasMaxLength(Limits.IdLength);
        builder.Property(r => r.RecordedBy).HasMaxLength(Limits.IdLength);
        builder.Property(r => r.Reason).HasMaxLength(Limits.ReasonLength);
        builder.HasOne<Annotation>().WithMany().HasForeignKey(r => r.AnnotationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.OutletId).HasMaxLength(Limits.IdLength);
        builder.Property(r => r.Dimension).HasMaxLength(Limits.KeyLength);
        builder.HasIndex(r => new { r.AnnotationId, r.Revision }).IsUnique();

        // asOf reads one outlet's ratings as they stood at an instant (its own revisions, nobody else's), and under v1
        // the other outlets' ratings of articles published in the window (for the priors). Each is a range of one index.
        builder.HasIndex(r => new { r.OutletId, r.Dimension, r.RecordedAt });
        builder.HasIndex(r => new { r.Dimension, r.ArticlePublishedAt });
    }
}

using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CredibilityApi.Data.Configurations;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(Limits.IdLength);
        builder.Property(c => c.Name).HasMaxLength(Limits.NameLength);
        builder.Property(c => c.Description).HasMaxLength(Limits.NotesLength);
        builder.Property(c => c.Guidelines).HasMaxLength(Limits.ExplanationLength);
        builder.Property(c => c.CreatedBy).HasMaxLength(Limits.IdLength);
        builder.Property(c => c.Version).IsConcurrencyToken();

        // Lists read and written whole with the campaign: JSON columns, like a claim's tags.
        builder.PrimitiveCollection(c => c.Dimensions);
        builder.PrimitiveCollection(c => c.Pool);
        builder.PrimitiveCollection(c => c.ArticleIds);
        builder.PrimitiveCollection(c => c.OutletIds);
        builder.PrimitiveCollection(c => c.Adjudicators);
        builder.Ignore(c => c.IsSampled);
    }
}

internal sealed class CampaignItemConfiguration : IEntityTypeConfiguration<CampaignItem>
{
    public void Configure(EntityTypeBuilder<CampaignItem> builder)
    {
        builder.HasKey(i => new { i.CampaignId, i.ArticleId });
        builder.Property(i => i.CampaignId).HasMaxLength(Limits.IdLength);
        builder.Property(i => i.ArticleId).HasMaxLength(Limits.IdLength);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(i => i.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Article>().WithMany().HasForeignKey(i => i.ArticleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => new { i.CampaignId, i.Position }).IsUnique();
    }
}

internal sealed class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Assignment> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.CampaignId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.ArticleId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.AnnotatorId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.ReassignedToId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.SkipReason).HasMaxLength(Limits.ReasonLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Campaign>().WithMany().HasForeignKey(a => a.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Article>().WithMany().HasForeignKey(a => a.ArticleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(a => a.AnnotatorId).OnDelete(DeleteBehavior.Restrict);

        // The database itself guarantees that no annotator gets the same article of a campaign twice.
        builder.HasIndex(a => new { a.CampaignId, a.ArticleId, a.AnnotatorId }).IsUnique();
        builder.HasIndex(a => new { a.AnnotatorId, a.State, a.Position, a.Id });
        builder.HasIndex(a => new { a.AnnotatorId, a.ArticleId, a.State });
    }
}

internal sealed class GoldAnswerConfiguration : IEntityTypeConfiguration<GoldAnswer>
{
    public void Configure(EntityTypeBuilder<GoldAnswer> builder)
    {
        builder.HasKey(g => new { g.CampaignId, g.ArticleId, g.Kind, g.Target });
        builder.Property(g => g.CampaignId).HasMaxLength(Limits.IdLength);
        builder.Property(g => g.ArticleId).HasMaxLength(Limits.IdLength);
        builder.Property(g => g.Target).HasMaxLength(Limits.KeyLength);
        builder.Property(g => g.SetBy).HasMaxLength(Limits.IdLength);
        builder.HasOne<CampaignItem>().WithMany().HasForeignKey(g => new { g.CampaignId, g.ArticleId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AdjudicationConfiguration : IEntityTypeConfiguration<Adjudication>
{
    public void Configure(EntityTypeBuilder<Adjudication> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.CampaignId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.ArticleId).HasMaxLength(Limits.IdLength);
        builder.Property(a => a.Target).HasMaxLength(Limits.KeyLength);
        builder.Property(a => a.Reason).HasMaxLength(Limits.ReasonLength);
        builder.Property(a => a.AdjudicatorId).HasMaxLength(Limits.IdLength);
        builder.HasOne<CampaignItem>().WithMany().HasForeignKey(a => new { a.CampaignId, a.ArticleId }).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany().HasForeignKey(a => a.AdjudicatorId).OnDelete(DeleteBehavior.Restrict);

        // The log reads in time order per campaign; the current decision is the latest per target.
        builder.HasIndex(a => new { a.CampaignId, a.CreatedAt, a.Id });
        builder.HasIndex(a => new { a.CampaignId, a.ArticleId, a.Kind, a.Target });
    }
}

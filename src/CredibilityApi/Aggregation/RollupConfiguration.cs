using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CredibilityApi.Aggregation;

internal sealed class ArticleDimensionStatsConfiguration : IEntityTypeConfiguration<ArticleDimensionStats>
{
    public void Configure(EntityTypeBuilder<ArticleDimensionStats> builder)
    {
        builder.HasKey(s => new { s.ArticleId, s.Dimension });
        builder.Property(s => s.ArticleId).HasMaxLength(Limits.IdLength);
        builder.Property(s => s.OutletId).HasMaxLength(Limits.IdLength);
        builder.Property(s => s.Dimension).HasMaxLength(Limits.KeyLength);
        builder.HasIndex(s => new { s.OutletId, s.Dimension, s.Day });
    }
}

internal sealed class OutletDayStatsConfiguration : IEntityTypeConfiguration<OutletDayStats>
{
    public void Configure(EntityTypeBuilder<OutletDayStats> builder)
    {
        builder.HasKey(s => new { s.OutletId, s.Dimension, s.Day });
        builder.Property(s => s.OutletId).HasMaxLength(Limits.IdLength);
        builder.Property(s => s.Dimension).HasMaxLength(Limits.KeyLength);

        // The prior of a window needs every outlet's days in it.
        builder.HasIndex(s => new { s.Dimension, s.Day });

        // Default 0 lets the column be added to existing rows; the migration adding it (RollupAnnotatorWeights) then computes them.
        builder.Property(s => s.InverseRatingsSum).HasDefaultValue(0.0);
    }
}

internal sealed class OutletDayAnnotatorConfiguration : IEntityTypeConfiguration<OutletDayAnnotator>
{
    public void Configure(EntityTypeBuilder<OutletDayAnnotator> builder)
    {
        builder.HasKey(s => new { s.OutletId, s.Dimension, s.Day, s.AnnotatorId });
        builder.Property(s => s.OutletId).HasMaxLength(Limits.IdLength);
        builder.Property(s => s.Dimension).HasMaxLength(Limits.KeyLength);
        builder.Property(s => s.AnnotatorId).HasMaxLength(Limits.IdLength);

        // Default 0 lets the column be added to existing rows; the migration adding it (RollupAnnotatorWeights) then computes them.
        builder.Property(s => s.Weight).HasDefaultValue(0.0);
    }
}

internal sealed class BucketPriorConfiguration : IEntityTypeConfiguration<BucketPrior>
{
    public void Configure(EntityTypeBuilder<BucketPrior> builder)
    {
        builder.HasKey(p => new { p.Dimension, p.Bucket, p.Start });
        builder.Property(p => p.Dimension).HasMaxLength(Limits.KeyLength);

        // A flat prior (one outlet in the bucket) has tau2 = +∞, which SQL Server's float cannot hold;
        // it is stored as -1, a value a variance never takes.
        builder.Property(p => p.Tau2).HasConversion(
            v => double.IsPositiveInfinity(v) ? -1 : v,
            v => v < 0 ? double.PositiveInfinity : v);

        // Sums is a view of the stored sums columns (with Outlets), not a column of its own.
        builder.Ignore(p => p.Sums);
    }
}

internal sealed class PendingRollupConfiguration : IEntityTypeConfiguration<PendingRollup>
{
    public void Configure(EntityTypeBuilder<PendingRollup> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedOnAdd();
        builder.Property(p => p.ArticleId).HasMaxLength(Limits.IdLength);
        builder.Property(p => p.Dimension).HasMaxLength(Limits.KeyLength);
    }
}

internal sealed class OutletBucketStatsConfiguration : IEntityTypeConfiguration<OutletBucketStats>
{
    public void Configure(EntityTypeBuilder<OutletBucketStats> builder)
    {
        // A prior reads every outlet of one bucket: the key's prefix.
        builder.HasKey(s => new { s.Dimension, s.Bucket, s.Start, s.OutletId });
        builder.Property(s => s.Dimension).HasMaxLength(Limits.KeyLength);
        builder.Property(s => s.OutletId).HasMaxLength(Limits.IdLength);

        // A refresh reads one outlet's buckets around the days it touched.
        builder.HasIndex(s => new { s.OutletId, s.Dimension, s.Start });
    }
}

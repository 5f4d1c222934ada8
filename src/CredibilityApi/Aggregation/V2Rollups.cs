using CredibilityApi.Domain;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CredibilityApi.Aggregation;

/// <summary>
/// Methodology v2's long-window estimates of one dimension (<see cref="LeniencyFit"/>), refitted in the
/// background from every current rating (<see cref="V2Refitter"/>). <see cref="Changes"/> counts rollup batches
/// that touched the dimension; the fit is stale while it is ahead of <see cref="FittedChanges"/>.
/// </summary>
public sealed class DimensionFit
{
    public string Dimension { get; set; } = "";

    /// <summary>Bumped by the rollup applier in the transaction of every batch that changes a rating on the dimension.</summary>
    public long Changes { get; set; }

    /// <summary>The value of <see cref="Changes"/> when the ratings of the current fit were read.</summary>
    public long FittedChanges { get; set; }

    /// <summary>When the fit was computed; null before the first.</summary>
    public DateTime? ComputedAt { get; set; }

    public double? NoiseVariance { get; set; }
    public double? ArticleVariance { get; set; }
    public double LeniencyVariance { get; set; }
    public double SharedVariance { get; set; }
    public int Ratings { get; set; }
    public int Articles { get; set; }
    public int OverlappingArticles { get; set; }

    /// <summary>Why the ratings cannot support v2 intervals, when they cannot.</summary>
    public string? Unavailable { get; set; }
}

/// <summary>One annotator's leniency on one dimension, as of the dimension's <see cref="DimensionFit"/>.</summary>
public sealed class AnnotatorLeniencyEstimate
{
    public string Dimension { get; set; } = "";
    public string AnnotatorId { get; set; } = "";
    public double Estimate { get; set; }
    public double Sd { get; set; }
    public double Lower95 { get; set; }
    public double Upper95 { get; set; }
    public double OwnVariance { get; set; }
    public double Loading { get; set; }
    public int Ratings { get; set; }
    public double Overlap { get; set; }
    public bool Identified { get; set; }

    public AnnotatorLeniency ToScoring() =>
        new(AnnotatorId, Estimate, Sd, Lower95, Upper95, Ratings, Overlap, Identified) { OwnVariance = OwnVariance, Loading = Loading };
}

/// <summary>
/// The v2 prior of one calendar bucket on one dimension: the grid posterior of tau with mû and V_mu per grid
/// point (<see cref="SdPosterior"/>), from every outlet's leniency-adjusted mean in the bucket. Refitted with the
/// leniencies, so a series reads one row per bucket.
/// </summary>
public sealed class BucketPriorV2
{
    public string Dimension { get; set; } = "";
    public Bucket Bucket { get; set; }
    public DateOnly Start { get; set; }
    public int Outlets { get; set; }

    /// <summary>The grid: a count, then tau², weight, mû and V_mu per point, as little-endian doubles.</summary>
    public byte[] Grid { get; set; } = [];

    public static byte[] Pack(SdPosterior prior)
    {
        var n = prior.Tau2.Count;
        var bytes = new byte[4 + (32 * n)];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), n);
        for (var i = 0; i < n; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(4 + (32 * i), 8), prior.Tau2[i]);
            BitConverter.TryWriteBytes(bytes.AsSpan(12 + (32 * i), 8), prior.Weights[i]);
            BitConverter.TryWriteBytes(bytes.AsSpan(20 + (32 * i), 8), prior.MuHat[i]);
            BitConverter.TryWriteBytes(bytes.AsSpan(28 + (32 * i), 8), prior.MuVariance[i]);
        }

        return bytes;
    }

    public static SdPosterior Unpack(byte[] grid, int outlets)
    {
        var n = BitConverter.ToInt32(grid, 0);
        double[] tau2 = new double[n], weights = new double[n], muHat = new double[n], muVariance = new double[n];
        for (var i = 0; i < n; i++)
        {
            tau2[i] = BitConverter.ToDouble(grid, 4 + (32 * i));
            weights[i] = BitConverter.ToDouble(grid, 12 + (32 * i));
            muHat[i] = BitConverter.ToDouble(grid, 20 + (32 * i));
            muVariance[i] = BitConverter.ToDouble(grid, 28 + (32 * i));
        }

        return SdPosterior.FromStored(tau2, weights, muHat, muVariance, outlets);
    }
}

internal sealed class DimensionFitConfiguration : IEntityTypeConfiguration<DimensionFit>
{
    public void Configure(EntityTypeBuilder<DimensionFit> builder)
    {
        builder.HasKey(f => f.Dimension);
        builder.Property(f => f.Dimension).HasMaxLength(Limits.KeyLength);
        builder.Property(f => f.Unavailable).HasMaxLength(500);
    }
}

internal sealed class AnnotatorLeniencyEstimateConfiguration : IEntityTypeConfiguration<AnnotatorLeniencyEstimate>
{
    public void Configure(EntityTypeBuilder<AnnotatorLeniencyEstimate> builder)
    {
        builder.HasKey(l => new { l.Dimension, l.AnnotatorId });
        builder.Property(l => l.Dimension).HasMaxLength(Limits.KeyLength);
        builder.Property(l => l.AnnotatorId).HasMaxLength(Limits.IdLength);
    }
}

internal sealed class BucketPriorV2Configuration : IEntityTypeConfiguration<BucketPriorV2>
{
    public void Configure(EntityTypeBuilder<BucketPriorV2> builder)
    {
        builder.ToTable("BucketPriorsV2");
        builder.HasKey(p => new { p.Dimension, p.Bucket, p.Start });
        builder.Property(p => p.Dimension).HasMaxLength(Limits.KeyLength);
    }
}

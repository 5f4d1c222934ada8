using CredibilityApi.Data;
using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CredibilityApi.Aggregation;

/// <summary>
/// One row that names the current state of everything a live score series is computed from: a new random value each
/// time a write changes one of the <see cref="Inputs"/>, set in that write's own transaction. Every node reads it
/// before it answers a series from its cache (<c>Read.SeriesCache</c>), so a node never serves a series older than the
/// last commit it can see, whichever node wrote it.
/// </summary>
public sealed class ScoreStamp
{
    /// <summary>The only row's key.</summary>
    public const int RowId = 1;

    public int Id { get; set; } = RowId;

    /// <summary>Random, not a counter: a tracked update can set it without reading it first, and a value never comes back.</summary>
    public long Stamp { get; set; }

    /// <summary>
    /// The entities a live series reads (the outlet's name, the rubric, the day, article and bucket rollups, the v1
    /// priors and the v2 fits): a write to any of them changes the stamp. Ratings are not among them: a rating
    /// changes a series only once the fold has written its rollups, and the fold's write changes the stamp.
    /// <c>Aggregation/SeriesCacheTests</c> fails when the series reads a table that is not here.
    /// </summary>
    public static readonly IReadOnlySet<Type> Inputs = new HashSet<Type>
    {
        typeof(Outlet),
        typeof(RubricVersion),
        typeof(RubricDimension),
        typeof(ArticleDimensionStats),
        typeof(OutletDayStats),
        typeof(OutletDayAnnotator),
        typeof(BucketPrior),
        typeof(OutletBucketStats),
        typeof(DimensionFit),
        typeof(AnnotatorLeniencyEstimate),
        typeof(BucketPriorV2),
    };

    /// <summary>A new stamp, for a write that changes the <see cref="Inputs"/> outside the change tracker (set-based SQL).</summary>
    public static async Task ChangeAsync(CredibilityDbContext db, CancellationToken ct)
    {
        var next = Next();
        if (await db.ScoreStamps.Where(s => s.Id == RowId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Stamp, next), ct) != 1)
        {
            // Every migrated database has the row (seeded by the ScoreStamp migration); without it no cache could be trusted.
            throw new InvalidOperationException("The ScoreStamps row is missing; apply the migrations.");
        }
    }

    /// <summary>The stamp as committed now; 0 before any write.</summary>
    public static Task<long> ReadAsync(CredibilityDbContext db, CancellationToken ct) =>
        db.ScoreStamps.AsNoTracking().Where(s => s.Id == RowId).Select(s => s.Stamp).FirstOrDefaultAsync(ct);

    internal static long Next()
    {
        long next;
        do
        {
            next = Random.Shared.NextInt64(long.MinValue, long.MaxValue);
        }
        while (next == 0);

        return next;
    }
}

internal sealed class ScoreStampConfiguration : IEntityTypeConfiguration<ScoreStamp>
{
    public void Configure(EntityTypeBuilder<ScoreStamp> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasData(new ScoreStamp { Id = ScoreStamp.RowId, Stamp = 0 });
    }
}

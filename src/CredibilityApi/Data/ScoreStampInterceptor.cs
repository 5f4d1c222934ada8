using CredibilityApi.Aggregation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CredibilityApi.Data;

/// <summary>
/// Changes the <see cref="ScoreStamp"/> in the same SaveChanges as any change to what a live series reads
/// (<see cref="ScoreStamp.Inputs"/>), so the stamp commits with the change or not at all. Writes outside the change
/// tracker call <see cref="ScoreStamp.ChangeAsync"/> in their own transaction (<c>Aggregation/SeriesCacheTests</c> lists them).
/// Registered after <see cref="RollupQueueInterceptor"/>, which has detected the changes by then.
/// </summary>
public sealed class ScoreStampInterceptor : SaveChangesInterceptor
{
    public static readonly ScoreStampInterceptor Instance = new();

    private ScoreStampInterceptor() { }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Whether the tracked changes touch a series' inputs.</summary>
    internal static bool ChangesInputs(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && ScoreStamp.Inputs.Contains(entry.Metadata.ClrType))
            {
                return true;
            }
        }

        return false;
    }

    private static void Stamp(DbContext? context)
    {
        if (context is not CredibilityDbContext db)
        {
            return;
        }

        if (db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
        }

        if (!ChangesInputs(db))
        {
            return;
        }

        // The row is tracked already after an earlier save of this context; otherwise a stub is attached. Either way
        // only the stamp is written (UPDATE ... WHERE Id = 1), without reading the row first.
        var entry = db.ChangeTracker.Entries<ScoreStamp>().FirstOrDefault(e => e.Entity.Id == ScoreStamp.RowId)
                    ?? db.Attach(new ScoreStamp { Id = ScoreStamp.RowId });
        entry.Property(s => s.Stamp).CurrentValue = ScoreStamp.Next();
        entry.Property(s => s.Stamp).IsModified = true;
    }
}

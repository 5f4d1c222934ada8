using CredibilityApi.Aggregation;
using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CredibilityApi.Data;

/// <summary>
/// Queues the rollup work of every rating change in the same SaveChanges, so no endpoint has to remember to: each
/// rating added, modified or deleted adds a <see cref="PendingRollup"/> for its (article, dimension), and for the
/// one it had before when an edit or a merge moved it. The rows commit in the write's own transaction, and the
/// <see cref="RollupApplier"/> is woken once they have. Only changes that go through the change tracker are seen:
/// ratings are never written by ExecuteUpdate or SQL, except new annotations inserted by <see cref="BulkInsert"/>,
/// which queues their rollups itself in the same transaction (<c>Conventions/RollupQueueTests</c> holds both).
/// </summary>
public sealed class RollupQueueInterceptor : SaveChangesInterceptor
{
    public static readonly RollupQueueInterceptor Instance = new();

    /// <summary>Contexts whose save in progress holds queued rollups, to wake the applier once it has committed.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> Queuing = [];

    private RollupQueueInterceptor() { }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Queue(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Queue(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        WakeIfQueued(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        WakeIfQueued(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>The (article, dimension) pairs whose rollups the tracked rating changes affect, before and after.</summary>
    internal static HashSet<(string ArticleId, string Dimension)> Touched(ChangeTracker tracker) => Touched(tracker.Entries<Annotation>());

    private static HashSet<(string ArticleId, string Dimension)> Touched(IEnumerable<EntityEntry<Annotation>> entries)
    {
        var touched = new HashSet<(string, string)>();
        foreach (var entry in entries)
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || entry.Entity.Kind != AnnotationKind.Rating)
            {
                continue;
            }

            if (entry.State != EntityState.Added &&
                entry.Property(a => a.ArticleId).OriginalValue is { } oldArticle &&
                entry.Property(a => a.Dimension).OriginalValue is { } oldDimension)
            {
                touched.Add((oldArticle, oldDimension));
            }

            if (entry.State != EntityState.Deleted && entry.Entity is { ArticleId: { } article, Dimension: { } dimension })
            {
                touched.Add((article, dimension));
            }
        }

        return touched;
    }

    private static void Queue(DbContext? context)
    {
        if (context is not CredibilityDbContext db)
        {
            return;
        }

        // Only the tracked annotations are scanned for changes, not the whole tracker: ChangeTracker.Entries() and
        // DetectChanges() would scan every tracked row (thousands in a rollup refresh) once per call, and SaveChanges
        // scans them all again right after this. An annotation is a row of its own (no navigation leads to one), so
        // its entry's own DetectChanges finds every change to it.
        var tracker = db.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        HashSet<(string ArticleId, string Dimension)> touched;
        List<EntityEntry<PendingRollup>> queued;
        try
        {
            var annotations = tracker.Entries<Annotation>().ToList();
            if (detect)
            {
                foreach (var entry in annotations)
                {
                    entry.DetectChanges();
                }
            }

            touched = Touched(annotations);
            queued = tracker.Entries<PendingRollup>().Where(e => e.State == EntityState.Added).ToList();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }

        if (touched.Count == 0 && queued.Count == 0)
        {
            return;
        }

        Queuing.AddOrUpdate(db, Queuing);

        // Pairs already queued in this unit of work (a merge queues both articles itself) are not queued twice.
        foreach (var entry in queued)
        {
            touched.Remove((entry.Entity.ArticleId, entry.Entity.Dimension));
        }

        foreach (var (articleId, dimension) in touched)
        {
            db.PendingRollups.Add(new PendingRollup { ArticleId = articleId, Dimension = dimension });
        }
    }

    private static void WakeIfQueued(DbContext? context)
    {
        if (context is not null && Queuing.Remove(context))
        {
            RollupApplier.Wake();
        }
    }
}

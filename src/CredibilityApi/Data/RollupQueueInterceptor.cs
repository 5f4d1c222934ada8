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

    /// <summary>
    /// Contexts whose automatic change detection is off for the rest of their save: <see cref="Queue"/> has just detected the
    /// changes, and EF would otherwise detect them again before saving (and <c>Entries</c> once per call), each a full
    /// comparison of every tracked entity with its snapshot (13% of a rating write's CPU in the profile).
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> Detected = [];

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
        Resume(eventData.Context);
        WakeIfQueued(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Resume(eventData.Context);
        WakeIfQueued(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        Resume(eventData.Context);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    /// <summary>A concurrency failure is reported here, not to <see cref="SaveChangesFailed"/>.</summary>
    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        Resume(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Resume(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesCanceled(DbContextEventData eventData)
    {
        Resume(eventData.Context);
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesCanceled(eventData);
        return Task.CompletedTask;
    }

    /// <summary>Automatic change detection back on once the save is over, however it ended.</summary>
    private static void Resume(DbContext? context)
    {
        if (context is not null && Detected.Remove(context))
        {
            context.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    /// <summary>The (article, dimension) pairs whose rollups the tracked rating changes affect, before and after.</summary>
    internal static HashSet<(string ArticleId, string Dimension)> Touched(ChangeTracker tracker)
    {
        var touched = new HashSet<(string, string)>();
        foreach (var entry in tracker.Entries<Annotation>())
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

        // Changes are detected once, here, and EF's own detection is off for the rest of this save (see Detected):
        // otherwise every Entries call below and SaveChanges itself would compare every tracked row with its snapshot again.
        var tracker = db.ChangeTracker;
        if (tracker.AutoDetectChangesEnabled)
        {
            tracker.DetectChanges();
            tracker.AutoDetectChangesEnabled = false;
            Detected.AddOrUpdate(db, Detected);
        }

        var touched = Touched(tracker);
        var queued = tracker.Entries<PendingRollup>().Where(e => e.State == EntityState.Added).ToList();

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

using System.Diagnostics;
using CredibilityApi.Data;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation;

/// <summary>
/// Folds <see cref="PendingRollup"/> rows into the rollups, a batch per transaction: the batch's
/// (article, dimension) pairs are refreshed together, so a day, bucket or prior touched by many writes of
/// the batch is recomputed once. The refresh and the deletion of the batch commit together, so a crash
/// leaves the batch pending, to be applied again (a refresh is a recomputation, so applying twice is harmless).
/// </summary>
public sealed class RollupApplier(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<RollupApplier> logger)
{
    /// <summary>
    /// Queued changes folded in per transaction (<c>Rollups:BatchSize</c>): large enough to share the day and
    /// bucket work, small enough that writers, who wait for SQLite's single write lock meanwhile, wait little.
    /// </summary>
    private readonly int _batchSize = Math.Max(1, configuration.GetValue("Rollups:BatchSize", 32));

    private static TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Tells the appliers of this process that something is pending.</summary>
    public static void Wake() => Interlocked.Exchange(ref _signal, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the next <see cref="Wake"/> or after <paramref name="timeout"/>, whichever comes first.</summary>
    public static async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await Volatile.Read(ref _signal).Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            // Polled anyway: another process sharing the database may have queued work.
        }
    }

    /// <summary>For readers of the rollups: applies whatever is pending, so the read sees every committed rating.</summary>
    public async Task EnsureCurrentAsync(CredibilityDbContext db, CancellationToken ct)
    {
        if (await db.PendingRollups.AnyAsync(ct))
        {
            await ApplyAsync(ct);
        }
    }

    /// <summary>Applies every pending rollup change; returns how many queued changes were folded in.</summary>
    public async Task<int> ApplyAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var total = 0;
            while (true)
            {
                var applied = await ApplyBatchAsync(ct);
                if (applied == 0)
                {
                    return total;
                }

                total += applied;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> ApplyBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var started = Stopwatch.GetTimestamp();
        var strategy = db.Database.CreateExecutionStrategy();
        var applied = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
            var batch = await db.PendingRollups.AsNoTracking()
                .OrderBy(p => p.Id)
                .Take(_batchSize)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                await transaction.CommitAsync(ct);
                return 0;
            }

            var touched = batch.Select(p => (p.ArticleId, p.Dimension)).Distinct().ToList();
            await RollupMaintenance.RefreshAsync(db, touched, ct);
            await MarkFitsStaleAsync(db, touched.Select(t => t.Dimension).Distinct().ToList(), ct);
            var last = batch[^1].Id;
            await db.PendingRollups.Where(p => p.Id <= last).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            return batch.Count;
        });

        if (applied > 0)
        {
            V2Refitter.Wake();
            logger.LogDebug("Applied {Pending} pending rollup changes in {ElapsedMs:0.0} ms",
                applied, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return applied;
    }

    /// <summary>Methodology v2's fits of these dimensions are stale now: counted in the batch's transaction, so none is missed.</summary>
    private static async Task MarkFitsStaleAsync(CredibilityDbContext db, List<string> dimensions, CancellationToken ct)
    {
        var bumped = await db.DimensionFits.Where(f => dimensions.Contains(f.Dimension))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Changes, f => f.Changes + 1), ct);
        if (bumped < dimensions.Count)
        {
            var known = await db.DimensionFits.AsNoTracking().Where(f => dimensions.Contains(f.Dimension)).Select(f => f.Dimension).ToListAsync(ct);
            db.DimensionFits.AddRange(dimensions.Except(known).Select(d => new DimensionFit { Dimension = d, Changes = 1 }));
            await db.SaveChangesAsync(ct);
        }
    }
}

/// <summary>
/// Applies pending rollups shortly after writes, in batches, and polls for those of other processes.
/// <c>Rollups:ApplyInBackground=false</c> turns it off, leaving the work to the next read of the rollups.
/// </summary>
internal sealed class RollupWorker(RollupApplier applier, IConfiguration configuration, ILogger<RollupWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Rollups:ApplyInBackground", true))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RollupApplier.WaitForWorkAsync(TimeSpan.FromSeconds(1), stoppingToken);

                // Let a burst of writes gather into one batch.
                await Task.Delay(TimeSpan.FromMilliseconds(20), stoppingToken);
                await applier.ApplyAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The pending rows stay; the next round (or the next read) applies them.
                logger.LogError(e, "Applying pending rollups failed; retrying in a second");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}

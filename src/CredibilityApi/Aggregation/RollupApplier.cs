using System.Diagnostics;
using System.Globalization;
using CredibilityApi.Data;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation;

/// <summary>
/// Folds <see cref="PendingRollup"/> rows into the rollups, a batch per transaction: the batch's
/// (article, dimension) pairs are refreshed together, so a day, bucket or prior touched by many writes of
/// the batch is recomputed once. The batch is read and computed before its transaction begins, so SQLite's one write lock
/// is held only for its writes. The refresh and the deletion of the batch commit together, so a crash
/// leaves the batch pending, to be applied again (applying twice is harmless: articles and days are recomputed, and the
/// buckets move by what the day rows changed, nothing when they did not).
/// Only the node holding the <see cref="LeaseStore.Rollups"/> lease applies, so nodes sharing a database never
/// recompute the same rows at once; readers never apply, they wait for the holder (<see cref="WaitUntilCurrentAsync"/>).
/// </summary>
public sealed class RollupApplier(IServiceScopeFactory scopes, LeaseStore leases, TimeProvider clock, IConfiguration configuration, ILogger<RollupApplier> logger)
{
    /// <summary>
    /// Queued changes folded in per transaction at most (<c>Rollups:BatchSize</c>, default <see cref="DefaultBatchSize"/>).
    /// A batch takes what is queued, so under a trickle of writes each is folded at once; the size matters only when
    /// the fold is behind, where larger batches share more of the day, bucket and prior work, and writers, who wait for
    /// SQLite's single write lock meanwhile, wait longer for each.
    /// </summary>
    private readonly int _batchSize = Math.Clamp(configuration.GetValue("Rollups:BatchSize", DefaultBatchSize), 1, MaxBatchSize);

    /// <summary>
    /// 128. Under sustained rating writes at the API's full rate on the load data set (some 1,000 a second on two cores),
    /// batches of 32 fell behind for the whole run: 15,000-19,000 changes queued after 50 s, more than reads wait for
    /// (<c>Rollups:ReadWaitMilliseconds</c>). With batches of 128 the queue was 2,261-3,439 after 50 s, and the writers' rate
    /// and p99 were those of 32. Folded alone, 128 took 0.87 ms per rating against 1.00-1.07. Larger batches hold SQLite's
    /// write lock longer each; in one 90 s run each, 256 and 512 kept up, and the writers' p99 was 195 and 255 ms
    /// (docs/benchmarks/fold-batches-2026-12-07.md).
    /// </summary>
    internal const int DefaultBatchSize = 128;

    /// <summary>The largest <c>Rollups:BatchSize</c>: a batch's ids are one parameter each on SQL Server, which takes 2,100 at most.</summary>
    internal const int MaxBatchSize = 1000;

    /// <summary>Whether a background worker applies (<c>Rollups:ApplyInBackground</c>): without one, an apply on demand gives the lease back when done.</summary>
    private readonly bool _background = configuration.GetValue("Rollups:ApplyInBackground", true);

    /// <summary>How long a read waits for the changes queued before it (<c>Rollups:ReadWaitMilliseconds</c>, default 2000) before answering from the rollups as they are.</summary>
    private readonly TimeSpan _readWait = TimeSpan.FromMilliseconds(Math.Max(0, configuration.GetValue("Rollups:ReadWaitMilliseconds", 2000)));

    /// <summary>How often a waiting read looks at the queue for batches applied by another node.</summary>
    private static readonly TimeSpan PollReadEvery = TimeSpan.FromMilliseconds(25);

    private static TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static TaskCompletionSource _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Tells the appliers of this process that something is pending.</summary>
    public static void Wake() => Interlocked.Exchange(ref _signal, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the first <see cref="Wake"/> after this call: take it before working, so a wake during the work is not missed.</summary>
    public static Task NextWake() => Volatile.Read(ref _signal).Task;

    /// <summary>Completes at <paramref name="wake"/> or after <paramref name="timeout"/>, whichever comes first.</summary>
    public static async Task WaitForWorkAsync(Task wake, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await wake.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            // Polled anyway: another process sharing the database may have queued work.
        }
    }

    /// <summary>
    /// For readers of the rollups, who never write: waits until every change queued before the read began has been
    /// folded in by the lease holder (this node's worker, nudged, or another node's), so a client reads its own
    /// acknowledged writes. Bounded by <c>Rollups:ReadWaitMilliseconds</c>; past it the read answers from the rollups as
    /// they are. Changes queued after the read began are not waited for, so a steady stream of writes cannot hold a read up.
    /// Returns how many of the changes queued before the read were still not folded in when it stopped waiting: 0 when the
    /// rollups are current, otherwise at most what the answer misses (the fold goes on meanwhile), which the score endpoints
    /// tell the client (<c>Rollups-Pending</c>). That happens while no node holds the lease, and while ratings are written
    /// faster than the fold folds them in (docs/benchmarks/stale-reads-2026-12-07.md).
    /// </summary>
    public async Task<long> WaitUntilCurrentAsync(CredibilityDbContext db, CancellationToken ct)
    {
        var last = await db.PendingRollups.MaxAsync(p => (long?)p.Id, ct);
        if (last is null)
        {
            return 0;
        }

        var started = Stopwatch.GetTimestamp();
        Wake();
        while (true)
        {
            var applied = Volatile.Read(ref _applied).Task;
            if (!await db.PendingRollups.AnyAsync(p => p.Id <= last, ct))
            {
                return 0;
            }

            var left = _readWait - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                var missing = await db.PendingRollups.LongCountAsync(p => p.Id <= last, ct);
                if (missing == 0)
                {
                    // Folded in between the look above and the count.
                    return 0;
                }

                logger.LogWarning("A read waited {WaitMs:0} ms for queued rollup changes up to {Last} and answers without {Missing} of them; is a node holding lease {Lease} applying, and keeping up with the writes?",
                    _readWait.TotalMilliseconds, last, missing, LeaseStore.Rollups);
                return missing;
            }

            try
            {
                // This node's batches signal at once; another node's are seen by polling.
                await applied.WaitAsync(left < PollReadEvery ? left : PollReadEvery, ct);
            }
            catch (TimeoutException)
            {
                // Poll again.
            }
        }
    }

    /// <summary>
    /// Applies every pending rollup change if this node holds (or can take) the <see cref="LeaseStore.Rollups"/> lease;
    /// returns how many queued changes were folded in (0 when another node holds it).
    /// </summary>
    public async Task<int> ApplyAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var total = 0;
            var held = await leases.RunAsHolderAsync(LeaseStore.Rollups, async token =>
            {
                // A batch another applier folded first is read again, a few times at most before the next round.
                var raced = 0;
                int applied;
                while (raced < 3 && (applied = await ApplyBatchAsync(token)) != 0)
                {
                    if (applied == Raced)
                    {
                        raced++;
                        continue;
                    }

                    total += applied;

                    // Back to the thread pool's queue between batches. On SQLite every await of a batch can complete
                    // synchronously (the statements run on the calling thread, and the write gate is free whenever no
                    // rating is waiting), so a fold behind by thousands of changes would otherwise keep one pool thread
                    // for seconds. With the refit keeping another, the continuations of the requests found none: every
                    // rating in flight waited 3.3 s (docs/benchmarks/refit-stalls-2026-12-06.md).
                    await Task.Yield();
                }
            }, ct);
            if (held && !_background)
            {
                await leases.ReleaseAsync(LeaseStore.Rollups, ct);
            }

            return total;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What <see cref="ApplyBatchAsync"/> returns when another applier folded part of its batch before it could write.</summary>
    internal const int Raced = -1;

    /// <summary>Folds the oldest pending changes in; returns how many, 0 when none are pending, or <see cref="Raced"/>.</summary>
    private async Task<int> ApplyBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();

        // Checked outside a transaction: on SQLite beginning one takes the write lock, even to find the queue empty.
        if (!await db.PendingRollups.AnyAsync(ct))
        {
            return 0;
        }

        var started = Stopwatch.GetTimestamp();
        var startedAt = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        var writeMs = 0.0;
        var applied = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            if (await PrepareBatchAsync(db, _batchSize, ct) is not { } batch)
            {
                return 0;
            }

            var writing = Stopwatch.GetTimestamp();
            var written = await WriteBatchAsync(db, batch, ct);
            writeMs = Stopwatch.GetElapsedTime(writing).TotalMilliseconds;
            return written;
        });

        if (applied > 0)
        {
            Interlocked.Exchange(ref _applied, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            V2Refitter.Wake();

            // The node and the interval (first read to commit) of every batch: evidence that appliers never overlap. WriteMs is
            // the part in the write transaction, when SQLite's one write lock is held.
            logger.LogDebug("Node {NodeId} applied {Pending} pending rollup changes from {BatchStart} to {BatchEnd} in {ElapsedMs:0.0} ms, {WriteMs:0.0} ms of them writing",
                leases.NodeId, applied, startedAt.ToString("O", CultureInfo.InvariantCulture), clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, writeMs);
        }

        return applied;
    }

    /// <summary>
    /// A batch read and folded in memory: its rollup rows are tracked in the context, none written yet. <paramref name="Lease"/>
    /// is the <see cref="LeaseStore.Rollups"/> lease's owner and generation when it was read.
    /// </summary>
    internal sealed record PreparedBatch(List<long> Ids, List<string> Dimensions, (string Owner, long Generation)? Lease);

    /// <summary>
    /// Reads the oldest <paramref name="size"/> pending changes and folds them in memory (<see cref="RollupMaintenance.PrepareAsync"/>),
    /// outside any transaction, so writers are not held up meanwhile: once the migrations have run (and with them the
    /// start-up rebuild of the priors), only the applier holding the lease writes the rollup rows, one batch at a time in a
    /// process (<c>_gate</c>), and <see cref="WriteBatchAsync"/> writes nothing if the lease changed hands meanwhile. A rating
    /// changed after these reads has a pending row that is not in the batch, which folds it in later; the batch is read
    /// before the ratings, so none of its changes is missed.
    /// Null when nothing is pending.
    /// </summary>
    internal static async Task<PreparedBatch?> PrepareBatchAsync(CredibilityDbContext db, int size, CancellationToken ct)
    {
        // The lease first: the batch is valid only if it has not changed hands by the time the batch is written.
        var lease = await LeaseOfAsync(db, ct);
        var batch = await db.PendingRollups.AsNoTracking()
            .OrderBy(p => p.Id)
            .Take(size)
            .ToListAsync(ct);
        if (batch.Count == 0)
        {
            return null;
        }

        var touched = batch.Select(p => (p.ArticleId, p.Dimension)).Distinct().ToList();
        await RollupMaintenance.PrepareAsync(db, touched, ct);
        return new PreparedBatch(batch.Select(p => p.Id).ToList(), touched.Select(t => t.Dimension).Distinct().ToList(), lease);
    }

    /// <summary>
    /// Writes a prepared batch and deletes its pending rows in one short transaction, the only time the fold holds SQLite's
    /// write lock. Nothing is written when the lease changed hands since the batch was read, or when another applier folded
    /// part of the batch meanwhile: that returns <see cref="Raced"/>, and the batch is read again.
    /// </summary>
    internal static async Task<int> WriteBatchAsync(CredibilityDbContext db, PreparedBatch batch, CancellationToken ct)
    {
        // The score stamp first: every transaction that changes it takes its row before any other (the refit too), so on
        // SQL Server the fold and the refit cannot each hold a row the other waits for.
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
        await ScoreStamp.ChangeAsync(db, ct);
        // Fenced twice. The lease has not changed hands since the batch was read (a hand-over adds one to its generation):
        // otherwise another node may have folded other changes meanwhile, and this batch's rows, computed from what was
        // read before, would undo them. And every row of the batch is still pending (another applier in this process).
        var ids = batch.Ids;
        if (await LeaseOfAsync(db, ct) != batch.Lease || await db.PendingRollups.CountAsync(p => ids.Contains(p.Id), ct) != ids.Count)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Raced;
        }

        await TrackedWrites.SaveAsync(db, ct);
        await MarkFitsStaleAsync(db, batch.Dimensions, ct);
        await db.PendingRollups.Where(p => ids.Contains(p.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return ids.Count;
    }

    private static async Task<(string Owner, long Generation)?> LeaseOfAsync(CredibilityDbContext db, CancellationToken ct) =>
        await db.Leases.AsNoTracking().Where(l => l.Name == LeaseStore.Rollups).Select(l => new { l.Owner, l.Generation }).FirstOrDefaultAsync(ct) is { } lease
            ? (lease.Owner, lease.Generation)
            : null;

    /// <summary>
    /// Methodology v2's fits of these dimensions are stale now: counted in the batch's transaction, so none is missed. The
    /// batch has changed the score stamp first thing (<c>ApplyBatchAsync</c>), so this set-based write needs no change of its own.
    /// </summary>
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
/// Applies pending rollups shortly after writes, in batches, on the node holding the <see cref="LeaseStore.Rollups"/>
/// lease: the holder polls the queue every <c>Rollups:PollMilliseconds</c> (default 100) for other nodes' writes, the
/// others check the lease every second and take it over once it expires. <c>Rollups:ApplyInBackground=false</c> turns
/// it off: the queue is then applied at start-up and on demand (<see cref="RollupApplier.ApplyAsync"/>) only.
/// </summary>
internal sealed class RollupWorker(RollupApplier applier, LeaseStore leases, IConfiguration configuration, ILogger<RollupWorker> logger) : BackgroundService
{
    private readonly TimeSpan _poll = TimeSpan.FromMilliseconds(Math.Clamp(configuration.GetValue("Rollups:PollMilliseconds", 100), 10, 1000));

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
                var wake = RollupApplier.NextWake();
                await applier.ApplyAsync(stoppingToken);
                await RollupApplier.WaitForWorkAsync(wake, leases.Holds(LeaseStore.Rollups) ? _poll : TimeSpan.FromSeconds(1), stoppingToken);

                // Let a burst of writes gather into one batch.
                await Task.Delay(TimeSpan.FromMilliseconds(20), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The pending rows stay; the next round applies them.
                logger.LogError(e, "Applying pending rollups failed; retrying in a second");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>A node that stops hands the lease on at once instead of letting the others wait for it to expire.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await leases.ReleaseOnStopAsync(LeaseStore.Rollups, logger, cancellationToken);
    }
}

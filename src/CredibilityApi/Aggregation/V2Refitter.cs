using System.Diagnostics;
using CredibilityApi.Data;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation;

/// <summary>
/// What one dimension's refit read and wrote: its ratings, and one <see cref="DimensionFit"/>, one leniency row per annotator
/// and one prior row per bucket; and whether the fit ran on a thread-pool thread (it must not: it is seconds of CPU).
/// </summary>
public sealed record RefitResult(string Dimension, int Ratings, int Annotators, int Priors, TimeSpan Read, TimeSpan Fit, TimeSpan PriorsTime, TimeSpan Write, bool FittedOnPoolThread)
{
    /// <summary>Rows written: the fit, the annotators' leniencies and the bucket priors.</summary>
    public int RowsWritten => 1 + Annotators + Priors;
}

/// <summary>
/// Refits methodology v2's long-window part of a dimension whose ratings changed: reads every current rating on
/// it, fits leniencies and variance components (<see cref="V2Model"/>), and replaces the dimension's
/// <see cref="DimensionFit"/>, <see cref="AnnotatorLeniencyEstimate"/> rows and <see cref="BucketPriorV2"/> rows in
/// one transaction. This is the one place v2 reads raw ratings, off the request path, the way Community Notes
/// runs its scorer: reads use the stored result and say when it was computed.
/// </summary>
public sealed class V2Refitter(IServiceScopeFactory scopes, LeaseStore leases, TimeProvider clock, IConfiguration configuration, ILogger<V2Refitter> logger)
{
    /// <summary>Whether a background worker refits (<c>Methodology:RefitInBackground</c>): without one, a refit on demand gives the lease back when done.</summary>
    private readonly bool _background = configuration.GetValue("Methodology:RefitInBackground", true);

    private static TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The dimensions whose refit failed lately, which the background worker leaves alone for a while.</summary>
    internal RefitBackoff Backoff { get; } = new(clock);

    /// <summary>Tells the refit worker of this process that a dimension's ratings changed.</summary>
    public static void Wake() => Interlocked.Exchange(ref _signal, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the first <see cref="Wake"/> after this call: take it before working, so a wake during the work is not missed.</summary>
    public static Task NextWake() => Volatile.Read(ref _signal).Task;

    public static async Task WaitForWorkAsync(Task wake, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await wake.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            // Polled anyway: another process sharing the database may have changed ratings.
        }
    }

    /// <summary>
    /// Waits until no rating change has been folded in (on any node: the dimensions' change counts, summed) for
    /// <paramref name="quiet"/>, or until <paramref name="most"/> has passed, whichever comes first; returns how long it waited.
    /// A burst of writes (a bulk import) then makes one refit after it rather than refits that are stale when they end.
    /// </summary>
    public async Task<TimeSpan> WaitForQuietAsync(TimeSpan quiet, TimeSpan most, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        return await WaitForQuietAsync(token => db.DimensionFits.AsNoTracking().SumAsync(f => f.Changes, token), quiet, most, Task.Delay, ct);
    }

    /// <summary>Whether any dimension has no fit yet or has changed since its fit (<see cref="StaleDimensionsAsync"/>).</summary>
    public async Task<bool> AnyStaleAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        return (await StaleDimensionsAsync(db, ct)).Count > 0;
    }

    /// <summary>
    /// <see cref="WaitForQuietAsync(TimeSpan, TimeSpan, CancellationToken)"/> over any counter: reads it, sleeps
    /// <paramref name="quiet"/> (less at the end of <paramref name="most"/>) and reads it again, until two reads in a row agree.
    /// </summary>
    internal static async Task<TimeSpan> WaitForQuietAsync(Func<CancellationToken, Task<long>> changes, TimeSpan quiet, TimeSpan most,
        Func<TimeSpan, CancellationToken, Task> sleep, CancellationToken ct)
    {
        var waited = TimeSpan.Zero;
        if (quiet <= TimeSpan.Zero)
        {
            return waited;
        }

        var last = await changes(ct);
        while (waited < most)
        {
            var step = quiet < most - waited ? quiet : most - waited;
            await sleep(step, ct);
            waited += step;
            var now = await changes(ct);
            if (now == last)
            {
                break;
            }

            last = now;
        }

        return waited;
    }

    /// <summary>
    /// Refits every dimension that has no fit yet or whose ratings changed since its fit (at most <paramref name="most"/>
    /// of them, in ordinal order), if this node holds (or can take) the <see cref="LeaseStore.Refit"/> lease; returns how
    /// many (0 when another node holds it). A refit that fails is thrown.
    /// </summary>
    public async Task<int> RefitStaleAsync(CancellationToken ct, int most = int.MaxValue) =>
        (await RefitRoundAsync(ct, most, pacedRetries: false)).Refitted;

    /// <summary>
    /// The background worker's round: refits the first stale dimension not waiting out a failure (<see cref="RefitBackoff"/>).
    /// A refit that fails is logged and put in the back-off instead of thrown, so the dimensions after it still come.
    /// Returns whether it refitted one and whether one failed (either took the time of a refit, which the worker rests after).
    /// </summary>
    internal Task<(int Refitted, int Failed)> RefitNextAsync(CancellationToken ct) => RefitRoundAsync(ct, 1, pacedRetries: true);

    private async Task<(int Refitted, int Failed)> RefitRoundAsync(CancellationToken ct, int most, bool pacedRetries)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var refitted = 0;
            var failed = 0;
            var held = await leases.RunAsHolderAsync(LeaseStore.Refit, async token =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
                var stale = await StaleDimensionsAsync(db, token);
                foreach (var dimension in stale.Where(d => !pacedRetries || !Backoff.Waiting(d)).Take(most))
                {
                    try
                    {
                        await RefitAsync(dimension, token);
                    }
                    catch (Exception e) when (pacedRetries && !token.IsCancellationRequested)
                    {
                        var wait = Backoff.Failed(dimension);
                        logger.LogError(e, "Refitting methodology v2 on {Dimension} failed; its previous fit stays in use, the other dimensions are refitted meanwhile, and it is tried again in {RetrySeconds:0} s at the earliest",
                            dimension, wait.TotalSeconds);
                        failed++;
                        continue;
                    }

                    Backoff.Succeeded(dimension);
                    refitted++;
                }
            }, ct);
            if (held && !_background)
            {
                await leases.ReleaseAsync(LeaseStore.Refit, ct);
            }

            return (refitted, failed);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The dimensions that have no fit yet or whose ratings changed since their fit, in ordinal order.</summary>
    public static async Task<List<string>> StaleDimensionsAsync(CredibilityDbContext db, CancellationToken ct)
    {
        var dimensions = await db.RubricDimensions.AsNoTracking().Select(d => d.Key).Distinct().ToListAsync(ct);
        var fits = await db.DimensionFits.AsNoTracking().ToDictionaryAsync(f => f.Dimension, ct);
        return dimensions
            .Where(d => !fits.TryGetValue(d, out var f) || f.ComputedAt is null || f.Changes != f.FittedChanges)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private async Task RefitAsync(string dimension, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var result = await RefitAsync(db, dimension, clock, ct);
        logger.LogInformation("Refitted methodology v2 on {Dimension}: {Ratings} ratings, {Annotators} annotators, {Priors} bucket priors in {ElapsedMs:0} ms (read {ReadMs:0}, fit {FitMs:0}, priors {PriorsMs:0}, write {WriteMs:0})",
            dimension, result.Ratings, result.Annotators, result.Priors, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            result.Read.TotalMilliseconds, result.Fit.TotalMilliseconds, result.PriorsTime.TotalMilliseconds, result.Write.TotalMilliseconds);
    }

    /// <summary>
    /// Refits one dimension on <paramref name="db"/>: reads its current ratings, fits, and replaces its stored v2 rows
    /// in one transaction. The refit worker's core, callable without the service container (the benchmark does).
    /// </summary>
    public static async Task<RefitResult> RefitAsync(CredibilityDbContext db, string dimension, TimeProvider clock, CancellationToken ct)
    {
        var options = Methodology.V2;
        var stage = Stopwatch.StartNew();

        // The change count is read before the ratings: a batch applied while this runs leaves the fit stale.
        var changes = await db.DimensionFits.AsNoTracking().Where(f => f.Dimension == dimension).Select(f => (long?)f.Changes).SingleOrDefaultAsync(ct) ?? 0;
        var ranges = await V2Model.RangesAsync(db, ct);
        var range = ranges.GetValueOrDefault(dimension, 100);
        var ratings = await V2Model.CurrentRatingsAsync(db, dimension, ct);
        var read = stage.Elapsed;
        stage.Restart();

        // The fit and the priors are a second or more of CPU on a large history (0.5-1.6 s on the load data set), with no
        // await inside: on a thread of their own, not a thread-pool thread the requests' continuations need
        // (docs/benchmarks/refit-stalls-2026-12-06.md).
        var (fit, fitting, priors, priorsTime, onPool) = await Task.Factory.StartNew(() =>
        {
            var timer = Stopwatch.StartNew();
            var fit = V2Model.Fit(ratings, range, options);
            var fitting = timer.Elapsed;
            timer.Restart();
            var priors = V2Model.Priors(ratings, fit, range, options, Enum.GetValues<Bucket>()).ToList();
            return (fit, fitting, priors, timer.Elapsed, Thread.CurrentThread.IsThreadPoolThread);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(ct); // at shutdown the fit is left to finish alone: it touches only memory
        stage.Restart();
        var now = clock.GetUtcNow().UtcDateTime;

        // The rows are made (the priors' grids packed) before the transaction takes the write lock.
        var leniencyRows = fit.Annotators.Values.Select(l => new AnnotatorLeniencyEstimate
        {
            Dimension = dimension, AnnotatorId = l.AnnotatorId, Estimate = l.Estimate, Sd = l.Sd, Lower95 = l.Lower95, Upper95 = l.Upper95,
            OwnVariance = l.OwnVariance, Loading = l.Loading, Ratings = l.Ratings, Overlap = l.Overlap, Identified = l.Identified,
        }).ToList();
        var priorRows = priors.Select(p => new BucketPriorV2
        {
            Dimension = dimension, Bucket = p.Bucket, Start = p.Start, Outlets = p.Prior.Groups, Grid = BucketPriorV2.Pack(p.Prior),
        }).ToList();

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Set-based writes of a series' inputs follow: the cached series of every node are out of date from this commit.
            // The stamp's row is taken first, as the fold takes it (no lock cycle on SQL Server).
            await ScoreStamp.ChangeAsync(db, ct);
            await db.AnnotatorLeniencies.Where(l => l.Dimension == dimension).ExecuteDeleteAsync(ct);
            await db.BucketPriorsV2.Where(p => p.Dimension == dimension).ExecuteDeleteAsync(ct);
            var row = await db.DimensionFits.SingleOrDefaultAsync(f => f.Dimension == dimension, ct)
                      ?? db.DimensionFits.Add(new DimensionFit { Dimension = dimension, Changes = changes }).Entity;
            row.FittedChanges = changes;
            row.ComputedAt = now;
            row.NoiseVariance = fit.NoiseVariance;
            row.ArticleVariance = fit.ArticleVariance;
            row.LeniencyVariance = fit.LeniencyVariance;
            row.SharedVariance = fit.SharedVariance;
            row.Ratings = fit.Ratings;
            row.Articles = fit.Articles;
            row.OverlappingArticles = fit.OverlappingArticles;
            row.Unavailable = fit.Unavailable;
            await db.SaveChangesAsync(ct);

            // The leniencies and the priors (2,172 rows per dimension on the load data set) set-based, around the change
            // tracker: this transaction holds SQLite's write lock, and every rating write queues behind it (the refit's
            // write stage took 120-216 ms through the change tracker, 71-100 set-based).
            await BulkInsert.InsertAsync(db, leniencyRows, ct);
            await BulkInsert.InsertAsync(db, priorRows, ct);
            await transaction.CommitAsync(ct);
        });
        db.ChangeTracker.Clear();
        return new RefitResult(dimension, fit.Ratings, fit.Annotators.Count, priors.Count, read, fitting, priorsTime, stage.Elapsed, onPool);
    }
}

/// <summary>
/// Refits v2 shortly after rating changes are folded into the rollups, and polls for those of other processes.
/// <c>Methodology:RefitDelaySeconds</c> (default 2) lets a burst of writes gather into one refit: the worker refits once the
/// change counts have not moved for that long (<see cref="V2Refitter.WaitForQuietAsync(TimeSpan, TimeSpan, CancellationToken)"/>), so a bulk import shorter
/// than <c>Methodology:RefitMaxWaitSeconds</c> (default 30) is refitted once after its last batch rather than while it runs,
/// each such refit stale when it ends. Writes that have not paused for that long are refitted anyway: the wait counts from
/// when something first became stale after a spell with nothing stale, so under continuous writes the refits come, after
/// the first 30 s, at the pace of the rest below, one dimension after another, as before.
/// <c>Methodology:RefitMaxShare</c> (default 0.2) caps the share of time spent refitting under continuous writes
/// (a 16 s refit of a million ratings is followed by at least 64 s of rest). The worker refits one stale dimension at a
/// time and rests after each, so the cap holds over any stretch of a few refits, not only on average: refitting five stale
/// dimensions back to back took a core for ten seconds on the load data set and cut rating writes by a third meanwhile;
/// <c>Methodology:RefitInBackground=false</c> turns it off (tests then refit explicitly). Only the node holding the
/// <see cref="LeaseStore.Refit"/> lease refits; the others try the lease after their own wait (every few seconds, a second at
/// least, or after the wait for quiet while writes go on), and take it once it has expired. A dimension whose refit fails is
/// logged and passed over for 5 s, doubling to 5 minutes while it keeps failing (<see cref="RefitBackoff"/>), so the
/// dimensions after it in name order are still refitted.
/// </summary>
internal sealed class V2RefitWorker(V2Refitter refitter, LeaseStore leases, IConfiguration configuration, ILogger<V2RefitWorker> logger) : BackgroundService
{
    /// <summary>A node that stops hands the lease on at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await leases.ReleaseOnStopAsync(LeaseStore.Refit, logger, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Methodology:RefitInBackground", true))
        {
            return;
        }

        var delay = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Methodology:RefitDelaySeconds", Methodology.V2.RefitSeconds)));
        var maxWait = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Methodology:RefitMaxWaitSeconds", 30.0)));
        var share = Math.Clamp(configuration.GetValue("Methodology:RefitMaxShare", 0.2), 0.01, 1);
        // Since when something has been stale: reset only while nothing is, so the at-most wait bounds how long a change waits
        // for its first refit, and a stream of writes that never pauses is refitted at the rest's pace after it.
        var waitingSince = Stopwatch.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wake = V2Refitter.NextWake();
                if (!await refitter.AnyStaleAsync(stoppingToken))
                {
                    // Nothing to refit: wait for a change, polling for other processes'.
                    await V2Refitter.WaitForWorkAsync(wake, TimeSpan.FromSeconds(5), stoppingToken);
                    waitingSince = Stopwatch.GetTimestamp();
                    continue;
                }

                // Something is stale: let its burst of writes end first (the quiet spell is looked for only now, so a spell
                // before the change cannot count), waiting at most RefitMaxWaitSeconds since it became stale.
                var left = maxWait - Stopwatch.GetElapsedTime(waitingSince);
                await refitter.WaitForQuietAsync(delay, left > TimeSpan.Zero ? left : TimeSpan.Zero, stoppingToken);
                var started = Stopwatch.GetTimestamp();
                var (refitted, failed) = await refitter.RefitNextAsync(stoppingToken);
                var took = Stopwatch.GetElapsedTime(started);
                if (refitted + failed == 0)
                {
                    // Another node holds the lease and refits, or every stale dimension is waiting out a failure
                    // (RefitBackoff): look again later, after a second at least (this node's own folds wake it at once,
                    // and with RefitDelaySeconds=0 nothing else would slow the loop down).
                    await V2Refitter.WaitForWorkAsync(wake, TimeSpan.FromSeconds(5), stoppingToken);
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                    continue;
                }

                // A refit of a large history takes seconds of CPU, failed or not (a failure is logged and paced by
                // RefitBackoff); under a steady stream of writes the worker would refit back to back. Waiting in
                // proportion keeps it to at most this share of one core's time.
                await Task.Delay(took * ((1 / share) - 1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Reading what is stale, or the lease, failed (a refit's own failure is paced in RefitNextAsync). The fits
                // stay stale and are retried; reads keep using the previous ones and say when they were computed.
                logger.LogError(e, "Refitting methodology v2 failed; retrying in five seconds");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}

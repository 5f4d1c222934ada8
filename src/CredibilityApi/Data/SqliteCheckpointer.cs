using Microsoft.Data.Sqlite;

namespace CredibilityApi.Data;

/// <summary>
/// SQLite only, when <c>Database:SqliteCheckpointMilliseconds</c> is above 0: copies the write-ahead log back into the
/// database file from a background connection, and the app's connections stop checkpointing on commit
/// (<c>wal_autocheckpoint = 0</c>).
/// <para>
/// Why: SQLite's automatic checkpoint runs inside the COMMIT of the transaction that takes the log past 1,000 pages,
/// so it runs while that writer still holds this process's write gate (<see cref="SqliteWriteGate"/>), and every
/// queued writer waits for the copy. Here the copying is done beside the writers (<c>PRAGMA wal_checkpoint(PASSIVE)</c>,
/// which waits for no reader or writer). A log fully copied is only started over by a writer that begins when nothing
/// is left to copy, which under continuous writes never happens by itself; so once the log holds
/// <c>Database:SqliteCheckpointRestartFrames</c> frames (65,536: 256 MiB), one checkpoint is run holding the write gate: it copies the few frames written
/// since the last one, and the next writer starts the log over. Each such checkpoint syncs the log and the database file
/// while every writer waits; at 8,192 frames (32 MiB) they ran four times a second under the load benchmark's rating
/// writes and held the gate 12-15% of the time, and rating writes ran 6-27% faster at 65,536
/// (docs/benchmarks/refit-stalls-2026-12-06.md). The database file is flushed beside the writers first
/// (<see cref="SqliteFileSync"/>): otherwise the gated checkpoint's own flush wrote every page the passive ones had copied
/// since the last restart, and held the gate 85-172 ms (docs/benchmarks/checkpoint-flush-2026-12-06.md). The log file keeps its largest size on disk; reads beside heavy writes
/// search a longer log index, which was not measured. Several nodes on one file may each run one: a checkpoint
/// another holds is skipped, not waited for.
/// </para>
/// </summary>
internal sealed class SqliteCheckpointer(string connectionString, TimeSpan every, int restartFrames, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    /// <summary>Log frames (pages of 4 KiB) after which the log is made to start over (<c>Database:SqliteCheckpointRestartFrames</c>): 256 MiB.</summary>
    public const int DefaultRestartFrames = 65536;

    /// <summary>Flushes of the database file, each followed by a passive checkpoint, before a gated checkpoint.</summary>
    private const int FlushRounds = 2;

    /// <summary>How long the flush and the gated checkpoint wait after a reader held the log back twice in a row.</summary>
    private static readonly TimeSpan HeldBackPause = TimeSpan.FromSeconds(1);

    private long _ticks, _passive, _busy, _gated, _flushed, _failed, _heldBack, _lastLog = -1, _lastCopied = -1;
    private int _flushUnavailableLogged;

    /// <summary>What the checkpointer has done so far, for tests and diagnostics: a checkpoint that does nothing leaves no other trace.</summary>
    public CheckpointerStats Stats => new(
        Interlocked.Read(ref _ticks), Interlocked.Read(ref _passive), Interlocked.Read(ref _busy), Interlocked.Read(ref _gated),
        Interlocked.Read(ref _flushed), Interlocked.Read(ref _failed), Interlocked.Read(ref _lastLog), Interlocked.Read(ref _lastCopied),
        Interlocked.Read(ref _heldBack));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        SemaphoreSlim? gate = null;
        // A gated checkpoint that cannot copy the whole log while holding the write gate is held back by a reader's snapshot,
        // most often methodology v2's refit, which reads for seconds, statement after statement. Tried again on every tick,
        // each attempt held the gate up to 24 ms and flushed the file twice, 11 times in 1.4 s, and rating writes' p99 rose
        // to 83-111 ms in those seconds (docs/benchmarks/refit-gc-2026-12-07.md). After two in a row the flush and the
        // gated checkpoint pause until pausedUntil (a Stopwatch timestamp); the log grows meanwhile and is started over once
        // the reader is done.
        var heldBackInARow = 0;
        var pausedUntil = 0L;
        using var timer = new PeriodicTimer(every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Interlocked.Increment(ref _ticks);
            try
            {
                if (connection.State != System.Data.ConnectionState.Open)
                {
                    await connection.OpenAsync(stoppingToken);

                    // Keyed as the writers key it: by the open connection's file name, which SQLite gives with links resolved.
                    gate ??= SqliteWriteGate.For(connection.DataSource);
                }

                var (log, copiedBefore) = await CheckpointAsync(connection, stoppingToken);
                var due = log >= restartFrames && gate is not null && System.Diagnostics.Stopwatch.GetTimestamp() >= pausedUntil;
                if (due)
                {
                    (log, copiedBefore) = await FlushBesideTheWritersAsync(connection, log, copiedBefore, stoppingToken);
                }

                // Checked again: a log that a writer started over meanwhile needs no gated checkpoint, and one that another
                // connection is checkpointing (busy, -1) is left to the next tick.
                if (due && log >= restartFrames)
                {
                    await gate!.WaitAsync(stoppingToken);
                    var held = System.Diagnostics.Stopwatch.StartNew();
                    (long Log, long Copied) gated;
                    try
                    {
                        Interlocked.Increment(ref _gated);
                        gated = await CheckpointAsync(connection, stoppingToken);
                    }
                    finally
                    {
                        gate!.Release();
                    }

                    if (gated.Copied >= 0 && gated.Copied < gated.Log)
                    {
                        // No writer could add frames while the gate was held: what was left uncopied, a reader's snapshot holds.
                        // Once may be a short read that began before the last commit, so the next tick tries again; twice in a
                        // row is a long one (a refit reads statement after statement), and the attempts pause.
                        Interlocked.Increment(ref _heldBack);
                        if (++heldBackInARow >= 2)
                        {
                            pausedUntil = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(HeldBackPause.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
                            heldBackInARow = 0;
                        }
                    }
                    else if (gated.Copied >= 0)
                    {
                        heldBackInARow = 0;
                    }

                    // Every writer of the process waits while this runs: a long one shows in the writes' tail latency.
                    logger.Log(held.ElapsedMilliseconds >= 100 ? LogLevel.Information : LogLevel.Debug,
                        "A WAL checkpoint held the write gate for {Milliseconds} ms: {Copied} of {Frames} frames copied (the passive one before it had copied {Before})",
                        held.ElapsedMilliseconds, gated.Copied, gated.Log, copiedBefore);
                }
            }
            catch (SqliteException e)
            {
                Interlocked.Increment(ref _failed);
                logger.LogWarning(e, "A background WAL checkpoint failed (SQLite error {SqliteError}); the next tick tries again", e.SqliteErrorCode);
            }
        }
    }

    /// <summary>
    /// The database file flushed beside the writers, before the gated checkpoint. A passive checkpoint that could not copy the
    /// whole log (under continuous writes, every one but the gated) copies pages into the file without flushing it, so the
    /// gated one's flush wrote every page copied since the last restart: 85-172 ms holding the gate, every 2-3 s, under the
    /// load benchmark's rating writes, and every rating in flight waited (docs/benchmarks/checkpoint-flush-2026-12-06.md).
    /// Each flush is followed by a passive copy of what was written meanwhile, twice, so the gated one copies and flushes
    /// only what came after the last of them. Returns the last passive checkpoint's log and copied frames. A failed flush is
    /// logged and left to the gated checkpoint, which flushes the file itself.
    /// </summary>
    private async Task<(long Log, long Copied)> FlushBesideTheWritersAsync(SqliteConnection connection, long log, long copied, CancellationToken ct)
    {
        try
        {
            for (var round = 0; round < FlushRounds && log >= restartFrames; round++)
            {
                if (!SqliteFileSync.Sync(connection))
                {
                    if (Interlocked.Exchange(ref _flushUnavailableLogged, 1) == 0)
                    {
                        logger.LogWarning("The database file cannot be flushed beside the writers (no SQLite file handle or native export); each gated WAL checkpoint flushes it while holding the write gate");
                    }

                    break;
                }

                Interlocked.Increment(ref _flushed);
                (log, copied) = await CheckpointAsync(connection, ct);
            }
        }
        catch (SqliteException e)
        {
            logger.LogWarning(e, "Flushing the database file before a gated WAL checkpoint failed (SQLite error {SqliteError}); the checkpoint flushes it itself", e.SqliteErrorCode);
        }

        return (log, copied);
    }

    /// <summary>
    /// A passive checkpoint: the frames in the log and those copied (both -1 when the database is not in WAL mode, or
    /// when another connection was checkpointing: SQLite's "busy").
    /// </summary>
    private async Task<(long Log, long Copied)> CheckpointAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return (0, 0);
        }

        Interlocked.Increment(ref reader.GetInt64(0) == 0 ? ref _passive : ref _busy);
        var (log, copied) = (reader.GetInt64(1), reader.GetInt64(2));
        Interlocked.Exchange(ref _lastLog, log);
        Interlocked.Exchange(ref _lastCopied, copied);
        return (log, copied);
    }
}

/// <summary>
/// <see cref="SqliteCheckpointer"/>'s counts: timer ticks, passive checkpoints SQLite answered and those it answered busy,
/// checkpoints run holding the write gate, database file flushes before them (<see cref="SqliteFileSync"/>), failures, the frames in the log and copied at the last one,
/// and gated checkpoints a reader held back (each pausing the next attempts for a second).
/// </summary>
internal sealed record CheckpointerStats(long Ticks, long Checkpoints, long Busy, long Gated, long Flushed, long Failed, long LastLog, long LastCopied, long HeldBack);

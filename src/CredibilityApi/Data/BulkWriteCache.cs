using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace CredibilityApi.Data;

/// <summary>
/// SQLite only: a larger page cache for one import batch, on the connection that reads and writes it
/// (<c>Database:SqliteBulkCacheKiB</c>, default 32768; 0 leaves the normal cache).
/// <para>
/// Why (issue 13): every pooled connection keeps a small cache (<c>Database:SqliteCacheKiB</c>, 512 KiB), and SQLite
/// empties a connection's cache whenever another connection has written the file since it last looked, so with the
/// fold and the requests writing on different connections each batch starts cold. A batch of 1,000 ratings inserts
/// into two tables of a million rows and their indexes: with 128 pages of cache it evicted the indexes' inner pages
/// over and over, and read them back with a system call each (docs/benchmarks/import-cache-2026-12-07.md). The larger
/// cache is set when the batch opens its connection and set back when it ends, so the pool's idle connections keep only
/// the normal cache (SQLite frees the pages above a lowered size). At most <see cref="Slots"/> batches hold it at once;
/// a batch beyond them runs with the normal cache, so concurrent imports cannot add more than that many caches.
/// </para>
/// </summary>
public sealed class BulkWriteCache(int normalKiB, int bulkKiB, ILogger<BulkWriteCache> logger)
{
    /// <summary>No change (SQL Server, or the setting at 0).</summary>
    public static readonly BulkWriteCache None = new(0, 0, NullLogger<BulkWriteCache>.Instance);

    /// <summary>How many batches may hold the larger cache at once.</summary>
    public const int Slots = 2;

    private readonly SemaphoreSlim _slots = new(Slots, Slots);
    private long _widened;

    public int BulkKiB => bulkKiB;

    /// <summary>How many bulk writes have widened a cache since start-up (tests read it).</summary>
    internal long Widened => Interlocked.Read(ref _widened);

    private bool Enabled => bulkKiB > normalKiB;

    /// <summary>
    /// Opens the context's connection (held open until the scope ends, so every statement of the batch runs on the one
    /// native connection) and widens its cache; disposing the scope sets the normal size back and closes it. Does nothing
    /// when off, on SQL Server, or when <see cref="Slots"/> batches already hold the larger cache.
    /// </summary>
    public async Task<Scope> WidenAsync(CredibilityDbContext db, CancellationToken ct)
    {
        if (!Enabled || !db.Database.IsSqlite() || !await _slots.WaitAsync(0, ct))
        {
            return default;
        }

        try
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await SetAsync(db, bulkKiB, ct);
            }
            catch
            {
                await DiscardAsync(db);
                throw;
            }
        }
        catch
        {
            _slots.Release();
            throw;
        }

        Interlocked.Increment(ref _widened);
        return new Scope(this, db);
    }

    private static async Task SetAsync(CredibilityDbContext db, int kib, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA cache_size = -{kib}";
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Sets the normal size back and closes the connection; if that fails, the native connection leaves the pool.</summary>
    private async ValueTask EndAsync(CredibilityDbContext db)
    {
        try
        {
            // Not cancellable: the pooled connection must not keep the large cache.
            await SetAsync(db, normalKiB, CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
        catch (Exception e)
        {
            // Never thrown from here: it would hide the batch's own outcome (a 422, a 409).
            logger.LogWarning(e, "Setting an import connection's page cache back to {NormalKiB} KiB failed; the connection is dropped from the pool instead", normalKiB);
            await DiscardAsync(db);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Closes the connection and empties its pool, so no pooled native connection keeps the larger cache.</summary>
    private static async Task DiscardAsync(CredibilityDbContext db)
    {
        try
        {
            if (db.Database.GetDbConnection() is SqliteConnection connection)
            {
                SqliteConnection.ClearPool(connection);
            }

            await db.Database.CloseConnectionAsync();
        }
        catch (Exception)
        {
            // Closing a broken connection may fail too; the pool was cleared first.
        }
    }

    /// <summary>Ends a batch's larger cache: the normal size back, the connection closed, the slot freed.</summary>
    public readonly struct Scope(BulkWriteCache? owner, CredibilityDbContext? db) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => owner is null || db is null ? ValueTask.CompletedTask : owner.EndAsync(db);
    }
}

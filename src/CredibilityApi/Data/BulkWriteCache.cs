using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Data;

/// <summary>
/// SQLite only: a larger page cache for one bulk write, an import batch or a batch of the rollup fold, on the connection
/// that makes it (<c>Database:SqliteBulkCacheKiB</c>, default 32768; 0 leaves the normal cache).
/// <para>
/// Why (issue 13): every pooled connection keeps a small cache (<c>Database:SqliteCacheKiB</c>, 512 KiB), and SQLite
/// empties a connection's cache whenever another connection has written the file since it last looked, so with the
/// fold and the requests writing on different connections each batch starts cold. A batch of 1,000 ratings inserts
/// into two tables of a million rows and their nine indexes: with 128 pages of cache it evicted the indexes' inner
/// pages over and over, and read them back with a system call each (docs/benchmarks/import-cache-2026-12-07.md). The
/// larger cache is set when the bulk write opens its connection and set back when it ends, so the pool's idle
/// connections keep only the normal cache and the memory goes back with it (SQLite frees pages above a lowered size).
/// </para>
/// </summary>
public sealed class BulkWriteCache(int normalKiB, int bulkKiB)
{
    /// <summary>No change (SQL Server, or the setting at 0).</summary>
    public static readonly BulkWriteCache None = new(0, 0);

    public int BulkKiB => bulkKiB;

    private long _widened;

    /// <summary>How many bulk writes have widened a cache since start-up (tests read it).</summary>
    internal long Widened => Interlocked.Read(ref _widened);

    private bool Enabled => bulkKiB > normalKiB;

    /// <summary>
    /// Opens the context's connection (held open until the scope ends, so every statement of the bulk write runs on the
    /// one native connection) and widens its cache; disposing the scope sets the normal size back and closes it.
    /// </summary>
    public async Task<Scope> WidenAsync(CredibilityDbContext db, CancellationToken ct)
    {
        if (!Enabled || !db.Database.IsSqlite())
        {
            return default;
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await SetAsync(db, bulkKiB, ct);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }

        Interlocked.Increment(ref _widened);
        return new Scope(db, normalKiB);
    }

    private static async Task SetAsync(CredibilityDbContext db, int kib, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA cache_size = -{kib}";
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Sets the connection's normal cache size back, then closes the connection it opened.</summary>
    public readonly struct Scope(CredibilityDbContext? db, int normalKiB) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (db is null)
            {
                return;
            }

            try
            {
                // Not cancellable: the pooled connection must not keep the large cache.
                await SetAsync(db, normalKiB, CancellationToken.None);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}

using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CredibilityApi.Data;

/// <summary>
/// Sets SQLite's own busy timeout on every database connection the app uses. SQLite has one writer at a
/// time; without a busy timeout a writer that finds the lock taken gets SQLITE_BUSY at once and
/// Microsoft.Data.Sqlite retries it after sleeping 150 ms, which under concurrent writes puts whole sleeps
/// into the tail latency. SQLite's busy handler instead waits in steps of 1 to 100 ms and takes the lock as
/// soon as it is free. The setting belongs to the native connection, which the pool keeps, so it is made
/// once per native connection, not on every open. So is the synchronous level (<c>Database:SqliteSynchronous</c>),
/// which SQLite also keeps per connection, and the page cache's size (<c>Database:SqliteCacheKiB</c>): every pooled
/// connection has its own cache, and under 50 concurrent writes the pool holds some 55 connections, so SQLite's default
/// of 2 MiB each came to a fifth of the process's memory (issue 13's memory target).
/// </summary>
internal sealed class SqliteConnectionSettings(string synchronous, int cacheKiB, bool autoCheckpoint = true) : DbConnectionInterceptor
{
    public const int Milliseconds = 10_000;

    /// <summary>The statements run on each native connection's first open (a connection opened outside EF runs them itself).</summary>
    internal string Pragmas => _pragmas;

    /// <summary>Without automatic checkpoints (<see cref="SqliteCheckpointer"/> runs them), a commit never copies the log back itself.</summary>
    private readonly string _pragmas = $"PRAGMA busy_timeout = {Milliseconds}; PRAGMA synchronous = {synchronous}; PRAGMA cache_size = -{cacheKiB};"
        + (autoCheckpoint ? "" : " PRAGMA wal_autocheckpoint = 0;");

    private static readonly ConditionalWeakTable<object, object> Done = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (FirstOpen(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (FirstOpen(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Done.TryAdd(handle, handle);
}

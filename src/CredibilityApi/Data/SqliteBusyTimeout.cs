using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CredibilityApi.Data;

/// <summary>
/// Sets SQLite's own busy timeout on every connection the context opens. SQLite has one writer at a time;
/// without a busy timeout a writer that finds the lock taken gets SQLITE_BUSY at once and
/// Microsoft.Data.Sqlite retries it after sleeping 150 ms, which under concurrent writes puts whole
/// sleeps into the tail latency. SQLite's busy handler instead waits in steps of 1 to 100 ms and takes
/// the lock as soon as it is free.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public const int Milliseconds = 10_000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {Milliseconds};";
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {Milliseconds};";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Data;

/// <summary>
/// SQLite only: a few connections held open, each keeping its statements prepared, for the hottest reads
/// (<c>GET /outlets/{id}</c>). Microsoft.Data.Sqlite prepares a command's statements once and keeps them for the
/// command's life, but EF Core makes a new command for every query, so SQLite compiled the same statement again on
/// every request: 23% of a GET's CPU in the profile (docs/benchmarks/profile-get-outlet-2026-12-05.md), with EF's
/// per-query pipeline and the pooled open on top. The sessions only read: in WAL mode each statement sees the last
/// commit, of this process or another, and never waits for a writer. Connections open on first use (after the
/// migrations), at most <c>Database:HotReadConnections</c> (default 8) of them; a read waits, without a thread, for
/// a free one. Each maps up to <c>Database:HotReadMmapMiB</c> of the file (default 256).
/// </summary>
public sealed class SqliteReadSessions(string connectionString, int size, long mmapBytes) : IDisposable
{
    private readonly Channel<ReadSession> _idle = Channel.CreateUnbounded<ReadSession>();
    private readonly ConcurrentBag<ReadSession> _all = [];
    private int _opened;

    public async ValueTask<T> ReadAsync<T>(Func<ReadSession, T> read, CancellationToken ct)
    {
        var session = _idle.Reader.TryRead(out var idle) ? idle : await OpenOrWaitAsync(ct);
        try
        {
            return read(session);
        }
        catch (SqliteException)
        {
            // A connection that failed (the file went away, an I/O error) is not trusted again.
            session.Dispose();
            Interlocked.Decrement(ref _opened);
            session = null;
            throw;
        }
        finally
        {
            if (session is not null)
            {
                _idle.Writer.TryWrite(session);
            }
        }
    }

    private async ValueTask<ReadSession> OpenOrWaitAsync(CancellationToken ct)
    {
        if (Interlocked.Increment(ref _opened) <= size)
        {
            try
            {
                var connection = new SqliteConnection(connectionString);
                connection.Open();
                using (var pragma = connection.CreateCommand())
                {
                    // mmap: pages are read from the mapped file instead of copied in by a read() per page into each connection's own cache.
                    pragma.CommandText = $"PRAGMA busy_timeout = {SqliteConnectionSettings.Milliseconds}; PRAGMA mmap_size = {mmapBytes};";
                    pragma.ExecuteNonQuery();
                }

                var session = new ReadSession(connection);
                _all.Add(session);
                return session;
            }
            catch
            {
                Interlocked.Decrement(ref _opened);
                throw;
            }
        }

        Interlocked.Decrement(ref _opened);
        return await _idle.Reader.ReadAsync(ct);
    }

    public void Dispose()
    {
        _idle.Writer.TryComplete();
        foreach (var session in _all)
        {
            session.Dispose();
        }
    }
}

/// <summary>One open connection and the commands prepared on it, by their SQL; used by one read at a time.</summary>
public sealed class ReadSession(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>The command for <paramref name="sql"/>, prepared the first time, with its parameters <c>$p0</c>, <c>$p1</c>… set to <paramref name="values"/>.</summary>
    public SqliteCommand Command(string sql, params ReadOnlySpan<object?> values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$p" + i, values[i] ?? DBNull.Value));
            }

            command.Prepare();
            _commands[sql] = command;
            return command;
        }

        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }
}

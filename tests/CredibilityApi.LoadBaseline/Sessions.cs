using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.LoadBaseline;

/// <summary>
/// One open connection with its prepared commands, reused across requests: each distinct SQL text is
/// prepared once per connection and then only rebound.
/// </summary>
internal sealed class Session(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    /// <summary>The open transaction of the write session, which every command then joins.</summary>
    public SqliteTransaction? Transaction { get; set; }

    /// <summary>The prepared command for <paramref name="sql"/>, its parameters set from <paramref name="values"/> ($p0, $p1, ...).</summary>
    public SqliteCommand Command(string sql, params object?[] values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$p" + i, values[i] ?? DBNull.Value));
            }

            command.Prepare();
            _commands[sql] = command;
        }

        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.Transaction = Transaction;
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        Connection.Dispose();
    }
}

/// <summary>
/// A fixed set of read sessions handed out one request at a time, and one write session behind a lock:
/// SQLite allows one writer, so writers queue here in process instead of spinning on SQLITE_BUSY.
/// The file is in WAL mode (as the API sets it), so reads never wait for the writer.
/// </summary>
internal sealed class Sessions : IDisposable
{
    private readonly Channel<Session> _readers;
    private readonly List<Session> _all = [];
    private readonly Session _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public Sessions(string connectionString, int readers, long readMmapBytes = 0)
    {
        _readers = Channel.CreateBounded<Session>(readers);
        for (var i = 0; i < readers; i++)
        {
            var session = Open(connectionString, readMmapBytes);
            _all.Add(session);
            _readers.Writer.TryWrite(session);
        }

        _writer = Open(connectionString);
        _all.Add(_writer);
    }

    private static Session Open(string connectionString, long mmapBytes = 0)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // The API's settings: WAL (set once on the file at its start-up) and synchronous=NORMAL on every
        // connection (the API's default Database:SqliteSynchronous); the read connections map as much of the file as
        // the API's Database:HotReadMmapMiB (256 by default; --mmap-mib).
        pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size={mmapBytes};";
        pragma.ExecuteNonQuery();
        return new Session(connection);
    }

    public async Task<T> ReadAsync<T>(Func<Session, T> work, CancellationToken ct)
    {
        var session = await _readers.Reader.ReadAsync(ct);
        try
        {
            return work(session);
        }
        finally
        {
            _readers.Writer.TryWrite(session);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one IMMEDIATE transaction on the write session, committed when it returns.</summary>
    public async Task<T> WriteAsync<T>(Func<Session, SqliteTransaction, T> work, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            using var transaction = _writer.Connection.BeginTransaction(deferred: false);
            _writer.Transaction = transaction;
            var result = work(_writer, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writer.Transaction = null;
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        foreach (var session in _all)
        {
            session.Dispose();
        }

        _writeLock.Dispose();
    }
}

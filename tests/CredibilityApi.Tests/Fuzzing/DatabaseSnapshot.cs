using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Fuzzing;

/// <summary>
/// A fingerprint of everything the database holds: every row of every table, read straight from the
/// database with its own connection (not through the app or EF), hashed row by row and combined in
/// sorted order so row order does not matter but every byte of every value does.
/// </summary>
/// <remarks>
/// One table is allowed to change on a rejected request, and only in one row:
/// <c>IdempotencyRecords</c>, the row of the <c>Idempotency-Key</c> the request itself carried. The
/// idempotency draft the API follows stores the first <i>final</i> response under the key, 4xx
/// included, so that a retry gets the same answer instead of being re-run; a rejected request with a
/// key therefore legitimately writes that one row. Rows of other keys must not change. Nothing else is
/// bookkeeping: API keys keep no last-used time and rate-limit counters live in memory, so every other
/// table (domain data, rollups, accounts, keys, the migrations history) must stay byte-for-byte the same.
/// The one table left out is <c>Leases</c>: the node's background workers renew their leases every few seconds,
/// whatever the requests do, so its rows change with time, not with requests.
/// </remarks>
public sealed class DatabaseSnapshot : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly bool _sqlite;
    private readonly string _idempotencyTable;
    private readonly string _idempotencyKeyColumn;
    private (long Version, string? Excluded, string Hash)? _cached;

    private DatabaseSnapshot(DbConnection connection, bool sqlite, string idempotencyTable, string idempotencyKeyColumn)
    {
        _connection = connection;
        _sqlite = sqlite;
        _idempotencyTable = idempotencyTable;
        _idempotencyKeyColumn = idempotencyKeyColumn;
    }

    public static async Task<DatabaseSnapshot> OpenAsync(ApiFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var entity = db.Model.FindEntityType(typeof(IdempotencyRecord))!;
        var table = entity.GetTableName()!;
        var column = entity.FindProperty(nameof(IdempotencyRecord.Key))!.GetColumnName();
        var connectionString = db.Database.GetConnectionString()!;

        DbConnection connection = factory.OnSqlServer
            ? new SqlConnection(connectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        return new DatabaseSnapshot(connection, !factory.OnSqlServer, table, column);
    }

    /// <summary>
    /// The fingerprint, leaving out the idempotency row of <paramref name="idempotencyKey"/> if given.
    /// On SQLite, <c>PRAGMA data_version</c> tells whether any other connection committed since the last
    /// fingerprint; if none did, the database cannot have changed and the last fingerprint stands.
    /// </summary>
    public async Task<string> TakeAsync(string? idempotencyKey)
    {
        long version = -1;
        if (_sqlite)
        {
            version = Convert.ToInt64(await ScalarAsync("PRAGMA data_version;"), System.Globalization.CultureInfo.InvariantCulture);
            if (_cached is { } cached && cached.Version == version && cached.Excluded == idempotencyKey)
            {
                return cached.Hash;
            }
        }

        var tables = new List<string>();
        await using (var list = _connection.CreateCommand())
        {
            list.CommandText = _sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                : "SELECT TABLE_SCHEMA + '].[' + TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE' ORDER BY 1";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables.Where(t => t is not ("Leases" or "dbo].[Leases")))
        {
            all.AppendData(Encoding.UTF8.GetBytes($"table {table}\n"));
            foreach (var row in await RowHashesAsync(table, idempotencyKey))
            {
                all.AppendData(row);
            }
        }

        var hash = Convert.ToHexStringLower(all.GetHashAndReset());
        _cached = (version, idempotencyKey, hash);
        return hash;
    }

    /// <summary>
    /// True when no connection has committed anything since the last fingerprint (SQLite's
    /// <c>data_version</c>), so the database is certainly unchanged; false when it cannot tell.
    /// </summary>
    public async Task<bool> CertainlyUnchangedAsync()
    {
        if (!_sqlite || _cached is not { } cached)
        {
            return false;
        }

        var version = Convert.ToInt64(await ScalarAsync("PRAGMA data_version;"), System.Globalization.CultureInfo.InvariantCulture);
        return version == cached.Version;
    }

    /// <summary>
    /// The rows of one table as hashes, sorted. On SQLite each value is read as the bytes SQLite holds
    /// (no decoding into .NET strings), tagged with its storage class.
    /// </summary>
    private async Task<List<byte[]>> RowHashesAsync(string table, string? idempotencyKey)
    {
        var rows = new List<byte[]>();
        var skipKey = idempotencyKey is not null && table.EndsWith(_idempotencyTable, StringComparison.Ordinal);
        await using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT * FROM [{table}]";
        await using var reader = await command.ExecuteReaderAsync();
        var keyOrdinal = skipKey ? reader.GetOrdinal(_idempotencyKeyColumn) : -1;
        using var row = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var length = new byte[5];
        while (await reader.ReadAsync())
        {
            if (skipKey && !reader.IsDBNull(keyOrdinal) && reader.GetString(keyOrdinal) == idempotencyKey)
            {
                continue;
            }

            for (var i = 0; i < reader.FieldCount; i++)
            {
                byte[] bytes;
                if (reader.IsDBNull(i))
                {
                    length[0] = 0;
                    bytes = [];
                }
                else if (_sqlite)
                {
                    length[0] = reader.GetFieldType(i) == typeof(byte[]) ? (byte)1 : reader.GetFieldType(i) == typeof(string) ? (byte)2 : (byte)3;
                    bytes = reader.GetFieldValue<byte[]>(i);
                }
                else
                {
                    var value = reader.GetValue(i);
                    (length[0], bytes) = value switch
                    {
                        byte[] blob => ((byte)1, blob),
                        string text => ((byte)2, Encoding.UTF8.GetBytes(text)),
                        IFormattable number => ((byte)3, Encoding.UTF8.GetBytes(number.ToString(null, System.Globalization.CultureInfo.InvariantCulture))),
                        _ => ((byte)4, Encoding.UTF8.GetBytes(value.ToString() ?? "")),
                    };
                }

                BitConverter.TryWriteBytes(length.AsSpan(1), bytes.Length);
                row.AppendData(length);
                row.AppendData(bytes);
            }

            rows.Add(row.GetHashAndReset());
        }

        rows.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        return rows;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}

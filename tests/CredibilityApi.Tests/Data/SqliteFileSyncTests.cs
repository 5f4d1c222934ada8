using CredibilityApi.Data;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Tests.Data;

/// <summary>
/// <see cref="SqliteFileSync"/>: the background checkpointer flushes the database file through SQLite's own handle before
/// it takes the write gate, so that the gated checkpoint's flush is short. These check the native plumbing (the library
/// export, the file pointer, the <c>xSync</c> slot) on the SQLite the app ships with.
/// </summary>
public sealed class SqliteFileSyncTests
{
    [Fact]
    public void A_database_file_is_flushed_through_its_connection_and_stays_usable()
    {
        var path = Path.Combine(Path.GetTempPath(), $"credibility-sync-{Guid.NewGuid():N}.db");
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);");
            // The rows copied into the file, so it holds pages that a wrong slot of the VFS's methods (xTruncate's, next to
            // xSync's) would cut off.
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
            var length = new FileInfo(path).Length;
            length.ShouldBeGreaterThan(0);

            SqliteFileSync.Sync(connection).ShouldBeTrue("a database on disk has a file whose VFS can flush it");
            new FileInfo(path).Length.ShouldBe(length, "a flush leaves the file as it is");

            // The connection keeps its locks and its data: a write and a read after the flush work as before.
            Execute(connection, "INSERT INTO t VALUES (3);");
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM t";
            Convert.ToInt32(count.ExecuteScalar()).ShouldBe(3);
            using var other = new SqliteConnection($"Data Source={path};Pooling=False");
            other.Open();
            using var read = other.CreateCommand();
            read.CommandText = "SELECT COUNT(*) FROM t";
            Convert.ToInt32(read.ExecuteScalar()).ShouldBe(3, "another connection reads the same rows");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    [Fact]
    public void An_in_memory_database_or_a_closed_connection_has_no_file_to_flush()
    {
        using var memory = new SqliteConnection("Data Source=:memory:");
        memory.Open();
        Execute(memory, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");
        SqliteFileSync.Sync(memory).ShouldBeFalse("an in-memory database has no file on disk");

        using var closed = new SqliteConnection("Data Source=:memory:");
        SqliteFileSync.Sync(closed).ShouldBeFalse("a connection that is not open has no handle");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

using System.Data.Common;
using System.Text;
using CredibilityApi.Aggregation;
using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Annotation = CredibilityApi.Domain.Annotation;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CredibilityApi.Data;

/// <summary>
/// Inserts many new rows of one entity type in the open transaction of a context, around the change tracker:
/// INSERT statements built from the EF model (table, columns, and each column's type mapping and value converter,
/// so a row is stored exactly as SaveChanges would store it), prepared once per call and run per row on SQLite,
/// multi-row per chunk on SQL Server. For bulk imports, where tracking, snapshotting and a command per row cost more
/// than the insert itself. The entities stay untracked. Store-generated keys (identities) are left to the store
/// and not read back: use it only for rows nothing in the request refers to by that key.
/// <para>
/// Annotations go through <see cref="InsertAnnotationsAsync"/> only, which queues the rollup changes of the
/// ratings in the same transaction, as <see cref="RollupQueueInterceptor"/> does for changes that SaveChanges writes
/// (<c>Conventions/RollupQueueTests</c> holds both).
/// </para>
/// </summary>
internal static class BulkInsert
{
    /// <summary>
    /// Parameters per statement: under SQL Server's 2,100 (SQLite allows 32,766), so a chunk of rows is one
    /// statement on both.
    /// </summary>
    private const int MaxParameters = 2000;

    /// <summary>
    /// Inserts new annotations, and queues the rollup change of every (article, dimension) their ratings touch,
    /// in the context's current transaction (there must be one). Wake the <see cref="RollupApplier"/> once it commits.
    /// </summary>
    public static async Task InsertAnnotationsAsync(CredibilityDbContext db, IReadOnlyList<Annotation> annotations, CancellationToken ct)
    {
        var pending = annotations
            .Where(a => a.Kind == AnnotationKind.Rating && a.ArticleId is not null && a.Dimension is not null)
            .Select(a => (a.ArticleId!, a.Dimension!))
            .Distinct()
            .Select(p => new PendingRollup { ArticleId = p.Item1, Dimension = p.Item2 })
            .ToList();
        await InsertRowsAsync(db, annotations, ct);
        await InsertRowsAsync(db, pending, ct);
    }

    /// <summary>Inserts new rows of <typeparamref name="T"/> (not annotations) in the context's current transaction.</summary>
    public static Task InsertAsync<T>(CredibilityDbContext db, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class =>
        typeof(T) == typeof(Annotation)
            ? throw new InvalidOperationException($"Annotations are inserted with {nameof(InsertAnnotationsAsync)}, which queues their rollups.")
            : InsertRowsAsync(db, rows, ct);

    private static async Task InsertRowsAsync<T>(CredibilityDbContext db, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk insert runs in the context's transaction: begin one first, so it commits with the rest of the write.");
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = ModelColumns.Inserted(entityType, "the bulk insert");

        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))}) VALUES ";
        // SQLite: one row per statement, compiled once and run for every row. Its parameters are bound by name, and
        // finding a name is a scan of the statement's names, so a statement of many rows binds in quadratic time;
        // a prepared single-row insert is what SQLite does fastest. SQL Server: as many rows per statement as its
        // parameter limit allows, one round trip per chunk.
        var sqlite = db.Database.IsSqlite();
        var perStatement = sqlite ? 1 : Math.Max(1, MaxParameters / columns.Count);
        var connection = db.Database.GetDbConnection();
        var timeout = db.Database.GetCommandTimeout();
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                var command = count == perStatement && full is not null ? full : Command(connection, transaction, timeout, head, columns.Count, count, sql);
                if (count == perStatement)
                {
                    full = command;
                }

                command.Parameters.Clear();
                for (var r = 0; r < count; r++)
                {
                    var row = rows[start + r];
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var (property, mapping, getter) = columns[c];
                        command.Parameters.Add(mapping.CreateParameter(command, sql.GenerateParameterName(Name(r, c, columns.Count)), getter.GetClrValue(row), property.IsNullable));
                    }
                }

                // SQLite compiles a command's text at every execution unless it is prepared: the statement reused
                // for every full chunk is compiled once. (SQL Server caches the plan of a parameterized statement.)
                if (sqlite && ReferenceEquals(command, full) && start == 0)
                {
                    await command.PrepareAsync(ct);
                }

                await command.ExecuteNonQueryAsync(ct);
                if (!ReferenceEquals(command, full))
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, int? timeout, string head, int columns, int rows, ISqlGenerationHelper sql)
    {
        var text = new StringBuilder(head, head.Length + rows * columns * 8);
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns; c++)
            {
                text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(Name(r, c, columns)));
            }

            text.Append(')');
        }

        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text.ToString();
        if (timeout is { } seconds)
        {
            command.CommandTimeout = seconds;
        }

        return command;
    }

    private static string Name(int row, int column, int columns) => "p" + (row * columns + column).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

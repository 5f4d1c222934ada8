using System.Collections.Concurrent;
using System.Data.Common;
using CredibilityApi.Aggregation;
using CredibilityApi.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Annotation = CredibilityApi.Domain.Annotation;

namespace CredibilityApi.Data;

/// <summary>A rating to write: new (<see cref="Original"/> null) or changed from the stored row it was loaded as.</summary>
/// <param name="Rating">The rating as the domain left it.</param>
/// <param name="Original">Its column values as loaded (<see cref="SqliteRatingWriter.Snapshot"/>), or null for a new rating.</param>
internal sealed record RatingToWrite(Annotation Rating, object?[]? Original);

/// <summary>The rows one rating request writes: its ratings, their revisions, and the (article, dimension) pairs to fold.</summary>
internal sealed record RatingRequestRows(IReadOnlyList<RatingToWrite> Ratings, IReadOnlyList<AnnotationRevision> Revisions);

/// <summary>
/// SQLite only: writes rating requests' rows in group commits, on one held-open connection, with statements prepared once
/// (issue 13). Measured under 50 concurrent rating requests, SQLite's one write lock was the bound: held about 1 ms per
/// request by EF Core's SaveChanges (building and compiling its statements inside the transaction), plus 0.4 ms between one
/// writer's release and the next one's resumption on the thread pool. Here a thread of its own takes every request queued
/// since its last commit (up to <c>Database:RatingWriteBatch</c>, default 64), and writes them in one transaction under the
/// process's write gate (<see cref="SqliteWriteGate"/>), each inside a savepoint: a request that loses a race (the same
/// annotator's rating created or changed by another request since it was read) is rolled back alone and answered 409, as
/// SaveChanges' unique-index and concurrency-token failures are. The statements are built from the EF model (tables,
/// columns, type mappings and value converters), so a row is stored as SaveChanges stores it; a changed rating updates the
/// columns that differ from the row it was loaded as, guarded by its <c>Version</c> (the concurrency token), as SaveChanges
/// does. Every rating written queues its (article, dimension) for the fold in the same transaction, as
/// <see cref="RollupQueueInterceptor"/> does for SaveChanges (<c>Conventions/RollupQueueTests</c>), and the
/// <see cref="RollupApplier"/> is woken after the commit. Ratings are not an input of the score stamp (<see cref="ScoreStamp.Inputs"/>).
/// </summary>
internal sealed class SqliteRatingWriter : IDisposable
{
    private readonly ConcurrentQueue<Queued> _queue = new();

    /// <summary>
    /// Set when a request is queued. A kernel event, not BlockingCollection's semaphore: a thread waiting on that spins
    /// first, and a writer that empties the queue between requests spun 7% of the process's CPU in the profile.
    /// </summary>
    private readonly AutoResetEvent _queued = new(false);
    private volatile bool _stopping;
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly int _maxBatch;
    private readonly ILogger<SqliteRatingWriter> _logger;
    private readonly Lock _start = new();
    private Thread? _thread;
    private Model? _model;

    public SqliteRatingWriter(string connectionString, string pragmas, int maxBatch, ILogger<SqliteRatingWriter> logger)
    {
        _connectionString = connectionString;
        // The app's settings, and the writer's temporary files in memory. Each request is written inside a savepoint, and
        // SQLite keeps the prior content of every page a savepoint changes in a sub-journal, which goes to a temporary file
        // once it passes 64 KiB: a rating changes some 15-20 pages (60-80 KiB), so under load the writer created, wrote and
        // deleted a file in /var/tmp for its transactions, and wrote more pages to those files than to the write-ahead log
        // (18,300 against 12,042 pwrite calls in 3 s, docs/benchmarks/rating-subjournal-2026-12-07.md). In memory the
        // sub-journal is emptied at each savepoint's release, so it holds one request's pages at most. The setting is the
        // writer's alone: on other connections it would also keep large sorts in memory.
        _pragmas = pragmas + " PRAGMA temp_store = MEMORY;";
        _maxBatch = Math.Clamp(maxBatch, 1, MaxBatch);
        _logger = logger;
    }

    /// <summary>The writer's connection's <c>temp_store</c> as SQLite reports it once opened (2: memory); 0 before it is opened.</summary>
    public int TempStore { get; private set; }

    /// <summary>The most requests one transaction writes (<c>Database:RatingWriteBatch</c> is clamped to it).</summary>
    public const int MaxBatch = 1000;

    /// <summary>
    /// Requests the writer has taken so far (written, or refused as a lost race), and the transactions it took them in (a
    /// test checks that requests share them).
    /// </summary>
    public (long Requests, long Transactions) Written => (Interlocked.Read(ref _requests), Interlocked.Read(ref _transactions));

    /// <summary>Requests queued and not yet taken by the writer.</summary>
    internal int Waiting => _queue.Count;

    private long _requests;
    private long _transactions;

    /// <summary>A rating's column values, in the writer's column order: taken when it is loaded, to find what a change changed.</summary>
    public object?[] Snapshot(CredibilityDbContext db, Annotation rating) => ModelOf(db).Annotations.Snapshot(rating);

    /// <summary>
    /// Writes one request's rows with the requests queued beside it: true once committed, false when the request lost a race
    /// (nothing of it is written). Other failures are thrown, as SaveChanges throws them.
    /// </summary>
    public Task<bool> WriteAsync(CredibilityDbContext db, RatingRequestRows rows)
    {
        ModelOf(db);
        EnsureStarted();
        var queued = new Queued(rows, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_start)
        {
            // Checked and queued under the lock Dispose takes, so a request is either refused or written.
            ObjectDisposedException.ThrowIf(_stopping, this);
            _queue.Enqueue(queued);
            _queued.Set();
        }

        return queued.Done.Task;
    }

    private Model ModelOf(CredibilityDbContext db) => _model ?? Interlocked.CompareExchange(ref _model, new Model(db), null) ?? _model;

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _thread) is not null)
        {
            return;
        }

        lock (_start)
        {
            if (_thread is null)
            {
                var thread = new Thread(Run) { IsBackground = true, Name = "SQLite rating writer" };
                thread.Start();
                Volatile.Write(ref _thread, thread);
            }
        }
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        Statements? statements = null;
        var batch = new List<Queued>(_maxBatch);
        while (true)
        {
            if (!_queue.TryDequeue(out var first))
            {
                if (_stopping)
                {
                    break;
                }

                _queued.WaitOne();
                continue;
            }

            batch.Clear();
            batch.Add(first);
            TopUp(batch);

            try
            {
                if (connection is null)
                {
                    // Not pooled: it is held for the writer's life, and one that failed must not go back to the pool EF uses.
                    connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
                    connection.Open();
                    using var pragma = connection.CreateCommand();
                    pragma.CommandText = _pragmas;
                    pragma.ExecuteNonQuery();
                    pragma.CommandText = "PRAGMA temp_store;";
                    TempStore = Convert.ToInt32(pragma.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                    statements = new Statements(connection, _model!);
                }

                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var (outcomes, waited) = Write(connection, statements!, batch);
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    _logger.LogDebug("Wrote {Requests} rating requests in one transaction: {WaitMs:0.0} ms waiting for the write gate, {WriteMs:0.0} ms writing",
                        batch.Count, waited.TotalMilliseconds, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds - waited.TotalMilliseconds);
                }

                Interlocked.Add(ref _requests, batch.Count);
                Interlocked.Increment(ref _transactions);
                RollupApplier.Wake();
                for (var i = 0; i < batch.Count; i++)
                {
                    if (outcomes[i] is { } error and not Lost)
                    {
                        batch[i].Done.TrySetException(error);
                    }
                    else
                    {
                        batch[i].Done.TrySetResult(outcomes[i] is null);
                    }
                }
            }
            catch (Exception e)
            {
                // The transaction failed as a whole (nothing of the batch is written): each request gets the error, and a
                // connection that failed is not trusted again.
                _logger.LogWarning(e, "A group commit of {Requests} rating requests failed; none of them was written", batch.Count);
                statements?.Dispose();
                connection?.Dispose();
                (statements, connection) = (null, null);
                foreach (var queued in batch)
                {
                    queued.Done.TrySetException(e);
                }
            }
        }

        statements?.Dispose();
        connection?.Dispose();
        while (_queue.TryDequeue(out var late))
        {
            late.Done.TrySetException(new ObjectDisposedException(nameof(SqliteRatingWriter), "The app is stopping; the rating was not written."));
        }
    }

    /// <summary>Adds the requests queued meanwhile, up to <c>Database:RatingWriteBatch</c>.</summary>
    private void TopUp(List<Queued> batch)
    {
        while (batch.Count < _maxBatch && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }
    }

    /// <summary>
    /// One transaction for the batch: null for a request written, <see cref="Lost"/> for one that lost a race, or its
    /// error; and the wait for the gate. Once the gate is held, <see cref="TopUp"/> adds the requests queued while
    /// the writer waited for it (a fold batch or a checkpoint holds it for milliseconds, in which dozens of ratings
    /// arrive): they are written in this transaction rather than the next.
    /// </summary>
    private (Exception?[] Outcomes, TimeSpan Waited) Write(SqliteConnection connection, Statements statements, List<Queued> batch)
    {
        var gate = SqliteWriteGate.For(connection.DataSource);
        var waiting = System.Diagnostics.Stopwatch.GetTimestamp();
        gate.Wait();
        var waited = System.Diagnostics.Stopwatch.GetElapsedTime(waiting);
        Exception?[] outcomes;
        try
        {
            TopUp(batch);
            outcomes = new Exception?[batch.Count];
            using var transaction = connection.BeginTransaction(deferred: false);
            statements.Enlist(transaction);
            for (var i = 0; i < batch.Count; i++)
            {
                statements.Savepoint.ExecuteNonQuery();
                try
                {
                    if (!statements.Apply(batch[i].Rows))
                    {
                        outcomes[i] = Lost.Instance;
                        statements.RollbackToSavepoint.ExecuteNonQuery();
                    }
                }
                catch (Exception e) when (!RolledBackBySqlite(connection))
                {
                    // This request's error only (a constraint, a value that cannot be stored): it is taken back to its
                    // savepoint and answered alone. An error after which SQLite rolled the whole transaction back itself
                    // (I/O, a full disk, no memory) is not caught: the batch fails with it.
                    outcomes[i] = e is SqliteException sqlite && Infrastructure.DbErrors.IsUniqueViolation(sqlite) ? Lost.Instance : e;
                    statements.RollbackToSavepoint.ExecuteNonQuery();
                }

                statements.ReleaseSavepoint.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            statements.Enlist(null);
            gate.Release();
        }

        return (outcomes, waited);
    }

    /// <summary>True when SQLite has ended the transaction itself: the connection is back in autocommit mode.</summary>
    private static bool RolledBackBySqlite(SqliteConnection connection) => SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0;

    public void Dispose()
    {
        // Requests queued before this are still written; one queued after it is refused (WriteAsync).
        lock (_start)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            _queued.Set();
        }

        _thread?.Join(TimeSpan.FromSeconds(30));
        lock (_start)
        {
            _queued.Dispose();
        }
    }

    private sealed record Queued(RatingRequestRows Rows, TaskCompletionSource<bool> Done);

    /// <summary>The outcome of a request that lost a race; <see cref="SqliteRatingWriter.WriteAsync"/> answers false for it.</summary>
    internal sealed class Lost : Exception
    {
        public static readonly Lost Instance = new();
    }

    /// <summary>The three tables' statements as SQL text, with the columns they bind, from the EF model (shared by all connections).</summary>
    private sealed class Model
    {
        public Model(CredibilityDbContext db)
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            Annotations = new Table(db.Model.FindEntityType(typeof(Annotation))!, sql);
            Revisions = new Table(db.Model.FindEntityType(typeof(AnnotationRevision))!, sql);
            Pending = new Table(db.Model.FindEntityType(typeof(PendingRollup))!, sql);
        }

        public Table Annotations { get; }

        public Table Revisions { get; }

        public Table Pending { get; }
    }

    /// <summary>
    /// One table's columns (every property the store does not generate; an identity key is left to the store), its
    /// INSERT, and an UPDATE of given columns by key and concurrency token.
    /// </summary>
    private sealed class Table
    {
        private readonly ISqlGenerationHelper _sql;
        private readonly string _name;

        public Table(IEntityType type, ISqlGenerationHelper sql)
        {
            _sql = sql;
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            _name = sql.DelimitIdentifier(table.Name, table.Schema);
            foreach (var (property, mapping, getter) in ModelColumns.Inserted(type, "the rating writer"))
            {
                Columns.Add(new Column(property, mapping, getter, sql.DelimitIdentifier(property.GetColumnName(table)!)));
            }

            if (Columns.Count > 64)
            {
                throw new NotSupportedException($"{type.ClrType.Name} has {Columns.Count} columns; the rating writer marks changed columns in 64 bits.");
            }

            Key = Columns.FindIndex(c => c.Property.IsPrimaryKey());
            Token = Columns.FindIndex(c => c.Property.IsConcurrencyToken);
            Article = Columns.FindIndex(c => c.Property.Name == nameof(Annotation.ArticleId));
            Dimension = Columns.FindIndex(c => c.Property.Name == nameof(Annotation.Dimension));
            Insert = $"INSERT INTO {_name} ({string.Join(", ", Columns.Select(c => c.Name))}) VALUES ({string.Join(", ", Columns.Select((_, i) => "$p" + i))})";
        }

        public List<Column> Columns { get; } = [];

        /// <summary>The key's column (one: an annotation's id), or -1 when the store generates it.</summary>
        public int Key { get; }

        /// <summary>The concurrency token's column, or -1.</summary>
        public int Token { get; }

        /// <summary>An annotation's article and dimension columns (the pair a rating's rollups are kept by).</summary>
        public int Article { get; }

        public int Dimension { get; }

        public string Insert { get; }

        /// <summary>UPDATE of the columns set in <paramref name="changed"/>, WHERE key = $k AND token = $t.</summary>
        public string Update(ulong changed)
        {
            var sets = Columns.Select((c, i) => (c, i)).Where(x => (changed & (1UL << x.i)) != 0).Select(x => $"{x.c.Name} = $p{x.i}");
            var where = $"{Columns[Key].Name} = $k" + (Token >= 0 ? $" AND {Columns[Token].Name} = $t" : "");
            return $"UPDATE {_name} SET {string.Join(", ", sets)} WHERE {where}";
        }

        /// <summary>The values as they are now, deep-copied where a value is mutable (each property's value comparer), as EF snapshots a loaded row.</summary>
        public object?[] Snapshot(object row)
        {
            var values = Values(row);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Columns[i].Property.GetValueComparer().Snapshot(values[i]);
            }

            return values;
        }

        public object?[] Values(object row)
        {
            var values = new object?[Columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Columns[i].Getter.GetClrValue(row);
            }

            return values;
        }

        /// <summary>The columns whose value differs from <paramref name="original"/> (by each property's value comparer), as bits.</summary>
        public ulong Changed(object?[] original, object?[] current)
        {
            var changed = 0UL;
            for (var i = 0; i < Columns.Count; i++)
            {
                if (!Columns[i].Property.GetValueComparer().Equals(original[i], current[i]))
                {
                    changed |= 1UL << i;
                }
            }

            return changed;
        }

        public void Bind(DbCommand command, int column, string name, object? value) =>
            command.Parameters.Add(Columns[column].Mapping.CreateParameter(command, name, value, Columns[column].Property.IsNullable));
    }

    private sealed record Column(IProperty Property, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, string Name);

    /// <summary>The writer connection's prepared statements; updates are prepared per set of changed columns (a re-rate changes the same few).</summary>
    private sealed class Statements : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Model _model;
        private readonly Dictionary<ulong, SqliteCommand> _updates = [];
        private readonly SqliteCommand _insertAnnotation;
        private readonly SqliteCommand _insertRevision;
        private readonly SqliteCommand _insertPending;
        private SqliteTransaction? _transaction;

        public Statements(SqliteConnection connection, Model model)
        {
            _connection = connection;
            _model = model;
            _insertAnnotation = Prepared(model.Annotations.Insert);
            _insertRevision = Prepared(model.Revisions.Insert);
            _insertPending = Prepared(model.Pending.Insert);
            Savepoint = Prepared("SAVEPOINT rating_request");
            RollbackToSavepoint = Prepared("ROLLBACK TO rating_request");
            ReleaseSavepoint = Prepared("RELEASE rating_request");
        }

        public SqliteCommand Savepoint { get; }

        public SqliteCommand RollbackToSavepoint { get; }

        public SqliteCommand ReleaseSavepoint { get; }

        public void Enlist(SqliteTransaction? transaction)
        {
            _transaction = transaction;
            foreach (var command in All())
            {
                command.Transaction = transaction;
            }
        }

        /// <summary>One request's rows; false when a changed rating's row is no longer the version it was loaded as.</summary>
        public bool Apply(RatingRequestRows rows)
        {
            var touched = new HashSet<(string, string)>();
            foreach (var (rating, original) in rows.Ratings)
            {
                var table = _model.Annotations;
                var current = table.Values(rating);
                if (original is null)
                {
                    Run(_insertAnnotation, table, current);
                }
                else
                {
                    var changed = table.Changed(original, current);
                    if (changed == 0)
                    {
                        // Nothing to write, nothing to fold (SaveChanges leaves an unchanged row alone).
                        continue;
                    }

                    if (!_updates.TryGetValue(changed, out var update))
                    {
                        update = Prepared(table.Update(changed));
                        _updates[changed] = update;
                    }

                    update.Parameters.Clear();
                    for (var i = 0; i < current.Length; i++)
                    {
                        if ((changed & (1UL << i)) != 0)
                        {
                            table.Bind(update, i, "$p" + i, current[i]);
                        }
                    }

                    table.Bind(update, table.Key, "$k", original[table.Key]);
                    table.Bind(update, table.Token, "$t", original[table.Token]);
                    if (update.ExecuteNonQuery() != 1)
                    {
                        return false;
                    }

                    // As RollupQueueInterceptor: the pair the rating had, when a change moved it.
                    if (original[table.Article] is string oldArticle && original[table.Dimension] is string oldDimension)
                    {
                        touched.Add((oldArticle, oldDimension));
                    }
                }

                if (rating is { Kind: AnnotationKind.Rating, ArticleId: { } article, Dimension: { } dimension })
                {
                    touched.Add((article, dimension));
                }
            }

            foreach (var revision in rows.Revisions)
            {
                Run(_insertRevision, _model.Revisions, _model.Revisions.Values(revision));
            }

            foreach (var (article, dimension) in touched)
            {
                Run(_insertPending, _model.Pending, _model.Pending.Values(new PendingRollup { ArticleId = article, Dimension = dimension }));
            }

            return true;
        }

        private static void Run(SqliteCommand command, Table table, object?[] values)
        {
            command.Parameters.Clear();
            for (var i = 0; i < values.Length; i++)
            {
                table.Bind(command, i, "$p" + i, values[i]);
            }

            command.ExecuteNonQuery();
        }

        private SqliteCommand Prepared(string sql)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = _transaction;
            command.Prepare();
            return command;
        }

        private IEnumerable<SqliteCommand> All() =>
            new[] { _insertAnnotation, _insertRevision, _insertPending, Savepoint, RollbackToSavepoint, ReleaseSavepoint }.Concat(_updates.Values);

        public void Dispose()
        {
            foreach (var command in All())
            {
                command.Dispose();
            }
        }
    }
}

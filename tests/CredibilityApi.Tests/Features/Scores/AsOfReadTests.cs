using System.Diagnostics;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Features.Scores;

/// <summary>
/// An asOf series reads only what its figure needs (issue 13, item 5): the outlet's own ratings, and under v1 the
/// other outlets' ratings of the window, one row per rating however often it was revised. Rows are counted as EF
/// reads them (its DataReaderDisposing event), and each revision query's plan is asked of SQLite for the SQL EF sent.
/// Each test has an app of its own, so every revision in its database is one it wrote.
/// </summary>
public sealed class AsOfReadTests
{
    private const string Dimension = "factual_accuracy";

    [Fact]
    public async Task An_asOf_series_reads_one_row_per_rating_and_none_of_another_outlets_revisions_outside_its_window()
    {
        var api = new ApiFixture();
        await api.InitializeAsync();
        try
        {
            if (api.Factory.OnSqlServer)
            {
                return; // the plan is SQLite's; the row counts are the same on SQL Server, but this test reads the SQLite file
            }

            // Subscribed long before the reads: EF caches for a while whether anyone listens to its command events.
            using var reads = new RevisionReads(api.Factory.SqlitePath);
            var a = await OutletAsync(api, new DateTimeOffset(2015, 6, 1, 8, 0, 0, TimeSpan.Zero), 2);
            var b = await OutletAsync(api, new DateTimeOffset(2016, 6, 1, 8, 0, 0, TimeSpan.Zero), 10);
            foreach (var article in a)
            {
                await Rate(api.Annotator, article, 40);
                await Rate(api.OtherAnnotator, article, 60);
            }

            var (from, to) = (new DateOnly(2015, 1, 1), new DateOnly(2016, 1, 1));
            var before = await api.Researcher.GetScoreSeriesAsync(a[0].OutletId, Dimension, Bucket.Month, from, to, null, await Cited.AfterWritesAsync(), MethodologyVersion.V1);

            // 2,000 revisions on outlet B: its ten ratings, each revised 200 times.
            for (var round = 0; round < 201; round++)
            {
                foreach (var article in b)
                {
                    await Rate(api.Annotator, article, 10 + (round % 50));
                }
            }

            await using (var scope = api.Factory.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
                (await db.AnnotationRevisions.CountAsync()).ShouldBe(4 + 2010);
            }

            var asOf = await Cited.AfterWritesAsync();
            reads.Take();
            var v1 = await api.Researcher.GetScoreSeriesAsync(a[0].OutletId, Dimension, Bucket.Month, from, to, null, asOf, MethodologyVersion.V1);
            var v1Reads = reads.Take();
            var v2 = await api.Researcher.GetScoreSeriesAsync(a[0].OutletId, Dimension, Bucket.Month, from, to, null, asOf, MethodologyVersion.V2);
            var v2Reads = reads.Take();

            // v1: outlet A's four ratings, nothing of B (its articles lie outside the window, so they are in no prior).
            v1Reads.Sum(r => r.Rows).ShouldBe(4, string.Join("\n", v1Reads.Select(r => $"{r.Rows} rows: {r.Sql}")));
            // v2 fits leniencies on every rating, so B's ten ratings are read: their latest revisions, not their 2,010.
            v2Reads.Sum(r => r.Rows).ShouldBe(14, string.Join("\n", v2Reads.Select(r => $"{r.Rows} rows: {r.Sql}")));

            // The figure is the same as before B's revisions (nothing of B is in A's v1 window) and as the live read.
            Points(v1).ShouldBe(Points(before));
            var live = await api.Researcher.GetScoreSeriesAsync(a[0].OutletId, Dimension, Bucket.Month, from, to, null, null, MethodologyVersion.V1);
            Points(v1).ShouldBe(Points(live));
            v2.Points.Where(p => p.RawMean != null).Select(p => p.RawMean).ShouldBe([50.0]);

            // Every revision query goes through an index (SEARCH), never through the table or a whole index (SCAN);
            // the outlet's own revisions are found by the outlet.
            var plans = new List<string>();
            foreach (var read in v1Reads.Concat(v2Reads))
            {
                var plan = await PlanAsync(api.Factory.SqlitePath, read);
                plan.ShouldNotContain(line => line.StartsWith("SCAN", StringComparison.Ordinal), $"{read.Sql}\n{string.Join("\n", plan)}");
                plans.AddRange(plan);
            }

            plans.ShouldContain(line => line.Contains("IX_AnnotationRevisions_OutletId_Dimension_RecordedAt (OutletId=? AND Dimension=?", StringComparison.Ordinal));
            plans.ShouldContain(line => line.Contains("IX_AnnotationRevisions_Dimension_ArticlePublishedAt (Dimension=? AND ArticlePublishedAt>?", StringComparison.Ordinal));
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_migration_fills_the_outlet_dimension_and_publication_date_of_existing_revisions_from_their_snapshots()
    {
        var api = new ApiFixture();
        await api.InitializeAsync();
        try
        {
            var articles = await OutletAsync(api, new DateTimeOffset(2017, 3, 4, 5, 6, 7, 890, TimeSpan.Zero), 2);
            await Rate(api.Annotator, articles[0], 40);
            await Rate(api.Annotator, articles[0], 45);
            await Rate(api.OtherAnnotator, articles[1], 70);
            var note = await api.Annotator.RecordFramingAsync(articles[1].Id, new RecordFramingRequest
            {
                Framing = new FramingInput { Technique = "loaded-language", Severity = 2 },
                Tags = [],
            });

            await using var scope = api.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            var recorded = await Columns(db);
            recorded.Count.ShouldBe(4);
            recorded.ShouldAllBe(r => r.OutletId == articles[0].OutletId);
            recorded.Where(r => r.Dimension != null).Select(r => r.Dimension).ShouldBe([Dimension, Dimension, Dimension]);
            recorded.Single(r => r.AnnotationId == note.Id).Dimension.ShouldBeNull();
            recorded.Select(r => r.ArticlePublishedAt).Distinct().Count().ShouldBe(2);

            // Down to the migration before and up again: the columns are dropped and their values come from its SQL.
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var adding = migrations.FindIndex(m => m.EndsWith("_AsOfRevisionIndex", StringComparison.Ordinal));
            adding.ShouldBeGreaterThan(0);
            await migrator.MigrateAsync(migrations[adding - 1]);
            await migrator.MigrateAsync();
            db.ChangeTracker.Clear();

            (await Columns(db)).ShouldBe(recorded);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    private static async Task<List<(string AnnotationId, int Revision, string OutletId, string? Dimension, DateTime? ArticlePublishedAt)>> Columns(CredibilityDbContext db) =>
        (await db.AnnotationRevisions.AsNoTracking().OrderBy(r => r.Id)
            .Select(r => new { r.AnnotationId, r.Revision, r.OutletId, r.Dimension, r.ArticlePublishedAt }).ToListAsync())
        .Select(r => (r.AnnotationId, r.Revision, r.OutletId, r.Dimension, r.ArticlePublishedAt)).ToList();

    private static async Task<List<Article>> OutletAsync(ApiFixture api, DateTimeOffset day, int count)
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var articles = new List<Article>();
        for (var i = 0; i < count; i++)
        {
            articles.Add(await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/a{i}", publishedAt: day.AddHours(i))));
        }

        return articles;
    }

    private static Task Rate(CredibilityApiClient by, Article article, double value) =>
        by.RateArticleAsync(article.Id, new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = Dimension, Value = value }], Tags = [] });

    private static List<(DateOnly Start, double? RawMean, double? Shrunk, double? Lower, double? Decayed, int Ratings)> Points(ScoreSeries series) =>
        series.Points.Select(p => (p.Start, p.RawMean, p.Shrunk?.Mean, p.Shrunk?.Lower95, p.Decayed, p.Ratings)).ToList();

    private static async Task<List<string>> PlanAsync(string path, RevisionRead read)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + read.Sql;
        foreach (var (name, value) in read.Parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }

    private sealed record RevisionRead(string Sql, int Rows, IReadOnlyList<(string Name, object? Value)> Parameters);

    /// <summary>
    /// The queries on AnnotationRevisions that EF ran on one SQLite file, with the rows read from each, from EF's
    /// DataReaderDisposing diagnostic event (process-wide, so other test apps' commands are told apart by their file).
    /// </summary>
    private sealed class RevisionReads : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _path;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly List<RevisionRead> _reads = [];

        public RevisionReads(string path)
        {
            _path = Path.GetFullPath(path);
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public List<RevisionRead> Take()
        {
            lock (_reads)
            {
                var taken = _reads.ToList();
                _reads.Clear();
                return taken;
            }
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != RelationalEventId.DataReaderDisposing.Name || value.Value is not DataReaderDisposingEventData closing
                || closing.Command.Connection is not SqliteConnection connection
                // Other tests' in-memory databases (no file: an empty data source) run meanwhile; their reads are not ours.
                || string.IsNullOrEmpty(connection.DataSource)
                || !string.Equals(Path.GetFullPath(connection.DataSource), _path, StringComparison.Ordinal)
                || !closing.Command.CommandText.Contains("\"AnnotationRevisions\"", StringComparison.Ordinal))
            {
                return;
            }

            var parameters = closing.Command.Parameters.Cast<SqliteParameter>().Select(p => (p.ParameterName, p.Value)).ToList();
            lock (_reads)
            {
                // ReadCount counts every Read call of a query read to its end, the last one finding no row.
                _reads.Add(new RevisionRead(closing.Command.CommandText, closing.ReadCount - 1, parameters));
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}

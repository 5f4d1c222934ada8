using System.Data.Common;
using System.Text.RegularExpressions;
using CredibilityApi.Aggregation;
using CredibilityApi.Aggregation.Read;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Bucket = CredibilityApi.Client.Bucket;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// Live score series are cached per node (<see cref="SeriesCache"/>, issue 13) and served only while the
/// <see cref="ScoreStamp"/> they were computed under is the one in the database: any write to a series' inputs, on any
/// node, changes it in its own transaction. Shown here: a repeated series is served from the cache; a rating folded in
/// on one node, a rename and a v2 refit are seen at once by a node that had the series cached; the stamp moves with
/// every input entity and with nothing else; and the series reads no table the stamp does not cover.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class SeriesCacheTests(ApiFixture api)
{
    private static readonly DateOnly From = new(2022, 3, 7);
    private static readonly DateOnly To = new(2022, 5, 2);

    [Fact]
    public async Task A_cached_series_is_served_until_a_write_on_any_node_changes_what_it_is_computed_from()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/cache1", publishedAt: new DateTimeOffset(2022, 3, 9, 10, 0, 0, TimeSpan.Zero)));
        await Rate(api.Annotator, article.Id, 30);
        await api.Factory.ApplyPendingRollupsAsync();

        await using var nodeB = api.Factory.WithWebHostBuilder(_ => { });
        var onB = new CredibilityApiClient(Client(nodeB, api.ResearcherKey)) { ReadResponseAsString = true };

        // Node A: the second read is the first one remembered (same computedAt), on either methodology.
        foreach (var methodology in new[] { MethodologyVersion.V1, MethodologyVersion.V2 })
        {
            var first = await Series(api.Researcher, outlet.Id, methodology);
            var again = await Series(api.Researcher, outlet.Id, methodology);
            again.ComputedAt.ShouldBe(first.ComputedAt, $"{methodology}: a repeated series comes from the cache");
            Week(again).RawMean.ShouldBe(30);
        }

        // A question asked differently is another entry: another window, or the dimensions in another order.
        var otherWindow = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Week, From, To.AddDays(7), methodology: MethodologyVersion.V1);
        otherWindow.To.ShouldBe(To.AddDays(7));
        var cachedOnB = await Series(onB, outlet.Id, MethodologyVersion.V1);
        Week(cachedOnB).RawMean.ShouldBe(30);
        (await Series(onB, outlet.Id, MethodologyVersion.V1)).ComputedAt.ShouldBe(cachedOnB.ComputedAt, "node B caches too");

        // A second rating, written and folded on node A: node B answers with it at once, not from its cache.
        await Rate(api.OtherAnnotator, article.Id, 50);
        await api.Factory.ApplyPendingRollupsAsync();
        var afterRating = await Series(onB, outlet.Id, MethodologyVersion.V1);
        afterRating.ComputedAt.ShouldBeGreaterThan(cachedOnB.ComputedAt);
        Week(afterRating).RawMean.ShouldBe(40);
        Week(afterRating).Ratings.ShouldBe(2);
        Week(await Series(api.Researcher, outlet.Id, MethodologyVersion.V1)).RawMean.ShouldBe(40, "node A too");

        // A rename on node A: the outlet's name in node B's next answer.
        var current = await api.Annotator.GetOutletAsync(outlet.Id);
        await api.Annotator.UpdateOutletAsync(outlet.Id, current.Etag, new UpdateOutletRequest { Name = "Renamed " + Unique.Label(), PrimaryDomain = current.PrimaryDomain });
        var renamed = await api.Annotator.GetOutletAsync(outlet.Id);
        (await Series(onB, outlet.Id, MethodologyVersion.V1)).OutletName.ShouldBe(renamed.Name);

        // A rename that commits after a request read the outlet but before it read the stamp would be cached under the new
        // stamp with the old name: a cached series is always answered with the name the request itself read.
        var nodeBCache = nodeB.Services.GetRequiredService<SeriesCache>();
        long stamp;
        int rubric;
        await using (var scope = nodeB.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            stamp = await ScoreStamp.ReadAsync(db, CancellationToken.None);
            rubric = await db.RubricVersions.MaxAsync(r => r.Version);
        }

        var stale = await Series(onB, outlet.Id, MethodologyVersion.V1);
        var key = new SeriesCache.Key(outlet.Id, "factual_accuracy", CredibilityApi.Aggregation.Bucket.Week, From, To, null,
            CredibilityApi.Scoring.Methodology.V1, rubric, DateOnly.FromDateTime(DateTime.UtcNow));
        var remembered = nodeBCache.Find(key, stamp);
        remembered.ShouldNotBeNull("the series just read is cached under this key and stamp");
        nodeBCache.Remember(key, stamp, remembered with { OutletName = "A name from before the rename" });
        var served = await Series(onB, outlet.Id, MethodologyVersion.V1);
        served.ComputedAt.ShouldBe(stale.ComputedAt, "from the cache");
        served.OutletName.ShouldBe(renamed.Name);

        // A v2 refit (set-based writes of leniencies and priors): node B's v2 answer is recomputed from the new fit.
        var v2Before = await Series(onB, outlet.Id, MethodologyVersion.V2);
        (await Series(onB, outlet.Id, MethodologyVersion.V2)).ComputedAt.ShouldBe(v2Before.ComputedAt);
        await api.Factory.RefitAsync();
        (await Series(onB, outlet.Id, MethodologyVersion.V2)).ComputedAt.ShouldBeGreaterThan(v2Before.ComputedAt, "a refit changes the stamp");

        // Whatever the cache holds, it answers as a node without one does (Scores:SeriesCachePoints=0).
        await using var uncached = api.Factory.WithWebHostBuilder(b => b.UseSetting("Scores:SeriesCachePoints", "0"));
        var plain = new CredibilityApiClient(Client(uncached, api.ResearcherKey)) { ReadResponseAsString = true };
        foreach (var methodology in new[] { MethodologyVersion.V1, MethodologyVersion.V2 })
        {
            var withCache = await Series(onB, outlet.Id, methodology);
            var without = await Series(plain, outlet.Id, methodology);
            (await Series(plain, outlet.Id, methodology)).ComputedAt.ShouldNotBe(without.ComputedAt, "no cache: computed every time");
            Comparable(withCache).ShouldBe(Comparable(without), $"{methodology}: the cached answer is the computed one");
        }
    }

    [Fact]
    public async Task The_stamp_changes_in_the_transaction_of_a_write_to_a_series_input_and_with_nothing_else()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/stamp1", publishedAt: new DateTimeOffset(2022, 4, 4, 10, 0, 0, TimeSpan.Zero)));

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        // Nothing left queued by earlier tests, which the background fold could apply (changing the stamp) at any moment.
        await api.Factory.ApplyPendingRollupsAsync();

        // A rating alone is not an input (its rollups are): the stamp stays until the fold writes them. The background fold
        // may get to the rating first (20 ms after a write; a slow CI machine answered the request later than that, and
        // this failed once), so the stamp counts only when the rating is seen still queued after it: the stamp is read
        // first, the queue second, and the rating is sent again when the fold was first.
        var stamp = 0L;
        var seenQueued = false;
        for (var attempt = 0; attempt < 5 && !seenQueued; attempt++)
        {
            stamp = await ScoreStamp.ReadAsync(db, CancellationToken.None);
            await Rate(api.Annotator, article.Id, 61 + attempt);
            var afterRating = await ScoreStamp.ReadAsync(db, CancellationToken.None);
            if (await db.PendingRollups.AnyAsync(p => p.ArticleId == article.Id))
            {
                afterRating.ShouldBe(stamp, "a rating written, not yet folded");
                seenQueued = true;
            }
            else
            {
                await api.Factory.ApplyPendingRollupsAsync();
            }
        }

        seenQueued.ShouldBeTrue("in five attempts, the rating was seen queued at least once before the background fold applied it");
        await api.Factory.ApplyPendingRollupsAsync();
        var folded = await ScoreStamp.ReadAsync(db, CancellationToken.None);
        folded.ShouldNotBe(stamp, "the fold wrote the rollups");

        // A tracked change to an input through a plain SaveChanges.
        var day = await db.OutletDayStats.FirstAsync(s => s.OutletId == outlet.Id);
        day.ScoreSum += 0;
        db.Entry(day).Property(s => s.ScoreSum).IsModified = true;
        await db.SaveChangesAsync();
        var saved = await ScoreStamp.ReadAsync(db, CancellationToken.None);
        saved.ShouldNotBe(folded);

        // A save that fails writes no stamp either (the outlet's version is its concurrency token).
        db.ChangeTracker.Clear();
        var row = await db.Outlets.SingleAsync(o => o.Id == outlet.Id);
        db.Entry(row).Property(o => o.Version).OriginalValue = -1;
        db.Entry(row).Property(o => o.Notes).CurrentValue = "never saved";
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        (await ScoreStamp.ReadAsync(db, CancellationToken.None)).ShouldBe(saved, "a failed save changes nothing");

        // Writes to what no series reads leave it.
        db.Tags.Add(new CredibilityApi.Domain.Tag("stamp_" + Guid.NewGuid().ToString("N")[..12], "Stamp test", "A tag no series reads", DateTime.UtcNow));
        await db.SaveChangesAsync();
        (await ScoreStamp.ReadAsync(db, CancellationToken.None)).ShouldBe(saved, "a tag is not a series input");

        // Set-based writes change it themselves.
        await ScoreStamp.ChangeAsync(db, CancellationToken.None);
        (await ScoreStamp.ReadAsync(db, CancellationToken.None)).ShouldNotBe(saved);

        // Every input entity is seen as one by the interceptor, and nothing else.
        foreach (var entity in db.Model.GetEntityTypes())
        {
            db.ChangeTracker.Clear();
            if (entity.IsOwned() || entity.ClrType.IsAbstract || entity.ClrType.GetConstructor(
                    System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, Type.EmptyTypes) is null)
            {
                continue;
            }

            var instance = Activator.CreateInstance(entity.ClrType, nonPublic: true)!;

            db.Entry(instance).State = EntityState.Added;
            ScoreStampInterceptor.ChangesInputs(db).ShouldBe(ScoreStamp.Inputs.Contains(entity.ClrType), entity.ClrType.Name);
        }

        db.ChangeTracker.Clear();
    }

    [SkippableFact]
    public async Task The_series_reads_no_table_the_stamp_does_not_cover()
    {
        Skip.If(api.Factory.OnSqlServer, "The reads are captured on the SQLite file.");
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/reads1", publishedAt: new DateTimeOffset(2022, 3, 15, 10, 0, 0, TimeSpan.Zero)));
        await Rate(api.Annotator, article.Id, 44);
        await api.Factory.RefitAsync();

        var reads = new TablesRead();
        var options = new DbContextOptionsBuilder<SqliteCredibilityDbContext>()
            .UseSqlite($"Data Source={api.Factory.SqlitePath}")
            .AddInterceptors(reads)
            .Options;
        await using var db = new SqliteCredibilityDbContext(options);
        var rollups = api.Factory.Services.GetRequiredService<RollupApplier>();
        var inputs = new EfRollupInputs(db);
        var now = DateTime.UtcNow;
        foreach (var methodology in CredibilityApi.Scoring.Methodology.All)
        {
            foreach (var (from, to) in new (DateOnly?, DateOnly?)[] { (From, To), (null, null), (From, null) })
            {
                var query = new SeriesQuery(outlet.Id, null, CredibilityApi.Aggregation.Bucket.Week, from, to, null, null, methodology);
                (await SeriesReport.BuildAsync(db, rollups, inputs, query, now, CancellationToken.None)).GetReport().Points.ShouldNotBeEmpty();
            }
        }

        var covered = db.Model.GetEntityTypes()
            .Where(e => ScoreStamp.Inputs.Contains(e.ClrType) || e.ClrType == typeof(ScoreStamp) || e.ClrType == typeof(PendingRollup))
            .Select(e => e.GetTableName()!)
            .ToHashSet(StringComparer.Ordinal);
        reads.Tables.ShouldNotBeEmpty();
        reads.Tables.ShouldContain("OutletDayStats");
        reads.Tables.ShouldContain("DimensionFits");
        reads.Tables.Except(covered).ShouldBeEmpty("a table a series reads must be in ScoreStamp.Inputs (the queue is waited for before the stamp is read)");
    }

    [Fact]
    public void Every_set_based_write_to_a_series_input_changes_the_stamp_in_its_file()
    {
        var inputSets = typeof(CredibilityDbContext).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && ScoreStamp.Inputs.Contains(p.PropertyType.GetGenericArguments()[0]))
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);
        inputSets.Count.ShouldBe(ScoreStamp.Inputs.Count, "every input has a DbSet");

        var source = Path.Combine(RepositoryRoot(), "src", "CredibilityApi");
        var writers = new List<string>();
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match write in Regex.Matches(text, @"\.(\w+)(?:\.\w+\([^;]*?\))*\s*\.Execute(?:Update|Delete)Async"))
            {
                if (inputSets.Contains(write.Groups[1].Value))
                {
                    writers.Add(Path.GetRelativePath(source, file).Replace('\\', '/'));
                    text.Contains("ScoreStamp.ChangeAsync", StringComparison.Ordinal).ShouldBeTrue($"{Path.GetFileName(file)} writes {write.Groups[1].Value} set-based and must change the stamp in that transaction");
                }
            }
        }

        writers.Distinct().Order(StringComparer.Ordinal).ToArray().ShouldBe(new[] { "Aggregation/RollupApplier.cs", "Aggregation/RollupMaintenance.cs", "Aggregation/V2Refitter.cs" }, "the set-based writers of series inputs, looked at");
    }

    private static Task Rate(CredibilityApiClient rater, string articleId, double value) =>
        rater.RateArticleAsync(articleId, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "factual_accuracy", Value = value }],
            Tags = [],
        });

    private static Task<ScoreSeries> Series(CredibilityApiClient client, string outletId, MethodologyVersion methodology) =>
        client.GetScoreSeriesAsync(outletId, "factual_accuracy", Bucket.Week, From, To, methodology: methodology);

    private static ScorePoint Week(ScoreSeries series) => series.Points.Single(p => p.Start == new DateOnly(2022, 3, 7));

    /// <summary>The series as JSON without its computedAt.</summary>
    private static string Comparable(ScoreSeries series)
    {
        series.ComputedAt = default;
        return System.Text.Json.JsonSerializer.Serialize(series);
    }

    private static HttpClient Client(WebApplicationFactory<Program> node, string key)
    {
        var http = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CredibilityApi.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CredibilityApi.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The tables named after FROM or JOIN in the statements a context runs.</summary>
    private sealed partial class TablesRead : DbCommandInterceptor
    {
        public HashSet<string> Tables { get; } = new(StringComparer.Ordinal);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Note(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Note(command.CommandText);
            return ValueTask.FromResult(result);
        }

        private void Note(string sql)
        {
            lock (Tables)
            {
                foreach (Match m in Table().Matches(sql))
                {
                    Tables.Add(m.Groups[1].Value);
                }
            }
        }

        [GeneratedRegex("(?:FROM|JOIN)\\s+\"(\\w+)\"", RegexOptions.IgnoreCase)]
        private static partial Regex Table();
    }
}

using System.Text.Json;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Annotations;
using CredibilityApi.Features.Annotations.Rate;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CredibilityApi.Tests.Features.Campaigns.CampaignTestData;

namespace CredibilityApi.Tests.Features.Annotations;

/// <summary>
/// A rating request's write is group-committed by <see cref="SqliteRatingWriter"/> on SQLite (issue 13) and saved by EF Core
/// elsewhere: the two must store the same rows, queue the same rollups, and answer a lost race the same way, without
/// taking the other requests of the group with it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RatingWritesTests(ApiFixture api)
{
    private static readonly DateTime Created = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Rerated = Created.AddHours(5);

    [SkippableFact]
    public async Task The_writers_connection_keeps_the_savepoints_sub_journal_in_memory()
    {
        // Each request is written inside a savepoint, and a rating changes more pages than SQLite's sub-journal keeps in
        // memory by default (64 KiB): without temp_store = MEMORY the writer wrote more pages to files in /var/tmp than to
        // the write-ahead log, holding the write gate meanwhile (docs/benchmarks/rating-subjournal-2026-12-07.md).
        Skip.If(api.Factory.OnSqlServer, "The group-committing writer is SQLite's; on SQL Server the endpoint saves through EF.");
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 1);
        await api.Annotator.RateArticleAsync(articles[0], new CredibilityApi.Client.RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new CredibilityApi.Client.RatingValue { Dimension = "factual_accuracy", Value = 55 }],
            Tags = [],
        });

        api.Factory.Services.GetRequiredService<SqliteRatingWriter>().TempStore.ShouldBe(2, "the writer's connection, as SQLite reports it: 2 is MEMORY");
    }

    [SkippableFact]
    public async Task The_group_commit_stores_the_rows_SaveChanges_stores_and_queues_their_rollups()
    {
        Skip.If(api.Factory.OnSqlServer, "The group-committing writer is SQLite's; on SQL Server the endpoint saves through EF.");
        // Each path on an article of its own, so that each article's rollups show what its own path queued.
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 2);
        var pool = await AnnotatorsAsync(api, 2);
        var (viaEf, viaWriter) = (pool[0].Id, pool[1].Id);

        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IRatingWrites>().ShouldBeOfType<SqliteRatingWrites>("the endpoint's writes on SQLite");
        }

        foreach (var (author, article, writer) in new[] { (viaEf, articles[0], false), (viaWriter, articles[1], true) })
        {
            // Created: two dimensions, one with a confidence and a tag.
            await WriteAsync(writer, async (db, writes) =>
            {
                var target = (await AnnotationStore.ResolveAsync(db, TargetType.Article, article, CancellationToken.None))!;
                var ratings = new[]
                {
                    Annotation.Rating(target, new RatingContent("factual_accuracy", 40, 0.5, 1), ["needs-review"], author, Created),
                    Annotation.Rating(target, new RatingContent("slant", -20, null, 1), [], author, Created),
                };
                return ratings.Select(r => (r, RevisionAction.Created)).ToList();
            });

            // Folded before the re-rate, so that the re-rate's rollups show only if it queued them itself.
            await api.Factory.ApplyPendingRollupsAsync();

            // Re-rated: one of the two, with another value, confidence and tags, under a pending campaign's blind mark.
            await WriteAsync(writer, async (db, writes) =>
            {
                var rating = (await writes.LoadAsync(author, article, new HashSet<string> { "slant" }, CancellationToken.None)).Values.Single();
                rating.Rerate(new RatingContent("slant", -35, 0.9, 1), ["needs-review", "second-look"], Rerated);
                rating.MarkWrittenUnder("cmp_pending", blinded: true);
                return [(rating, RevisionAction.Edited)];
            });
        }

        var ef = await RowsAsync("SELECT * FROM Annotations WHERE ArticleId = $article AND AuthorId = $author ORDER BY Dimension", articles[0], viaEf);
        var group = await RowsAsync("SELECT * FROM Annotations WHERE ArticleId = $article AND AuthorId = $author ORDER BY Dimension", articles[1], viaWriter);
        ef.Count.ShouldBe(2);
        // What differs by design: the author, the article and its publication day, the annotations' ids.
        var same = new[]
        {
            (viaWriter, viaEf), (articles[1], articles[0]), (((string)group[0]["ArticlePublishedAt"]!)[..10], ((string)ef[0]["ArticlePublishedAt"]!)[..10]),
            ((string)group[0]["Id"]!, (string)ef[0]["Id"]!), ((string)group[1]["Id"]!, (string)ef[1]["Id"]!),
        };
        Comparable(group, false, same).ShouldBe(Comparable(ef, false));
        ef[1]["Version"].ShouldBe(2L, "the re-rated slant");
        ef[1]["Blind"].ShouldBe(1L);

        const string revisions = "SELECT r.* FROM AnnotationRevisions r JOIN Annotations a ON a.Id = r.AnnotationId " +
                                 "WHERE a.ArticleId = $article AND a.AuthorId = $author ORDER BY a.Dimension, r.Revision";
        var efRevisions = await RowsAsync(revisions, articles[0], viaEf);
        var groupRevisions = await RowsAsync(revisions, articles[1], viaWriter);
        efRevisions.Count.ShouldBe(3);
        Comparable(groupRevisions, true, same).ShouldBe(Comparable(efRevisions, true));

        // Both queued their (article, dimension) pairs: the fold has each article's two ratings, the slant as rated last.
        await api.Factory.ApplyPendingRollupsAsync();
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            foreach (var article in articles)
            {
                var stats = await db.ArticleDimensionStats.AsNoTracking().Where(s => s.ArticleId == article).OrderBy(s => s.Dimension).ToListAsync();
                stats.Select(s => (s.Dimension, s.Ratings, s.Sum)).ShouldBe([("factual_accuracy", 1, 40.0), ("slant", 1, -35.0)], $"the rollups of {article}: the slant as re-rated");
            }
        }
    }

    [SkippableFact]
    public async Task A_request_that_lost_a_race_is_rolled_back_alone_and_the_rest_of_its_group_commits()
    {
        Skip.If(api.Factory.OnSqlServer, "The group-committing writer is SQLite's.");
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 1);
        var article = articles[0];
        var pool = await AnnotatorsAsync(api, 3);
        var (me, other, third) = (pool[0].Id, pool[1].Id, pool[2].Id);
        await pool[0].Client.RateArticleAsync(article, AllDimensions(50));

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var writer = services.GetRequiredService<SqliteRatingWriter>();
        var target = (await AnnotationStore.ResolveAsync(services.GetRequiredService<CredibilityDbContext>(), TargetType.Article, article, CancellationToken.None))!;

        // Four requests, each in a scope of its own as the endpoint has: two re-rate my slant from the same version (the
        // second loses), two others create the same new rating of another annotator (the second loses on the unique index).
        var requests = new List<(IRatingWrites Writes, Annotation Rating, RevisionAction Action, AsyncServiceScope Scope)>();
        foreach (var value in new[] { -10.0, -90.0 })
        {
            var own = api.Factory.Services.CreateAsyncScope();
            var writes = own.ServiceProvider.GetRequiredService<IRatingWrites>();
            var rating = (await writes.LoadAsync(me, article, new HashSet<string> { "slant" }, CancellationToken.None)).Values.Single();
            rating.Rerate(new RatingContent("slant", value, null, 1), [], Rerated);
            requests.Add((writes, rating, RevisionAction.Edited, own));
        }

        foreach (var value in new[] { 11.0, 22.0 })
        {
            var own = api.Factory.Services.CreateAsyncScope();
            requests.Add((own.ServiceProvider.GetRequiredService<IRatingWrites>(),
                Annotation.Rating(target, new RatingContent("slant", value, null, 1), [], other, Created), RevisionAction.Created, own));
        }

        // The second of those also rates another dimension, first: the savepoint must take that back with the rest.
        var extra = Annotation.Rating(target, new RatingContent("factual_accuracy", 33, null, 1), [], other, Created);

        var (requestsBefore, transactionsBefore) = writer.Written;

        // The write gate held, so the writer takes a first request (a new rating of a third annotator) and waits; the four
        // queue behind it and, once the gate opens, join the first one's transaction.
        var gate = SqliteWriteGate.For(Path.GetFullPath(api.Factory.SqlitePath));
        await gate.WaitAsync();
        Task<bool> first;
        var results = new List<Task<bool>>();
        try
        {
            await using var firstScope = api.Factory.Services.CreateAsyncScope();
            var lead = Annotation.Rating(target, new RatingContent("slant", 5, null, 1), [], third, Created);
            first = firstScope.ServiceProvider.GetRequiredService<IRatingWrites>().SaveAsync([lead], [AnnotationStore.Revision(lead, RevisionAction.Created, third, null, Created)], CancellationToken.None);
            for (var waited = 0; writer.Waiting > 0 && waited < 200; waited++)
            {
                await Task.Delay(10);
            }

            writer.Waiting.ShouldBe(0, "the writer took the first request and waits for the gate");
            for (var i = 0; i < requests.Count; i++)
            {
                var (writes, rating, action, _) = requests[i];
                IReadOnlyList<Annotation> ratings = i == 3 ? [extra, rating] : [rating];
                results.Add(writes.SaveAsync(ratings, [.. ratings.Select(r => AnnotationStore.Revision(r, r == rating ? action : RevisionAction.Created, r.AuthorId, null, Rerated))], CancellationToken.None));
            }

            writer.Waiting.ShouldBe(4);
        }
        finally
        {
            gate.Release();
        }

        (await first).ShouldBeTrue();
        (await Task.WhenAll(results)).ShouldBe([true, false, true, false]);
        var (requestsAfter, transactionsAfter) = writer.Written;
        (requestsAfter - requestsBefore).ShouldBe(5);
        (transactionsAfter - transactionsBefore).ShouldBe(1, "the four requests queued while the writer waited for the gate joined its transaction");
        foreach (var request in requests)
        {
            await request.Scope.DisposeAsync();
        }

        // What the winners wrote is there, and nothing of the losers: no value, no revision.
        var mine = await RowsAsync("SELECT Value, Version FROM Annotations WHERE ArticleId = $article AND AuthorId = $author AND Dimension = 'slant'", article, me);
        mine.Single()["Value"].ShouldBe(-10.0);
        mine.Single()["Version"].ShouldBe(2L);
        var theirs = await RowsAsync("SELECT Dimension, Value FROM Annotations WHERE ArticleId = $article AND AuthorId = $author", article, other);
        theirs.Single()["Value"].ShouldBe(11.0, "the losing request's factual_accuracy was taken back with its slant");
        var revisions = await RowsAsync(
            "SELECT r.Snapshot FROM AnnotationRevisions r JOIN Annotations a ON a.Id = r.AnnotationId WHERE a.ArticleId = $article AND a.AuthorId = $author AND a.Dimension = 'slant' ORDER BY r.Revision",
            article, me);
        revisions.Count.ShouldBe(2);
        revisions[1]["Snapshot"].ShouldBeOfType<string>().ShouldContain("-10");
        (await RowsAsync("SELECT r.Id FROM AnnotationRevisions r JOIN Annotations a ON a.Id = r.AnnotationId WHERE a.ArticleId = $article AND a.AuthorId = $author", article, other))
            .Count.ShouldBe(1);

        // The version guard alone: a change made from a stale copy, with no revision of its own to collide with the
        // winner's (the revisions' unique index would refuse it anyway), is refused by the row's version.
        await using var staleScope = api.Factory.Services.CreateAsyncScope();
        var staleWrites = staleScope.ServiceProvider.GetRequiredService<IRatingWrites>();
        var stale = (await staleWrites.LoadAsync(me, article, new HashSet<string> { "slant" }, CancellationToken.None)).Values.Single();
        await pool[0].Client.RateArticleAsync(article, new CredibilityApi.Client.RateArticleRequest { Values = [new CredibilityApi.Client.RatingValue { Dimension = "slant", Value = -40 }], Tags = [] });
        stale.Rerate(new RatingContent("slant", 77, null, 1), [], Rerated);
        (await staleWrites.SaveAsync([stale], [], CancellationToken.None)).ShouldBeFalse();
        (await RowsAsync("SELECT Value, Version FROM Annotations WHERE ArticleId = $article AND AuthorId = $author AND Dimension = 'slant'", article, me))
            .Single().ShouldSatisfyAllConditions(r => r["Value"].ShouldBe(-40.0), r => r["Version"].ShouldBe(3L));
    }

    /// <summary>One request's write through the chosen path, in a scope of its own: the ratings the step returns, with their revisions.</summary>
    private async Task WriteAsync(bool groupCommit, Func<CredibilityDbContext, IRatingWrites, Task<List<(Annotation Rating, RevisionAction Action)>>> step)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        IRatingWrites writes = groupCommit
            ? new SqliteRatingWrites(db, scope.ServiceProvider.GetRequiredService<SqliteRatingWriter>())
            : new EfRatingWrites(db);
        var changed = await step(db, writes);
        var now = changed.Max(c => c.Rating.UpdatedAt);
        (await writes.SaveAsync(
                [.. changed.Select(c => c.Rating)],
                [.. changed.Select(c => AnnotationStore.Revision(c.Rating, c.Action, c.Rating.AuthorId, null, now))],
                CancellationToken.None))
            .ShouldBeTrue();
    }

    private async Task<List<Dictionary<string, object?>>> RowsAsync(string sql, string article, string author)
    {
        await using var connection = new SqliteConnection($"Data Source={api.Factory.SqlitePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$article", article);
        command.Parameters.AddWithValue("$author", author);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }

    /// <summary>The rows as text, with <paramref name="replace"/>'s strings replaced, and without their own identity keys when <paramref name="dropId"/>.</summary>
    private static string Comparable(List<Dictionary<string, object?>> rows, bool dropId, params (string From, string To)[] replace)
    {
        var text = JsonSerializer.Serialize(rows.Select(r => r.Where(c => !dropId || c.Key != "Id").ToDictionary(c => c.Key, c => c.Value)));
        foreach (var (from, to) in replace)
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }
}

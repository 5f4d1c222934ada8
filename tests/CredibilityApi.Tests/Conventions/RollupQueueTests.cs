using System.Text.RegularExpressions;
using CredibilityApi.Aggregation;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Aggregation;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// The rollup queue is filled by a SaveChanges interceptor (<see cref="RollupQueueInterceptor"/>), not by each
/// endpoint remembering to: any rating change saved through any context queues its work, and no code writes ratings
/// around the change tracker but the import's bulk insert and the rating requests' group commit on SQLite, which queue
/// their ratings' work themselves (<c>Features/Annotations/RatingWritesTests</c> holds the second to SaveChanges' rows).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RollupQueueTests(ApiFixture api)
{
    [Fact]
    public async Task A_rating_changed_through_a_plain_SaveChanges_is_queued_and_folded_in()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var rated = await api.Annotator.RateArticleAsync(f.Article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "factual_accuracy", Value = 40 }],
            Tags = [],
        });
        await api.Factory.ApplyPendingRollupsAsync();
        var ratingId = rated.Ratings.Single().Id;

        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            (await db.PendingRollups.AnyAsync(p => p.ArticleId == f.Article.Id)).ShouldBeFalse();

            // No endpoint, no helper: a value changed on the entity and saved.
            var rating = await db.Annotations.SingleAsync(a => a.Id == ratingId);
            db.Entry(rating).Property(a => a.Value).CurrentValue = 90;
            await db.SaveChangesAsync();

            // Queued: a fold brings the saved value into the article's rollup (the fold reads nothing but the queue). The
            // queue row itself is not asserted: this fixture's background worker may fold it between the save and a read
            // (CI on fa58318 saw an empty queue here). ApplyPendingRollupsAsync waits for a fold in progress, then drains.
            await api.Factory.ApplyPendingRollupsAsync();
            (await db.ArticleDimensionStats.AsNoTracking().SingleAsync(s => s.ArticleId == f.Article.Id && s.Dimension == "factual_accuracy")).Sum.ShouldBe(90);

            // The interceptor detects the changes once and turns EF's detection off for the rest of that save only:
            // after it, a change made without a call to DetectChanges is still seen, by the next save and by the queue.
            db.ChangeTracker.AutoDetectChangesEnabled.ShouldBeTrue("detection is back on after a save");
            rating.Rerate(new CredibilityApi.Domain.RatingContent("factual_accuracy", 91, null, 1), [], DateTime.UtcNow);
            await db.SaveChangesAsync();
            (await db.Annotations.AsNoTracking().SingleAsync(a => a.Id == ratingId)).Value.ShouldBe(91);

            // And after a save that fails.
            db.Add(new CredibilityApi.Aggregation.PendingRollup { ArticleId = f.Article.Id, Dimension = "factual_accuracy" });
            db.Entry(rating).Property(a => a.Version).OriginalValue = -1;
            rating.Rerate(new CredibilityApi.Domain.RatingContent("factual_accuracy", 92, null, 1), [], DateTime.UtcNow);
            await Should.ThrowAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
            db.ChangeTracker.AutoDetectChangesEnabled.ShouldBeTrue("detection is back on after a failed save");
            db.ChangeTracker.Clear();
        }

        await api.Factory.ApplyPendingRollupsAsync();
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            // The second save's value (the third save failed and wrote nothing).
            (await db.ArticleDimensionStats.SingleAsync(s => s.ArticleId == f.Article.Id && s.Dimension == "factual_accuracy")).Sum.ShouldBe(91);
            await RollupReference.AssertMatchesAsync(db, f.Outlet.Id);
        }
    }

    [Fact]
    public void A_rating_moved_to_another_article_queues_both_and_other_entities_queue_nothing()
    {
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var rating = db.Annotations.AsNoTracking().First(a => a.Kind == CredibilityApi.Domain.AnnotationKind.Rating);
        db.Attach(rating);
        db.Entry(rating).Property(a => a.ArticleId).CurrentValue = "art_elsewhere";
        db.ChangeTracker.DetectChanges();

        RollupQueueInterceptor.Touched(db.ChangeTracker).ShouldBe(
            [(rating.ArticleId is "art_elsewhere" ? db.Entry(rating).Property(a => a.ArticleId).OriginalValue! : rating.ArticleId!, rating.Dimension!), ("art_elsewhere", rating.Dimension!)],
            ignoreOrder: true);

        db.ChangeTracker.Clear();
        var outlet = db.Outlets.AsNoTracking().First();
        db.Attach(outlet);
        db.Entry(outlet).Property(o => o.Notes).CurrentValue = "changed";
        db.ChangeTracker.DetectChanges();
        RollupQueueInterceptor.Touched(db.ChangeTracker).ShouldBeEmpty();
    }

    [Fact]
    public void No_source_writes_annotations_around_the_change_tracker()
    {
        // ExecuteUpdate, ExecuteDelete or SQL on Annotations would skip the interceptor and leave the rollups stale.
        var source = Path.Combine(RepositoryRoot(), "src", "CredibilityApi");
        var offenders = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(p => File.ReadAllLines(p).Select((line, i) => (p, i, line)))
            .Where(x => Regex.IsMatch(x.line, @"\bAnnotations\b.*\bExecute(Update|Delete)") ||
                        Regex.IsMatch(x.line, @"(UPDATE|DELETE FROM|INSERT INTO)\s+""?Annotations\b", RegexOptions.IgnoreCase))
            .Select(x => $"{Path.GetRelativePath(source, x.p)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        offenders.ShouldBeEmpty();
        Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories).Count().ShouldBeGreaterThan(100);
    }

    [Fact]
    public void Annotations_go_around_the_change_tracker_only_through_the_bulk_insert_that_queues_their_rollups()
    {
        // BulkInsert builds its SQL from the model, so the patterns above do not see it. It refuses annotations except
        // through InsertAnnotationsAsync, which queues the ratings' rollups in the same transaction (ImportBulkTests
        // shows both); its callers are these, and a new one has to be looked at and added here.
        var source = Path.Combine(RepositoryRoot(), "src", "CredibilityApi");
        var callers = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !p.EndsWith($"{Path.DirectorySeparatorChar}BulkInsert.cs", StringComparison.Ordinal))
            .Where(p => File.ReadAllText(p).Contains("BulkInsert.", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(source, p).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        // The v2 refit inserts its leniency and bucket-prior rows (no annotations) set-based, in its own transaction.
        callers.ShouldBe(["Aggregation/V2Refitter.cs", "Features/Annotations/Import/Endpoint.cs"]);
    }

    [Fact]
    public void The_writers_that_build_their_sql_from_the_model_are_known()
    {
        // SQL built from the EF model names no table in its text, so the patterns above cannot see a new writer of
        // annotations. These build statements from the model: the bulk insert and the rating writer queue the rollups of
        // the ratings they write, the fold's tracked writes refuse every type but the rollup tables, the keyed reads only
        // read. A new one has to be looked at and added here.
        var source = Path.Combine(RepositoryRoot(), "src", "CredibilityApi");
        Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}"))
            .Where(p => File.ReadAllText(p).Contains("GetTableName()", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(source, p).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ShouldBe(["Data/BulkInsert.cs", "Data/KeyedReads.cs", "Data/SqliteRatingWriter.cs", "Data/TrackedWrites.cs"]);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CredibilityApi.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CredibilityApi.sln not found above the test output.");
    }
}

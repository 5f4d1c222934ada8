using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Aggregation;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CredibilityApi.Tests.Data;

/// <summary>
/// Issue 13: a bulk write (an import batch) runs on one connection whose page cache is widened for it
/// (<c>Database:SqliteBulkCacheKiB</c>) and set back to the pool's normal size when it ends (<see cref="BulkWriteCache"/>).
/// SQLite keeps the size per native connection, so one left widened would stay so in the pool.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BulkWriteCacheTests(ApiFixture api)
{
    private static long CacheSize(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA cache_size;";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [SkippableFact]
    public async Task A_bulk_write_has_the_wide_cache_on_its_connection_and_leaves_the_normal_one_behind()
    {
        Skip.If(api.Factory.OnSqlServer, "SQLite's page cache.");
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var cache = scope.ServiceProvider.GetRequiredService<BulkWriteCache>();
        cache.BulkKiB.ShouldBe(32768, "the default of Database:SqliteBulkCacheKiB");
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();

        // Held open around the scope, so the native connection read afterwards is the one the scope widened.
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();
            await using (await cache.WidenAsync(db, CancellationToken.None))
            {
                CacheSize(connection).ShouldBe(-32768);
            }

            CacheSize(connection).ShouldBe(-512, "the pool's size (Database:SqliteCacheKiB) once the bulk write ends");
            connection.State.ShouldBe(System.Data.ConnectionState.Open, "the scope closes only the opening it made");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [SkippableFact]
    public async Task The_scope_opens_the_connection_for_the_bulk_write_and_closes_it_after()
    {
        Skip.If(api.Factory.OnSqlServer, "SQLite's page cache.");
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var cache = scope.ServiceProvider.GetRequiredService<BulkWriteCache>();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var connection = db.Database.GetDbConnection();
        connection.State.ShouldBe(System.Data.ConnectionState.Closed);
        await using (await cache.WidenAsync(db, CancellationToken.None))
        {
            connection.State.ShouldBe(System.Data.ConnectionState.Open, "every statement of the bulk write on the one widened connection");
        }

        connection.State.ShouldBe(System.Data.ConnectionState.Closed);
    }

    [SkippableFact]
    public async Task Set_to_no_more_than_the_normal_cache_it_changes_nothing()
    {
        Skip.If(api.Factory.OnSqlServer, "SQLite's page cache.");
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        foreach (var off in new[] { BulkWriteCache.None, new BulkWriteCache(512, 0, NullLogger<BulkWriteCache>.Instance), new BulkWriteCache(512, 512, NullLogger<BulkWriteCache>.Instance) })
        {
            await using (await off.WidenAsync(db, CancellationToken.None))
            {
                db.Database.GetDbConnection().State.ShouldBe(System.Data.ConnectionState.Closed);
            }

            off.Widened.ShouldBe(0);
        }
    }

    [SkippableFact]
    public async Task An_import_batch_is_written_with_the_wide_cache()
    {
        Skip.If(api.Factory.OnSqlServer, "SQLite's page cache.");
        var cache = api.Factory.Services.GetRequiredService<BulkWriteCache>();
        var before = cache.Widened;
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/story", ArticleFixture.Body, new DateTimeOffset(2021, 6, 1, 8, 0, 0, TimeSpan.Zero)));
        var imported = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest
        {
            Annotations =
            [
                new AnnotationImportRecord
                {
                    Kind = AnnotationKind.Rating,
                    Target = new AnnotationTarget { Type = TargetType.Article, Id = article.Id },
                    AuthorId = api.AnnotatorAccount.Id,
                    Rating = new RatingImport { Dimension = "factual_accuracy", Value = 60, RubricVersion = 1 },
                    Tags = [],
                },
            ],
        });
        imported.Created.ShouldBe(1);
        cache.Widened.ShouldBeGreaterThan(before);
    }

    /// <summary>
    /// A batch that fails its checks ends its larger cache before the 422 is written, and leaves nothing shut: the next
    /// batch is written at once (a write gate or a slot left held would make it wait, or run without the cache).
    /// </summary>
    [SkippableFact]
    public async Task A_rejected_batch_gives_its_connection_back_and_the_next_batch_is_written()
    {
        Skip.If(api.Factory.OnSqlServer, "SQLite's page cache.");
        var cache = api.Factory.Services.GetRequiredService<BulkWriteCache>();
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/story", ArticleFixture.Body, new DateTimeOffset(2021, 6, 1, 8, 0, 0, TimeSpan.Zero)));
        ImportAnnotationsRequest Batch(double value) => new()
        {
            Annotations =
            [
                new AnnotationImportRecord
                {
                    Kind = AnnotationKind.Rating,
                    Target = new AnnotationTarget { Type = TargetType.Article, Id = article.Id },
                    AuthorId = api.AnnotatorAccount.Id,
                    Rating = new RatingImport { Dimension = "factual_accuracy", Value = value, RubricVersion = 1 },
                    Tags = [],
                },
            ],
        };

        // Three rejections in a row: more than the slots, so one left held by each would show in the last.
        for (var i = 0; i < BulkWriteCache.Slots + 1; i++)
        {
            var before = cache.Widened;
            var rejected = await Should.ThrowAsync<ApiException<ValidationProblem>>(() => api.Admin.ImportAnnotationsAsync(Batch(900)));
            rejected.StatusCode.ShouldBe(422);
            cache.Widened.ShouldBe(before + 1, "each batch, rejected ones too, had the larger cache: its slot came back");
        }

        var written = await api.Admin.ImportAnnotationsAsync(Batch(61)).WaitAsync(TimeSpan.FromSeconds(30));
        written.Created.ShouldBe(1);
    }
}

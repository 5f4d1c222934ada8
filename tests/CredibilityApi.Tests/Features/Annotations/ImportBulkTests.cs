using System.Data.Common;
using CredibilityApi.Client;
using CredibilityApi.Data;
using AnnotationStore = CredibilityApi.Features.Annotations.AnnotationStore;
using CredibilityApi.Tests.Aggregation;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Model = global::CredibilityApi.Domain;

namespace CredibilityApi.Tests.Features.Annotations;

/// <summary>
/// Issue 13, point 4: the import writes set-based (new annotations and revisions through <see cref="BulkInsert"/>,
/// around the change tracker) with the same outcome as before: all or nothing, re-imports unchanged, re-rates as
/// new revisions, rows stored as SaveChanges stores them, and the rollups of every rated (article, dimension) queued.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ImportBulkTests(ApiFixture api)
{
    private static readonly DateTimeOffset Published = new(2021, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private async Task<(Outlet Outlet, Article Article)> ArticleAsync()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        return (outlet, await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/story", ArticleFixture.Body, Published)));
    }

    private AnnotationImportRecord Rating(Article article, string author, string dimension, double value, double? confidence = null, List<string>? tags = null) => new()
    {
        Kind = AnnotationKind.Rating,
        Target = new AnnotationTarget { Type = TargetType.Article, Id = article.Id },
        AuthorId = author,
        Rating = new RatingImport { Dimension = dimension, Value = value, Confidence = confidence, RubricVersion = 1 },
        Tags = tags ?? [],
    };

    private AnnotationImportRecord Provenance(Outlet outlet) => new()
    {
        Kind = AnnotationKind.Provenance,
        Target = new AnnotationTarget { Type = TargetType.Outlet, Id = outlet.Id },
        AuthorId = api.OtherAnnotatorAccount.Id,
        Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Ownership, Explanation = "State-owned since 2019.", EvidenceUrls = ["https://example.org/registry"] },
        Tags = [],
    };

    [Fact]
    public async Task A_batch_mixing_new_records_reimports_a_rerate_and_an_invalid_line_writes_nothing_then_all_of_it_once_fixed()
    {
        var (outlet, article) = await ArticleAsync();
        var me = api.AnnotatorAccount.Id;
        var other = api.OtherAnnotatorAccount.Id;
        var first = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest
        {
            Annotations = [Rating(article, me, "factual_accuracy", 70), Rating(article, me, "headline_fidelity", 40), Provenance(outlet)],
        });
        first.Created.ShouldBe(3);
        await api.Factory.ApplyPendingRollupsAsync();
        var before = await RowsAsync(outlet.Id);

        List<AnnotationImportRecord> Mixed() =>
        [
            Rating(article, me, "factual_accuracy", 70),                     // unchanged: the same as stored
            Rating(article, me, "headline_fidelity", 55, 0.8),               // re-rated: a second revision
            Rating(article, other, "factual_accuracy", 30, 0.5, ["satire"]), // new
            new()
            {
                Kind = AnnotationKind.Framing,
                Target = new AnnotationTarget { Type = TargetType.Article, Id = article.Id },
                AuthorId = other,
                Framing = new FramingImport { Technique = "loaded-language", Severity = 2, Comment = "A comment.", Span = new TextAnchor { Exact = "marauding militants", Suffix = ";" } },
                Tags = [],
            },                                                               // new
            Provenance(outlet),                                              // unchanged: the same note again
        ];

        var invalid = Mixed();
        invalid.Add(Rating(article, other, "slant", 1000));
        var rejected = await Should.ThrowAsync<ApiException<ValidationProblem>>(() => api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = invalid }));
        rejected.StatusCode.ShouldBe(422);
        rejected.Result.Errors.ShouldContain(e => e.Name == "annotations[5].rating.value");
        (await RowsAsync(outlet.Id)).ShouldBe(before);

        var response = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = Mixed() });

        (response.Created, response.Updated, response.Unchanged).ShouldBe((2, 1, 2));
        response.Ids.ElementAt(0).ShouldBe(first.Ids.ElementAt(0));
        response.Ids.ElementAt(1).ShouldBe(first.Ids.ElementAt(1));
        response.Ids.ElementAt(4).ShouldBe(first.Ids.ElementAt(2));
        var after = await RowsAsync(outlet.Id);
        after.Annotations.ShouldBe(before.Annotations + 2);
        after.Revisions.ShouldBe(before.Revisions + 3);

        // The rows read back as the API wrote them, and each new one has its first revision, the re-rate its second.
        var created = await api.Researcher.GetAnnotationAsync(response.Ids.ElementAt(2));
        (created.AuthorId, created.OutletId, created.ArticlePublishedAt, created.Revision).ShouldBe((other, outlet.Id, (DateTimeOffset?)Published, 1));
        (created.Rating!.Value, created.Rating.Confidence, created.Tags.Single()).ShouldBe((30, (double?)0.5, "satire"));
        var framing = await api.Researcher.GetAnnotationAsync(response.Ids.ElementAt(3));
        (framing.Framing!.Span!.Exact, framing.Framing.Comment).ShouldBe(("marauding militants", "A comment."));
        (await api.Researcher.ListRevisionsAsync(response.Ids.ElementAt(2))).Items.ShouldHaveSingleItem().Annotation.Rating!.Value.ShouldBe(30);
        var rerated = await api.Researcher.ListRevisionsAsync(response.Ids.ElementAt(1));
        rerated.Items.Select(r => r.Revision).ShouldBe([1, 2], ignoreOrder: true);
        (await api.Researcher.GetAnnotationAsync(response.Ids.ElementAt(1))).Rating!.Value.ShouldBe(55);

        // Both rated (article, dimension) pairs were queued in the batch's transaction (the background applier may
        // have folded them already): the new rating counts in its article's rollup, and every rollup is current.
        await api.Factory.ApplyPendingRollupsAsync();
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            (await db.ArticleDimensionStats.SingleAsync(s => s.ArticleId == article.Id && s.Dimension == "factual_accuracy")).Ratings.ShouldBe(2);
            await RollupReference.AssertMatchesAsync(db, outlet.Id);
        }

        // And the same batch once more is a no-op.
        var again = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = Mixed() });
        (again.Created, again.Updated, again.Unchanged).ShouldBe((0, 0, 5));
        (await RowsAsync(outlet.Id)).ShouldBe(after);
    }

    [Fact]
    public async Task Bulk_inserted_rows_are_stored_column_for_column_as_SaveChanges_stores_them_and_queue_their_rollups()
    {
        var (_, article) = await ArticleAsync();
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var target = (await AnnotationStore.ResolveAsync(db, Model.TargetType.Article, article.Id, CancellationToken.None))!;
        var now = new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc).AddTicks(4567);
        Model.Annotation Framing() => Model.Annotation.Framing(target,
            new Model.FramingContent("loaded-language", 3, "the ministry", "against", "Ünïcode comment", new Model.Anchor(10, 29, "marauding militants", "the ", ";")),
            ["satire", "opinion-piece"], api.AnnotatorAccount.Id, now);
        Model.Annotation Rating(string author) => Model.Annotation.Rating(target, new Model.RatingContent("slant", -1.5, 0.25, 1), ["opinion-piece"], author, now);

        var (viaSave, viaBulk) = (Framing(), Framing());
        var (ratingViaSave, ratingViaBulk) = (Rating(api.AnnotatorAccount.Id), Rating(api.OtherAnnotatorAccount.Id));
        db.Annotations.AddRange(viaSave, ratingViaSave);
        await db.SaveChangesAsync();
        await api.Factory.ApplyPendingRollupsAsync();

        var revision = AnnotationStore.Revision(ratingViaBulk, Model.RevisionAction.Created, api.AnnotatorAccount.Id, "Imported", now);
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await BulkInsert.InsertAnnotationsAsync(db, [viaBulk, ratingViaBulk], CancellationToken.None);
            await BulkInsert.InsertAsync(db, [revision], CancellationToken.None);
            (await db.PendingRollups.Where(p => p.ArticleId == article.Id).Select(p => p.Dimension).ToListAsync()).ShouldBe(["slant"]);
            await transaction.CommitAsync();
        }

        (await ColumnsAsync(db, "Annotations", "Id", viaBulk.Id)).ShouldBe(await ColumnsAsync(db, "Annotations", "Id", viaSave.Id));
        var bulkRating = await ColumnsAsync(db, "Annotations", "Id", ratingViaBulk.Id);
        var savedRating = await ColumnsAsync(db, "Annotations", "Id", ratingViaSave.Id);
        bulkRating.Remove("AuthorId").ShouldBeTrue();
        savedRating.Remove("AuthorId").ShouldBeTrue();
        bulkRating.ShouldBe(savedRating);
        (await db.AnnotationRevisions.AsNoTracking().SingleAsync(r => r.AnnotationId == ratingViaBulk.Id)).Snapshot.ShouldBe(revision.Snapshot);

        await api.Factory.ApplyPendingRollupsAsync();
        await RollupReference.AssertMatchesAsync(db, target.OutletId);

        // Annotations never go in without their rollups.
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await Should.ThrowAsync<InvalidOperationException>(() => BulkInsert.InsertAsync(db, [Rating(api.AnnotatorAccount.Id)], CancellationToken.None));
        }
    }

    private async Task<(int Annotations, int Revisions)> RowsAsync(string outletId)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var ids = await db.Annotations.Where(a => a.OutletId == outletId).Select(a => a.Id).ToListAsync();
        return (ids.Count, await db.AnnotationRevisions.CountAsync(r => ids.Contains(r.AnnotationId)));
    }

    /// <summary>Every column of a row but the key, as the provider reads it.</summary>
    private static async Task<Dictionary<string, object?>> ColumnsAsync(CredibilityDbContext db, string table, string key, string id)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} WHERE {key} = @id";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@id";
            parameter.Value = id;
            command.Parameters.Add(parameter);
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            (await reader.ReadAsync()).ShouldBeTrue();
            var columns = Enumerable.Range(0, reader.FieldCount).Where(i => reader.GetName(i) != key)
                .ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
            columns.Count.ShouldBeGreaterThan(20);
            return columns;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

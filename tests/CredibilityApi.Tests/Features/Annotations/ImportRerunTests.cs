using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Features.Annotations;

/// <summary>Issue 13, point 4: a re-import is a no-op, and a migration may keep its records' own instants.</summary>
[Collection(ApiCollection.Name)]
public sealed class ImportRerunTests(ApiFixture api)
{
    private static readonly DateTimeOffset Published = new(2021, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private async Task<(Outlet Outlet, Article Article)> ArticleAsync()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        return (outlet, await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/story", ArticleFixture.Body, Published)));
    }

    private List<AnnotationImportRecord> Batch(Outlet outlet, Article article) =>
    [
        new()
        {
            Kind = AnnotationKind.Rating,
            Target = new AnnotationTarget { Type = TargetType.Article, Id = article.Id },
            AuthorId = api.AnnotatorAccount.Id,
            Rating = new RatingImport { Dimension = "factual_accuracy", Value = 70, RubricVersion = 1 },
            Tags = [],
        },
        new()
        {
            Kind = AnnotationKind.Framing,
            Target = new AnnotationTarget { Type = TargetType.Article, Id = article.Id },
            AuthorId = api.AnnotatorAccount.Id,
            Framing = new FramingImport { Technique = "loaded-language", Severity = 2, Span = new TextAnchor { Exact = "marauding militants", Suffix = ";" } },
            Tags = [],
        },
        new()
        {
            Kind = AnnotationKind.Provenance,
            Target = new AnnotationTarget { Type = TargetType.Outlet, Id = outlet.Id },
            AuthorId = api.OtherAnnotatorAccount.Id,
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Ownership, Explanation = "State-owned since 2019." },
            Tags = [],
        },
    ];

    private async Task<(int Annotations, int Revisions)> CountAsync(Outlet outlet)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var ids = await db.Annotations.Where(a => a.OutletId == outlet.Id).Select(a => a.Id).ToListAsync();
        return (ids.Count, await db.AnnotationRevisions.CountAsync(r => ids.Contains(r.AnnotationId)));
    }

    [Fact]
    public async Task Importing_the_same_batch_twice_writes_nothing_the_second_time()
    {
        var (outlet, article) = await ArticleAsync();
        var first = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = Batch(outlet, article) });
        first.Created.ShouldBe(3);
        var before = await CountAsync(outlet);

        var second = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = Batch(outlet, article) });

        second.Imported.ShouldBe(3);
        second.Created.ShouldBe(0);
        second.Updated.ShouldBe(0);
        second.Unchanged.ShouldBe(3);
        second.Ids.ShouldBe(first.Ids.ToList());
        (await CountAsync(outlet)).ShouldBe(before);
        before.ShouldBe((3, 3));
    }

    [Fact]
    public async Task A_changed_rating_is_a_new_revision_and_an_identical_note_twice_in_one_batch_is_written_once()
    {
        var (outlet, article) = await ArticleAsync();
        await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = Batch(outlet, article) });

        var again = Batch(outlet, article);
        again[0].Rating!.Value = 30;
        again.Add(Batch(outlet, article)[2]);
        var framing = Batch(outlet, article)[1];
        framing.Framing!.Severity = 3;
        again.Add(framing);
        var response = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = again });

        response.Updated.ShouldBe(1);   // the rating, re-rated
        response.Created.ShouldBe(1);   // the framing note with another severity is another note
        response.Unchanged.ShouldBe(3); // the framing and provenance notes as before, and the provenance note again
        response.Ids.ElementAt(2).ShouldBe(response.Ids.ElementAt(3));
        (await api.Researcher.GetAnnotationAsync(response.Ids.First())).Rating!.Value.ShouldBe(30);
    }

    [Fact]
    public async Task KeepTimestamps_keeps_the_records_instants_and_records_the_first_revision_then()
    {
        var (outlet, article) = await ArticleAsync();
        var created = new DateTimeOffset(2022, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var updated = created.AddDays(2);
        var batch = Batch(outlet, article);
        foreach (var record in batch)
        {
            record.CreatedAt = created;
            record.UpdatedAt = updated;
        }

        var response = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = batch, KeepTimestamps = true });

        var rating = await api.Researcher.GetAnnotationAsync(response.Ids.First());
        rating.CreatedAt.ShouldBe(created);
        rating.UpdatedAt.ShouldBe(updated);
        var revisions = await api.Researcher.ListRevisionsAsync(response.Ids.ElementAt(1));
        revisions.Items.ShouldHaveSingleItem().RecordedAt.ShouldBe(updated);

        // An older copy of the same rating does not overwrite the newer one.
        var older = Batch(outlet, article)[0];
        older.Rating!.Value = 5;
        older.CreatedAt = created;
        older.UpdatedAt = created;
        var stale = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = [older], KeepTimestamps = true });
        stale.Unchanged.ShouldBe(1);
        (await api.Researcher.GetAnnotationAsync(response.Ids.First())).Rating!.Value.ShouldBe(70);

        // Without the switch the import's own instant is recorded.
        var plain = Batch(outlet, article)[2];
        plain.Provenance!.Explanation = "Another note.";
        plain.CreatedAt = created;
        var now = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = [plain] });
        (await api.Researcher.GetAnnotationAsync(now.Ids.First())).CreatedAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Kept_instants_in_the_future_or_out_of_order_are_a_422_naming_the_record()
    {
        var (outlet, article) = await ArticleAsync();
        var batch = Batch(outlet, article);
        batch[0].CreatedAt = DateTimeOffset.UtcNow.AddDays(1);
        batch[1].CreatedAt = new DateTimeOffset(2022, 1, 2, 0, 0, 0, TimeSpan.Zero);
        batch[1].UpdatedAt = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var e = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = batch, KeepTimestamps = true }).ShouldFailWith(422);

        e.Response!.ShouldContain("annotations[0].createdAt");
        e.Response!.ShouldContain("annotations[1].updatedAt");
        (await CountAsync(outlet)).ShouldBe((0, 0));
    }
}

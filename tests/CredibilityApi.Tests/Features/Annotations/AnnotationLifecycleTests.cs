using System.Net;
using System.Net.Http.Json;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Annotations;

[Collection(ApiCollection.Name)]
public sealed class AnnotationLifecycleTests(ApiFixture api)
{
    private async Task<(ArticleFixture F, Annotation Note)> NoteAsync(CredibilityApiClient? by = null, params string[] tags)
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var note = await (by ?? api.Annotator).RecordProvenanceAsync(new RecordProvenanceRequest
        {
            Target = new AnnotationTarget { Type = TargetType.Article, Id = f.Article.Id },
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Byline, Explanation = "Byline names a staff reporter.", EvidenceUrls = [] },
            Tags = tags.ToList(),
        });
        return (f, note);
    }

    private static EditAnnotationRequest Edit(string explanation, params string[] tags) => new()
    {
        Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Byline, Explanation = explanation, EvidenceUrls = [] },
        Tags = tags.ToList(),
    };

    [Fact]
    public async Task An_edit_makes_a_new_revision_and_keeps_the_old_one()
    {
        var (_, note) = await NoteAsync();

        var edited = await api.Annotator.EditAnnotationAsync(note.Id, note.Etag, Edit("The byline is a pseudonym.", "needs-second-look"));

        edited.Revision.ShouldBe(2);
        edited.Etag.ShouldBe("\"2\"");
        edited.Provenance!.Explanation.ShouldBe("The byline is a pseudonym.");
        edited.Tags.ShouldBe(["needs-second-look"]);
        var history = await api.Researcher.ListRevisionsAsync(note.Id);
        history.Items.Select(r => (r.Revision, r.Action)).ShouldBe([(1, RevisionAction.Created), (2, RevisionAction.Edited)]);
        history.Items.First().Annotation.Provenance!.Explanation.ShouldBe("Byline names a staff reporter.");
        history.Items.Last().Annotation.Provenance!.Explanation.ShouldBe("The byline is a pseudonym.");
        history.Items.ShouldAllBe(r => r.RecordedBy == api.AnnotatorAccount.Id);
    }

    [Fact]
    public async Task Only_the_author_may_edit_or_retract_not_another_annotator_nor_an_admin()
    {
        var (_, note) = await NoteAsync();

        await api.OtherAnnotator.EditAnnotationAsync(note.Id, note.Etag, Edit("mine now")).ShouldFailWith(403);
        await api.Admin.EditAnnotationAsync(note.Id, note.Etag, Edit("admin edit")).ShouldFailWith(403);
        await api.OtherAnnotator.RetractAnnotationAsync(note.Id, new ReasonRequest { Reason = "disagree" }).ShouldFailWith(403);
        await api.Researcher.RetractAnnotationAsync(note.Id, new ReasonRequest { Reason = "disagree" }).ShouldFailWith(403);
        (await api.Researcher.GetAnnotationAsync(note.Id)).Revision.ShouldBe(1);
    }

    [Fact]
    public async Task Edits_need_a_current_if_match()
    {
        var (_, note) = await NoteAsync();
        await api.Annotator.EditAnnotationAsync(note.Id, note.Etag, Edit("first"));

        await api.Annotator.EditAnnotationAsync(note.Id, note.Etag, Edit("stale")).ShouldFailWith(412);
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        (await http.PutAsJsonAsync($"/api/v1/annotations/{note.Id}", new { provenance = new { aspect = "byline" }, tags = Array.Empty<string>() }))
            .StatusCode.ShouldBe(HttpStatusCode.PreconditionRequired);
    }

    [Fact]
    public async Task Content_of_another_kind_is_422()
    {
        var (_, note) = await NoteAsync();
        var e = await api.Annotator.EditAnnotationAsync(note.Id, note.Etag, new EditAnnotationRequest
        {
            Framing = new FramingInput { Technique = "doubt", Severity = 1 },
            Tags = [],
        }).ShouldFailWith(422);
        e.Response!.ShouldContain("provenance");
    }

    [Fact]
    public async Task A_retraction_keeps_the_record_and_its_reason_and_stops_it_counting()
    {
        var (f, note) = await NoteAsync();

        var retracted = await api.Annotator.RetractAnnotationAsync(note.Id, new ReasonRequest { Reason = "Annotated the wrong article." });

        retracted.Status.ShouldBe(AnnotationStatus.Retracted);
        retracted.RetractionReason.ShouldBe("Annotated the wrong article.");
        retracted.Revision.ShouldBe(2);
        (await api.Researcher.GetAnnotationAsync(note.Id)).Status.ShouldBe(AnnotationStatus.Retracted);
        (await api.Researcher.ListAnnotationsAsync(articleId: f.Article.Id)).Items.ShouldBeEmpty();
        (await api.Researcher.ListAnnotationsAsync(articleId: f.Article.Id, includeRetracted: true)).Items.Single().Id.ShouldBe(note.Id);
        (await api.Researcher.ListRevisionsAsync(note.Id)).Items.Last().Reason.ShouldBe("Annotated the wrong article.");
    }

    [Fact]
    public async Task A_retracted_annotation_cannot_be_retracted_again_or_edited()
    {
        var (_, note) = await NoteAsync();
        var retracted = await api.Annotator.RetractAnnotationAsync(note.Id, new ReasonRequest { Reason = "duplicate" });

        await api.Annotator.RetractAnnotationAsync(note.Id, new ReasonRequest { Reason = "again" }).ShouldFailWith(409);
        await api.Annotator.EditAnnotationAsync(note.Id, retracted.Etag, Edit("revive")).ShouldFailWith(409);
    }

    [Fact]
    public async Task A_retraction_needs_a_reason()
    {
        var (_, note) = await NoteAsync();
        await api.Annotator.RetractAnnotationAsync(note.Id, new ReasonRequest { Reason = "" }).ShouldFailWith(400);
    }

    [Fact]
    public async Task A_hidden_annotation_disappears_for_others_until_an_admin_unhides_it()
    {
        var (f, note) = await NoteAsync();

        var hidden = await api.Admin.HideAnnotationAsync(note.Id, new ReasonRequest { Reason = "Doxxing in the explanation." });

        hidden.Hidden.ShouldBeTrue();
        hidden.HiddenReason.ShouldBe("Doxxing in the explanation.");
        await api.Researcher.GetAnnotationAsync(note.Id).ShouldFailWith(404);
        await api.OtherAnnotator.ListRevisionsAsync(note.Id).ShouldFailWith(404);
        (await api.Annotator.GetAnnotationAsync(note.Id)).Hidden.ShouldBeTrue();
        (await api.Researcher.ListAnnotationsAsync(articleId: f.Article.Id)).Items.ShouldBeEmpty();
        await api.Researcher.ListAnnotationsAsync(articleId: f.Article.Id, includeHidden: true).ShouldFailWith(403);
        (await api.Admin.ListAnnotationsAsync(articleId: f.Article.Id, includeHidden: true)).Items.Single().Id.ShouldBe(note.Id);
        await api.Admin.HideAnnotationAsync(note.Id, new ReasonRequest { Reason = "twice" }).ShouldFailWith(409);

        var unhidden = await api.Admin.UnhideAnnotationAsync(note.Id, new ReasonRequest { Reason = "Author removed the personal details." });

        unhidden.Hidden.ShouldBeFalse();
        (await api.Researcher.GetAnnotationAsync(note.Id)).Id.ShouldBe(note.Id);
        (await api.Researcher.ListRevisionsAsync(note.Id)).Items.Select(r => r.Action)
            .ShouldBe([RevisionAction.Created, RevisionAction.Hidden, RevisionAction.Unhidden]);
    }

    [Fact]
    public async Task Only_admins_hide()
    {
        var (_, note) = await NoteAsync();
        await api.Annotator.HideAnnotationAsync(note.Id, new ReasonRequest { Reason = "mine" }).ShouldFailWith(403);
        await api.Researcher.UnhideAnnotationAsync(note.Id, new ReasonRequest { Reason = "x" }).ShouldFailWith(403);
    }

    [Fact]
    public async Task Annotations_are_listed_by_target_annotator_tag_and_kind_in_pages()
    {
        var (f, mine) = await NoteAsync(api.Annotator, "wire-copy");
        var theirs = await api.OtherAnnotator.RecordProvenanceAsync(new RecordProvenanceRequest
        {
            Target = new AnnotationTarget { Type = TargetType.Article, Id = f.Article.Id },
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Dateline, EvidenceUrls = [] },
            Tags = [],
        });
        var rating = (await api.OtherAnnotator.RateArticleAsync(f.Article.Id, new RateArticleRequest
        {
            Values = [new RatingValue { Dimension = "slant", Value = 10 }],
            Tags = ["wire-copy"],
        })).Ratings.Single();

        (await api.Researcher.ListAnnotationsAsync(targetType: TargetType.Article, targetId: f.Article.Id)).Items.Select(a => a.Id).ShouldBe([mine.Id, theirs.Id, rating.Id]);
        (await api.Researcher.ListAnnotationsAsync(articleId: f.Article.Id, authorId: api.OtherAnnotatorAccount.Id)).Items.Select(a => a.Id).ShouldBe([theirs.Id, rating.Id]);
        (await api.Researcher.ListAnnotationsAsync(articleId: f.Article.Id, tag: "wire-copy")).Items.Select(a => a.Id).ShouldBe([mine.Id, rating.Id]);
        (await api.Researcher.ListAnnotationsAsync(outletId: f.Outlet.Id, kind: AnnotationKind.Rating)).Items.Select(a => a.Id).ShouldBe([rating.Id]);

        var page1 = await api.Researcher.ListAnnotationsAsync(articleId: f.Article.Id, limit: 2);
        var page2 = await api.Researcher.ListAnnotationsAsync(articleId: f.Article.Id, limit: 2, cursor: page1.NextCursor);
        page1.Items.Concat(page2.Items).Select(a => a.Id).ShouldBe([mine.Id, theirs.Id, rating.Id]);
        page2.NextCursor.ShouldBeNull();
    }

    [Fact]
    public async Task Unknown_annotations_are_404()
    {
        await api.Researcher.GetAnnotationAsync("ann_missing").ShouldFailWith(404);
        await api.Researcher.ListRevisionsAsync("ann_missing").ShouldFailWith(404);
        await api.Annotator.RetractAnnotationAsync("ann_missing", new ReasonRequest { Reason = "x" }).ShouldFailWith(404);
        await api.Annotator.EditAnnotationAsync("ann_missing", "\"1\"", Edit("x")).ShouldFailWith(404);
    }
}

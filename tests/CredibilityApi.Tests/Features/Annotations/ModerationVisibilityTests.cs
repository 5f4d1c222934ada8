using CredibilityApi.Client;
using CredibilityApi.Tests.Features.Exports;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Annotations;

/// <summary>Moderation is between the moderators and the author: why and by whom an annotation was hidden is theirs to see.</summary>
[Collection(ApiCollection.Name)]
public sealed class ModerationVisibilityTests(ApiFixture api)
{
    private const string HideReason = "Personal attack on a named reporter.";
    private const string UnhideReason = "Attack removed by the author.";

    private async Task<(ArticleFixture F, Annotation Note)> HiddenThenUnhiddenAsync()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var note = (await api.Annotator.RateArticleAsync(f.Article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "slant", Value = 5 }],
            Tags = [],
        })).Ratings.Single();
        await api.Admin.HideAnnotationAsync(note.Id, new ReasonRequest { Reason = HideReason });
        await api.Admin.UnhideAnnotationAsync(note.Id, new ReasonRequest { Reason = UnhideReason });
        return (f, note);
    }

    [Fact]
    public async Task A_researcher_sees_no_hide_reason_and_no_moderator_id_after_an_unhide()
    {
        var (f, note) = await HiddenThenUnhiddenAsync();
        var adminId = (await api.Admin.GetMeAsync()).AccountId;

        var revisions = (await api.Researcher.ListRevisionsAsync(note.Id)).Items;
        var annotation = await api.Researcher.GetAnnotationAsync(note.Id);
        var listed = (await api.Researcher.ListAnnotationsAsync(articleId: f.Article.Id)).Items.Single();
        var exported = await ExportReader.NdjsonAsync(api.Factory.CreateHttpClient(api.ResearcherKey), $"/api/v1/exports/annotations?outletId={f.Outlet.Id}");

        revisions.Select(r => r.Action).ShouldBe([RevisionAction.Created, RevisionAction.Hidden, RevisionAction.Unhidden]);
        foreach (var moderation in revisions.Skip(1))
        {
            moderation.RecordedBy.ShouldBe("moderator");
            moderation.Reason.ShouldBeNull();
        }

        revisions.ShouldAllBe(r => r.Annotation.HiddenReason == null);
        annotation.HiddenReason.ShouldBeNull();
        listed.HiddenReason.ShouldBeNull();
        exported.Single()["hiddenReason"].ShouldBeNull();
        var everything = System.Text.Json.JsonSerializer.Serialize(revisions) + System.Text.Json.JsonSerializer.Serialize(annotation) + exported.Single().ToJsonString();
        everything.ShouldNotContain(HideReason);
        everything.ShouldNotContain(UnhideReason);
        everything.ShouldNotContain(adminId);
    }

    [Fact]
    public async Task The_author_and_an_admin_see_who_moderated_and_why()
    {
        var (_, note) = await HiddenThenUnhiddenAsync();
        var adminId = (await api.Admin.GetMeAsync()).AccountId;

        foreach (var reader in new[] { api.Annotator, api.Admin })
        {
            var revisions = (await reader.ListRevisionsAsync(note.Id)).Items.ToList();
            revisions[1].RecordedBy.ShouldBe(adminId);
            revisions[1].Reason.ShouldBe(HideReason);
            revisions[1].Annotation.HiddenReason.ShouldBe(HideReason);
            revisions[2].RecordedBy.ShouldBe(adminId);
            revisions[2].Reason.ShouldBe(UnhideReason);
            (await reader.GetAnnotationAsync(note.Id)).HiddenReason.ShouldBe(UnhideReason);
        }
    }
}

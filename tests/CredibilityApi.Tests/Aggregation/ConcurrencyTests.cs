using System.Net.Http.Json;
using System.Net;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

[Collection(ApiCollection.Name)]
public sealed class ConcurrencyTests(ApiFixture api)
{
    [Fact]
    public async Task Annotators_rating_the_same_outlet_and_day_in_parallel_lose_no_update()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var day = new DateTimeOffset(1650, 7, 7, 0, 0, 0, TimeSpan.Zero);
        var articles = new List<Article>();
        for (var i = 0; i < 3; i++)
        {
            articles.Add(await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/c{i}", publishedAt: day.AddHours(i))));
        }

        var annotators = new List<CredibilityApiClient>();
        for (var i = 0; i < 8; i++)
        {
            annotators.Add(api.Factory.CreateApiClient((await api.CreateAccountAsync($"Parallel {i} {Unique.Label()}", Role.Annotator)).Key));
        }

        // Every annotator rates every article at once: 24 writes to the same outlet-day rows.
        await Task.WhenAll(annotators.SelectMany((client, a) => articles.Select((article, i) =>
            client.RateArticleAsync(article.Id, new RateArticleRequest
            {
                RubricVersion = 1,
                Values = [new RatingValue { Dimension = "factual_accuracy", Value = (a * 10) + i }],
                Tags = [],
            }))));

        await api.Factory.ApplyPendingRollupsAsync();
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var dayRow = await db.OutletDayStats.AsNoTracking().SingleAsync(s => s.OutletId == outlet.Id && s.Dimension == "factual_accuracy");
        var expectedScores = articles.Select((_, i) => Enumerable.Range(0, 8).Average(a => (a * 10.0) + i)).ToList();

        dayRow.Ratings.ShouldBe(24);
        dayRow.Articles.ShouldBe(3);
        dayRow.ScoreSum.ShouldBe(expectedScores.Sum(), 1e-9);
        (await db.OutletDayAnnotators.CountAsync(a => a.OutletId == outlet.Id && a.Dimension == "factual_accuracy")).ShouldBe(8);
        var series = await api.Researcher.GetScoreSeriesAsync(outlet.Id, "factual_accuracy", Bucket.Day, DateOnly.FromDateTime(day.UtcDateTime), DateOnly.FromDateTime(day.UtcDateTime).AddDays(1), null, null);
        (series.Points.Single().Ratings, series.Points.Single().Annotators).ShouldBe((24, 8));
    }

    [Fact]
    public async Task Writes_that_fail_inside_their_transaction_do_not_hold_up_the_writers_after_them()
    {
        // One annotator rates one new article on one dimension many times at once: the first insert wins and
        // the others fail inside their transactions (409) or re-rate. Every writer queues on the SQLite write
        // gate; a failed transaction must open it again, or every later write would wait forever.
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/gate"));
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
            (await http.PostAsJsonAsync($"/api/v1/articles/{article.Id}/ratings", new { values = new[] { new { dimension = "slant", value = i } }, tags = Array.Empty<string>() })).StatusCode));
        statuses.ShouldAllBe(s => s == HttpStatusCode.OK || s == HttpStatusCode.Conflict);

        var other = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/after"));
        var after = api.OtherAnnotator.RateArticleAsync(other.Id, new RateArticleRequest
        {
            Values = [new RatingValue { Dimension = "slant", Value = 5 }],
            Tags = [],
        });

        (await after.WaitAsync(TimeSpan.FromSeconds(15))).Ratings.Single().Rating!.Value.ShouldBe(5);
    }

    [Fact]
    public async Task Two_edits_with_the_same_etag_give_one_success_and_one_412()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        UpdateOutletRequest Edit(string name) => new()
        {
            Name = name,
            PrimaryDomain = outlet.PrimaryDomain,
            Aliases = [],
            Ownership = Ownership.Private,
        };

        var results = await Task.WhenAll(
            Attempt(() => api.Annotator.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit("First"))),
            Attempt(() => api.OtherAnnotator.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit("Second"))));

        results.Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed]);
        (await api.Researcher.GetOutletAsync(outlet.Id)).Etag.ShouldBe("\"2\"");
    }

    // Rounds of parallel changes to one annotation. Each request reads the same revision, so all but one lose: on the
    // revision's key (AnnotationId, Revision) or the annotation's version. Before the fix, a few of every round were 500s.
    private const int Rounds = 6, Racers = 8;

    private async Task<Annotation> NoteAsync()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        return await api.Annotator.RecordProvenanceAsync(new RecordProvenanceRequest
        {
            Target = new AnnotationTarget { Type = TargetType.Article, Id = f.Article.Id },
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Byline, Explanation = "Raced.", EvidenceUrls = [] },
            Tags = [],
        });
    }

    [Fact]
    public async Task Parallel_edits_of_one_annotation_with_the_same_etag_give_one_success_and_412s_never_a_500()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var note = await NoteAsync();
            var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i => Attempt(() => api.Annotator.EditAnnotationAsync(note.Id, note.Etag, new EditAnnotationRequest
            {
                Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Byline, Explanation = $"Edit {i}.", EvidenceUrls = [] },
                Tags = [],
            }))));

            results.Count(s => s == HttpStatusCode.OK).ShouldBe(1, $"round {round}: {string.Join(", ", results)}");
            results.ShouldAllBe(s => s == HttpStatusCode.OK || s == HttpStatusCode.PreconditionFailed, $"round {round}: {string.Join(", ", results)}");
            var revisions = await api.Annotator.ListRevisionsAsync(note.Id);
            revisions.Items.Select(r => r.Revision).ShouldBe([2, 1], ignoreOrder: true);
        }
    }

    [Fact]
    public async Task Parallel_retractions_of_one_annotation_give_one_success_and_409s_never_a_500()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var note = await NoteAsync();
            var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i =>
                Attempt(() => api.Annotator.RetractAnnotationAsync(note.Id, new ReasonRequest { Reason = $"Retraction {i}." }))));

            results.Count(s => s == HttpStatusCode.OK).ShouldBe(1, $"round {round}: {string.Join(", ", results)}");
            results.ShouldAllBe(s => s == HttpStatusCode.OK || s == HttpStatusCode.Conflict, $"round {round}: {string.Join(", ", results)}");
            (await api.Annotator.GetAnnotationAsync(note.Id)).Status.ShouldBe(AnnotationStatus.Retracted);
            (await api.Annotator.ListRevisionsAsync(note.Id)).Items.Select(r => r.Revision).ShouldBe([2, 1], ignoreOrder: true);   // the losers wrote nothing
        }
    }

    [Fact]
    public async Task An_admin_hiding_an_annotation_twice_at_once_gets_one_success_and_409s()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var note = await NoteAsync();
            var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i =>
                Attempt(() => api.Admin.HideAnnotationAsync(note.Id, new ReasonRequest { Reason = $"Hidden {i}." }))));

            results.Count(s => s == HttpStatusCode.OK).ShouldBe(1, $"round {round}: {string.Join(", ", results)}");
            results.ShouldAllBe(s => s == HttpStatusCode.OK || s == HttpStatusCode.Conflict, $"round {round}: {string.Join(", ", results)}");
        }
    }

    private static async Task<HttpStatusCode> Attempt(Func<Task> call)
    {
        try
        {
            await call();
            return HttpStatusCode.OK;
        }
        catch (ApiException e)
        {
            return (HttpStatusCode)e.StatusCode;
        }
    }
}

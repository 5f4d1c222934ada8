using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Features.Annotations;

[Collection(ApiCollection.Name)]
public sealed class ImportAnnotationsTests(ApiFixture api)
{
    private static readonly DateTimeOffset Day1 = new(2021, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day2 = new(2021, 6, 2, 8, 0, 0, TimeSpan.Zero);

    private static AnnotationImportRecord Rating(string articleId, string authorId, string dimension, double value) => new()
    {
        Kind = AnnotationKind.Rating,
        Target = new AnnotationTarget { Type = TargetType.Article, Id = articleId },
        AuthorId = authorId,
        Rating = new RatingImport { Dimension = dimension, Value = value, RubricVersion = 1 },
    };

    /// <summary>An outlet with three articles on two days, for one side of a comparison.</summary>
    private async Task<(Outlet Outlet, List<Article> Articles)> OutletWithArticlesAsync()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var articles = new List<Article>();
        foreach (var (path, day) in new[] { ("a", Day1), ("b", Day1), ("c", Day2) })
        {
            articles.Add(await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/{path}", ArticleFixture.Body, day)));
        }

        return (outlet, articles);
    }

    private static readonly (int Article, int Rater, string Dimension, double Value)[] Ratings =
    [
        (0, 0, "factual_accuracy", 80), (0, 1, "factual_accuracy", 60), (1, 0, "factual_accuracy", 20),
        (1, 1, "slant", -40), (2, 0, "factual_accuracy", 55), (2, 1, "factual_accuracy", 45), (2, 1, "slant", 10),
    ];

    [Fact]
    public async Task A_batch_writes_every_record_in_order_and_its_rollups_equal_those_of_rating_one_by_one()
    {
        var raters = new[] { (Client: api.Annotator, Account: api.AnnotatorAccount), (Client: api.OtherAnnotator, Account: api.OtherAnnotatorAccount) };
        var (single, singleArticles) = await OutletWithArticlesAsync();
        foreach (var (article, rater, dimension, value) in Ratings)
        {
            await raters[rater].Client.RateArticleAsync(singleArticles[article].Id, new RateArticleRequest
            {
                RubricVersion = 1, Values = [new RatingValue { Dimension = dimension, Value = value }], Tags = [],
            });
        }

        var (imported, importedArticles) = await OutletWithArticlesAsync();
        var records = Ratings.Select(r => Rating(importedArticles[r.Article].Id, raters[r.Rater].Account.Id, r.Dimension, r.Value)).ToList();
        records.Add(new AnnotationImportRecord
        {
            Kind = AnnotationKind.Framing,
            Target = new AnnotationTarget { Type = TargetType.Article, Id = importedArticles[0].Id },
            AuthorId = api.AnnotatorAccount.Id,
            Framing = new FramingImport { Technique = "loaded-language", Severity = 2, Span = new TextAnchor { Exact = "marauding militants", Suffix = ";" } },
        });
        records.Add(new AnnotationImportRecord
        {
            Kind = AnnotationKind.Provenance,
            Target = new AnnotationTarget { Type = TargetType.Outlet, Id = imported.Id },
            AuthorId = api.OtherAnnotatorAccount.Id,
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Ownership, Explanation = "State-owned since 2019." },
        });

        var response = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = records });

        response.Imported.ShouldBe(9);
        response.Created.ShouldBe(9);
        response.Ids.Count.ShouldBe(9);
        var framing = await api.Researcher.GetAnnotationAsync(response.Ids.ElementAt(7));
        framing.Framing!.Span!.Start.ShouldBe(ArticleFixture.Body.IndexOf("marauding militants;", StringComparison.Ordinal));
        framing.AuthorId.ShouldBe(api.AnnotatorAccount.Id);
        var note = await api.Researcher.GetAnnotationAsync(response.Ids.ElementAt(8));
        note.Provenance!.Aspect.ShouldBe(ProvenanceAspect.Ownership);
        note.OutletId.ShouldBe(imported.Id);
        var revisions = await api.Researcher.ListRevisionsAsync(response.Ids.ElementAt(0));
        revisions.Items.Single().Action.ShouldBe(RevisionAction.Created);

        (await RollupsOfAsync(imported.Id, importedArticles)).ShouldBe(await RollupsOfAsync(single.Id, singleArticles));
        (await RollupsOfAsync(imported.Id, importedArticles)).Count.ShouldBeGreaterThan(3);
    }

    [Fact]
    public async Task A_rating_the_author_already_has_becomes_a_new_revision_as_on_the_rating_endpoint()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var first = await api.Annotator.RateArticleAsync(f.Article.Id, new RateArticleRequest
        {
            RubricVersion = 1, Values = [new RatingValue { Dimension = "factual_accuracy", Value = 10 }], Tags = [],
        });

        var response = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest
        {
            Annotations = [Rating(f.Article.Id, api.AnnotatorAccount.Id, "factual_accuracy", 90)],
        });

        response.Created.ShouldBe(0);
        response.Updated.ShouldBe(1);
        response.Ids.Single().ShouldBe(first.Ratings.Single().Id);
        var rating = await api.Researcher.GetAnnotationAsync(first.Ratings.Single().Id);
        rating.Revision.ShouldBe(2);
        rating.Rating!.Value.ShouldBe(90);
        var stats = await ArticleStatsAsync(f.Article.Id);
        stats.Single().ShouldBe(("factual_accuracy", 1, 90.0));
    }

    [Fact]
    public async Task One_bad_record_is_a_422_naming_each_failing_record_and_nothing_is_written()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var records = new List<AnnotationImportRecord>
        {
            Rating(f.Article.Id, api.AnnotatorAccount.Id, "factual_accuracy", 70),
            Rating(f.Article.Id, api.OtherAnnotatorAccount.Id, "factual_accuracy", 170),
            Rating(f.Article.Id, api.AnnotatorAccount.Id, "slant", 5),
            Rating(f.Article.Id, "acc_nobody", "slant", 5),
            Rating(f.Article.Id, api.AnnotatorAccount.Id, "factual_accuracy", 75),
        };

        var e = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = records }).ShouldFailWith(422);

        var errors = ((ApiException<ValidationProblem>)e).Result.Errors.Select(x => (x.Name, x.Code)).ToList();
        errors.ShouldBe(
        [
            ("annotations[1].rating.value", "value-out-of-range"),
            ("annotations[3].authorId", "author-not-found"),
            ("annotations[4].rating.dimension", "duplicate-rating"),
        ], ignoreOrder: true);
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        (await db.Annotations.CountAsync(a => a.ArticleId == f.Article.Id)).ShouldBe(0);
        (await db.ArticleDimensionStats.CountAsync(s => s.ArticleId == f.Article.Id)).ShouldBe(0);
        (await db.OutletDayStats.CountAsync(s => s.OutletId == f.Outlet.Id)).ShouldBe(0);
        (await db.PendingRollups.CountAsync(p => p.ArticleId == f.Article.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Records_are_checked_by_the_rules_of_their_kinds_own_endpoints()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var article = new AnnotationTarget { Type = TargetType.Article, Id = f.Article.Id };
        var records = new List<AnnotationImportRecord>
        {
            new() { Kind = AnnotationKind.Provenance, Target = article, AuthorId = api.AnnotatorAccount.Id,
                Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Other, Verdict = Verdict.False } },
            new() { Kind = AnnotationKind.Framing, Target = article, AuthorId = api.AnnotatorAccount.Id,
                Framing = new FramingImport { Technique = "loaded-language", Severity = 1, Span = new TextAnchor { Exact = "marauding militants" } } },
            new() { Kind = AnnotationKind.Framing, Target = article, AuthorId = api.AnnotatorAccount.Id,
                Framing = new FramingImport { Technique = "no-such-technique", Severity = 4 } },
            new() { Kind = AnnotationKind.Rating, Target = article, AuthorId = api.AnnotatorAccount.Id, Tags = ["no-such-tag"],
                Rating = new RatingImport { Dimension = "factual_accuracy", Value = 50 } },
        };

        var e = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = records }).ShouldFailWith(422);

        var errors = ((ApiException<ValidationProblem>)e).Result.Errors.Select(x => (x.Name, x.Code)).ToList();
        errors.ShouldContain(("annotations[0].provenance.verdict", "verdict-not-for-target"));
        errors.ShouldContain(("annotations[1].framing.span", "quote-ambiguous"));
        errors.ShouldContain(("annotations[2].framing.severity", "out-of-range"));
        errors.ShouldContain(("annotations[3].tags", "unknown-tag"));
    }

    [Fact]
    public async Task A_batch_over_the_cap_is_a_400()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var records = Enumerable.Range(0, 1001).Select(_ => Rating(f.Article.Id, api.AnnotatorAccount.Id, "factual_accuracy", 50)).ToList();

        var e = await api.Admin.ImportAnnotationsAsync(new ImportAnnotationsRequest { Annotations = records }).ShouldFailWith(400);

        ((ApiException<ValidationProblem>)e).Result.Errors.Single().Code.ShouldBe("batch-too-large");
    }

    [Fact]
    public async Task Only_admins_import()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var request = new ImportAnnotationsRequest { Annotations = [Rating(f.Article.Id, api.AnnotatorAccount.Id, "factual_accuracy", 50)] };

        await api.Annotator.ImportAnnotationsAsync(request).ShouldFailWith(403);
        await api.Researcher.ImportAnnotationsAsync(request).ShouldFailWith(403);
    }

    [Fact]
    public async Task A_batch_retried_with_its_idempotency_key_is_replayed_not_written_twice()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            annotations = new object[]
            {
                new { kind = "provenance", target = new { type = "article", id = f.Article.Id }, authorId = api.AnnotatorAccount.Id, provenance = new { aspect = "byline" } },
                new { kind = "rating", target = new { type = "article", id = f.Article.Id }, authorId = api.AnnotatorAccount.Id, rating = new { dimension = "slant", value = -20 } },
            },
        });
        var http = api.Factory.CreateHttpClient(ApiFactory.AdminKey);
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports/annotations")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await http.SendAsync(request);
        }

        var first = await SendAsync();
        var second = await SendAsync();

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        (await db.Annotations.CountAsync(a => a.ArticleId == f.Article.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task Rows_of_the_annotation_export_import_unchanged()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        await api.Annotator.RateArticleAsync(f.Article.Id, new RateArticleRequest
        {
            RubricVersion = 1, Values = [new RatingValue { Dimension = "factual_accuracy", Value = 30 }], Tags = [],
        });
        await api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = "loaded-language", Severity = 3, Selector = new TextSelector { Exact = "marauding militants", Suffix = " were" } },
            Tags = [],
        });
        var http = api.Factory.CreateHttpClient(ApiFactory.AdminKey);
        var export = await http.GetStringAsync($"/api/v1/exports/annotations?outletId={f.Outlet.Id}");
        var rows = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        rows.Count.ShouldBe(2);
        var batch = new JsonObject { ["annotations"] = new JsonArray(rows.ToArray()) };

        // Into the same database, the export is already there: every row is unchanged and nothing is written.
        var same = await http.PostAsync("/api/v1/imports/annotations", new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json"));
        same.StatusCode.ShouldBe(HttpStatusCode.OK, await same.Content.ReadAsStringAsync());
        JsonNode.Parse(await same.Content.ReadAsStringAsync())!["unchanged"]!.GetValue<int>().ShouldBe(2);

        // Edited rows of the export: the rating is re-rated and the framing note, now another note, is created.
        foreach (var row in rows)
        {
            if (row["rating"] is JsonObject rating)
            {
                rating["value"] = 40;
            }
            else
            {
                row["framing"]!["severity"] = 2;
            }
        }

        batch = new JsonObject { ["annotations"] = new JsonArray(rows.Select(r => r.DeepClone()).ToArray()) };
        var response = await http.PostAsync("/api/v1/imports/annotations", new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        result["updated"]!.GetValue<int>().ShouldBe(1);
        result["created"]!.GetValue<int>().ShouldBe(1);
        var copy = await api.Researcher.GetAnnotationAsync(result["ids"]![1]!.GetValue<string>());
        copy.Framing!.Span!.Exact.ShouldBe("marauding militants");
        copy.Framing.Span.Start.ShouldBe(ArticleFixture.Body.LastIndexOf("marauding militants", StringComparison.Ordinal));
    }

    /// <summary>The outlet's rollup rows, keyed by the article's position so two outlets compare.</summary>
    private async Task<List<string>> RollupsOfAsync(string outletId, List<Article> articles)
    {
        await api.Factory.ApplyPendingRollupsAsync();
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var rows = new List<string>();
        foreach (var (article, i) in articles.Select((a, i) => (a, i)))
        {
            rows.AddRange((await ArticleStatsAsync(article.Id)).Select(s => $"article {i} {s}"));
        }

        var days = await db.OutletDayStats.AsNoTracking().Where(s => s.OutletId == outletId)
            .OrderBy(s => s.Dimension).ThenBy(s => s.Day).ToListAsync();
        rows.AddRange(days.Select(d => $"day {d.Dimension} {d.Day} {d.Articles} {d.Ratings} {d.ScoreSum} {d.ScoreSumSquares} {d.PairableValues} {d.ObservedDisagreement}"));
        var annotators = await db.OutletDayAnnotators.AsNoTracking().Where(s => s.OutletId == outletId).CountAsync();
        rows.Add($"annotator rows {annotators}");
        return rows;
    }

    private async Task<List<(string Dimension, int Ratings, double Sum)>> ArticleStatsAsync(string articleId)
    {
        await api.Factory.ApplyPendingRollupsAsync();
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var rows = await db.ArticleDimensionStats.AsNoTracking().Where(s => s.ArticleId == articleId).OrderBy(s => s.Dimension).ToListAsync();
        return rows.Select(r => (r.Dimension, r.Ratings, r.Sum)).ToList();
    }
}

using System.Net;
using System.Text.Json.Nodes;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Exports;

[Collection(ApiCollection.Name)]
public sealed class AnnotationExportTests(ApiFixture api)
{
    private HttpClient Researcher => api.Factory.CreateHttpClient(api.ResearcherKey);

    private async Task<(ArticleFixture F, Claim Claim)> ClaimAsync()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var claim = await api.Annotator.RegisterClaimAsync(f.Article.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = "Forces advanced 40 km overnight" },
            Claimant = new Claimant { Name = "Army spokesman", Type = SourceType.Government },
            Attribution = [],
            Tags = [],
        });
        return (f, claim);
    }

    private Task<Annotation> NoteAsync(ArticleFixture f, string explanation = "Byline names a staff reporter.", params string[] tags) =>
        api.Annotator.RecordProvenanceAsync(new RecordProvenanceRequest
        {
            Target = new AnnotationTarget { Type = TargetType.Article, Id = f.Article.Id },
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Byline, Explanation = explanation, EvidenceUrls = [] },
            Tags = tags.ToList(),
        });

    [Fact]
    public async Task Ndjson_lines_are_the_annotations_exactly_as_the_api_returns_them()
    {
        var (f, claim) = await ClaimAsync();
        var verdict = await api.Annotator.RecordProvenanceAsync(new RecordProvenanceRequest
        {
            Target = new AnnotationTarget { Type = TargetType.Claim, Id = claim.Id },
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Verdict, Verdict = Verdict.Misleading, Explanation = "Map shows 12 km.", EvidenceUrls = ["https://archive.example.org/map"] },
            Tags = ["primary-source-archived"],
        });
        var framing = await api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = "loaded-language", Severity = 2, Selector = new TextSelector { Exact = "marauding militants", Prefix = "Officials called them " } },
            Tags = [],
        });
        var rating = (await api.OtherAnnotator.RateArticleAsync(f.Article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "factual_accuracy", Value = 35, Confidence = 0.7 }],
            Tags = [],
        })).Ratings.Single();

        var lines = await ExportReader.NdjsonAsync(Researcher, $"/api/v1/exports/annotations?outletId={f.Outlet.Id}");

        lines.Select(l => l["id"]!.GetValue<string>()).ShouldBe([verdict.Id, framing.Id, rating.Id]);
        foreach (var line in lines)
        {
            var single = await ExportReader.GetJsonAsync(Researcher, $"/api/v1/annotations/{line["id"]}");
            JsonNode.DeepEquals(line, single).ShouldBeTrue($"{line.ToJsonString()}\n!=\n{single.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Ndjson_is_the_default_whatever_else_the_client_accepts_and_kind_filters()
    {
        var (f, _) = await ClaimAsync();
        var note = await NoteAsync(f);
        await api.Annotator.RateArticleAsync(f.Article.Id, new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = "slant", Value = 10 }], Tags = [] });
        var path = $"/api/v1/exports/annotations?outletId={f.Outlet.Id}&kind=provenance";

        foreach (var accept in new[] { null, "*/*", "application/json", "application/x-ndjson", "text/csv;q=0.5, application/x-ndjson" })
        {
            (await ExportReader.NdjsonAsync(Researcher, path, accept)).Select(l => l["id"]!.GetValue<string>()).ShouldBe([note.Id], accept);
        }
    }

    [Fact]
    public async Task Retracted_and_hidden_annotations_are_not_exported()
    {
        var (f, _) = await ClaimAsync();
        var kept = await NoteAsync(f, "kept");
        var retracted = await NoteAsync(f, "retracted");
        var hidden = await NoteAsync(f, "hidden");
        await api.Annotator.RetractAnnotationAsync(retracted.Id, new ReasonRequest { Reason = "Wrong article." });
        await api.Admin.HideAnnotationAsync(hidden.Id, new ReasonRequest { Reason = "Personal details." });

        var lines = await ExportReader.NdjsonAsync(Researcher, $"/api/v1/exports/annotations?outletId={f.Outlet.Id}");
        var csv = ExportReader.CsvRows(ExportReader.Csv(await (await ExportReader.GetAsync(Researcher, $"/api/v1/exports/annotations?outletId={f.Outlet.Id}", "text/csv")).Content.ReadAsStringAsync()));
        var asAdmin = await ExportReader.NdjsonAsync(api.Factory.CreateHttpClient(ApiFactory.AdminKey), $"/api/v1/exports/annotations?outletId={f.Outlet.Id}");

        lines.Select(l => l["id"]!.GetValue<string>()).ShouldBe([kept.Id]);
        csv.Select(r => r["id"]).ShouldBe([kept.Id]);
        asAdmin.Select(l => l["id"]!.GetValue<string>()).ShouldBe([kept.Id]);
    }

    [Fact]
    public async Task Paging_with_a_small_limit_returns_every_annotation_once_in_order()
    {
        var (f, _) = await ClaimAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await NoteAsync(f, $"note {i}")).Id);
        }

        // The first note is edited last, so it moves to the end of the updatedAt order.
        var first = await api.Annotator.GetAnnotationAsync(ids[0]);
        await api.Annotator.EditAnnotationAsync(first.Id, first.Etag, new EditAnnotationRequest
        {
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Byline, Explanation = "edited", EvidenceUrls = [] },
            Tags = [],
        });
        var expected = ids.Skip(1).Append(ids[0]).ToList();

        var (bodies, pages) = await ExportReader.AllPagesAsync(Researcher, $"/api/v1/exports/annotations?outletId={f.Outlet.Id}&limit=2");

        pages.ShouldBe(3);
        var lines = bodies.SelectMany(ExportReader.Lines).Select(l => JsonNode.Parse(l)!).ToList();
        lines.Select(l => l["id"]!.GetValue<string>()).ShouldBe(expected);
        lines.Select(l => l["updatedAt"]!.GetValue<DateTimeOffset>()).ShouldBeInOrder();
        bodies.Select(b => ExportReader.Lines(b).Count()).ShouldBe([2, 2, 1]);

        var (csvBodies, csvPages) = await ExportReader.AllPagesAsync(Researcher, $"/api/v1/exports/annotations?outletId={f.Outlet.Id}&limit=2", "text/csv");
        csvPages.ShouldBe(3);
        csvBodies.SelectMany(b => ExportReader.CsvRows(ExportReader.Csv(b))).Select(r => r["id"]).ShouldBe(expected);
    }

    [Fact]
    public async Task Since_returns_only_annotations_updated_at_or_after_it()
    {
        var (f, _) = await ClaimAsync();
        var older = await NoteAsync(f, "older");
        var newer = await NoteAsync(f, "newer");
        var path = $"/api/v1/exports/annotations?outletId={f.Outlet.Id}&since={ExportReader.Instant(newer.UpdatedAt)}";

        (await ExportReader.NdjsonAsync(Researcher, path)).Select(l => l["id"]!.GetValue<string>()).ShouldBe([newer.Id]);

        var edited = await api.Annotator.EditAnnotationAsync(older.Id, older.Etag, new EditAnnotationRequest
        {
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Byline, Explanation = "older, edited", EvidenceUrls = [] },
            Tags = [],
        });
        var lines = await ExportReader.NdjsonAsync(Researcher, path);
        lines.Select(l => l["id"]!.GetValue<string>()).ShouldBe([newer.Id, older.Id]);
        lines[1]["revision"]!.GetValue<int>().ShouldBe(2);

        var afterEdit = $"/api/v1/exports/annotations?outletId={f.Outlet.Id}&since={ExportReader.Instant(edited.UpdatedAt.AddTicks(1))}";
        (await ExportReader.NdjsonAsync(Researcher, afterEdit)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Csv_has_a_header_and_one_flat_row_per_annotation()
    {
        var (f, _) = await ClaimAsync();
        var note = await NoteAsync(f, "tagged", "wire-copy", "needs-second-look");
        var rating = (await api.Annotator.RateArticleAsync(f.Article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "slant", Value = -12.5, Confidence = 0.25 }],
            Tags = [],
        })).Ratings.Single();

        using var response = await ExportReader.GetAsync(Researcher, $"/api/v1/exports/annotations?outletId={f.Outlet.Id}", "text/csv");
        response.ContentType().MediaType.ShouldBe("text/csv");
        response.ContentType().CharSet.ShouldBe("utf-8");
        var records = ExportReader.Csv(await response.Content.ReadAsStringAsync());

        string.Join(',', records[0]).ShouldBe(
            "id,kind,target_type,target_id,outlet_id,article_id,claim_id,article_published_at,author_id,revision,rubric_version," +
            "dimension,value,confidence,technique,severity,span_start,span_end,verdict,aspect,tags,created_at,updated_at,blind,campaign_id");
        var rows = ExportReader.CsvRows(records);
        rows.Count.ShouldBe(2);
        var n = rows[0];
        (n["id"], n["kind"], n["target_type"], n["target_id"], n["outlet_id"], n["article_id"], n["claim_id"])
            .ShouldBe((note.Id, "provenance", "article", f.Article.Id, f.Outlet.Id, f.Article.Id, ""));
        (n["aspect"], n["verdict"], n["tags"], n["revision"], n["author_id"]).ShouldBe(("byline", "", "wire-copy;needs-second-look", "1", api.AnnotatorAccount.Id));
        n["article_published_at"].ShouldBe("2021-03-14T09:30:00Z");
        DateTimeOffset.Parse(n["updated_at"], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(note.UpdatedAt);
        var r = rows[1];
        (r["id"], r["kind"], r["dimension"], r["value"], r["confidence"], r["rubric_version"], r["technique"])
            .ShouldBe((rating.Id, "rating", "slant", "-12.5", "0.25", "1", ""));
        (r["blind"], r["campaign_id"]).ShouldBe(("false", ""), "made outside any campaign");
    }

    [Fact]
    public async Task A_researcher_may_export_and_without_a_key_it_is_401()
    {
        var anonymous = api.Factory.CreateHttpClient(apiKey: null);
        foreach (var export in new[] { "annotations", "claims", "framing-spans", "claim-reviews" })
        {
            var response = await anonymous.GetAsync($"/api/v1/exports/{export}");
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, export);
            response.ContentType().MediaType.ShouldBe("application/problem+json");
            (await Researcher.GetAsync($"/api/v1/exports/{export}?limit=1")).StatusCode.ShouldBe(HttpStatusCode.OK, export);
        }
    }

    [Theory]
    [InlineData("annotations?cursor=not-a-cursor", "cursor")]
    [InlineData("claims?cursor=WyIyMDIxLTAzLTE0VDA5OjMwOjAwLjAwMDAwMDBaIiwiY2xtXzAxOTIiXQ", "cursor")]     // a cursor of GET /claims
    [InlineData("claim-reviews?cursor=WyJhbm5fMDE5MiJd", "cursor")]                                          // a cursor of GET /annotations
    [InlineData("annotations?limit=0", "limit")]
    [InlineData("annotations?limit=100001", "limit")]
    [InlineData("annotations?kind=meme", "kind")]
    [InlineData("annotations?since=yesterday", "since")]
    [InlineData("claims?attributionClass=rumour", "attributionClass")]
    [InlineData("claims?cursor=WyJhbm5vdGF0aW9ucyIsIjIwMjEtMDMtMTRUMDk6MzA6MDAuMDAwMDAwMFoiLCJhbm5fMSJd", "cursor")]
    [InlineData("framing-spans?limit=-1", "limit")]
    [InlineData("claim-reviews?verdict=dubious", "verdict")]
    [InlineData("claim-reviews?cursor=e30", "cursor")]
    public async Task Bad_parameters_are_400_problem_details_naming_the_field(string query, string field)
    {
        var response = await Researcher.GetAsync($"/api/v1/exports/{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.ContentType().MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain($"\"{field}\"");
    }

    [Fact]
    public async Task A_cursor_of_one_export_is_refused_by_another()
    {
        var (f, _) = await ClaimAsync();
        await NoteAsync(f, "one");
        await NoteAsync(f, "two");
        using var page = await ExportReader.GetAsync(Researcher, $"/api/v1/exports/annotations?outletId={f.Outlet.Id}&limit=1");
        var cursor = Uri.EscapeDataString(page.Headers.GetValues("X-Next-Cursor").Single());

        (await Researcher.GetAsync($"/api/v1/exports/claims?cursor={cursor}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Researcher.GetAsync($"/api/v1/exports/framing-spans?cursor={cursor}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Researcher.GetAsync($"/api/v1/annotations?cursor={cursor}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Researcher.GetAsync($"/api/v1/exports/annotations?outletId={f.Outlet.Id}&cursor={cursor}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

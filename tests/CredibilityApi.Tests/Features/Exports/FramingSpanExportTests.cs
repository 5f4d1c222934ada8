using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Exports;

[Collection(ApiCollection.Name)]
public sealed class FramingSpanExportTests(ApiFixture api)
{
    private HttpClient Researcher => api.Factory.CreateHttpClient(api.ResearcherKey);

    private Task<Annotation> FramingAsync(ArticleFixture f, string technique, TextSelector? selector, int severity = 2) =>
        api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = technique, Severity = severity, Selector = selector },
            Tags = [],
        });

    /// <summary>Spans on both occurrences of "marauding militants", a frame on a span, a note on the whole article and a retracted span.</summary>
    private async Task<(ArticleFixture F, Annotation First, Annotation Frame, Annotation Second)> SpansAsync()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var first = await FramingAsync(f, "loaded-language", new TextSelector { Exact = "marauding militants", Prefix = "Officials called them " });
        var frame = await FramingAsync(f, "frame-security-and-defense", new TextSelector { Exact = "Forces advanced 40 km overnight" }, severity: 1);
        await FramingAsync(f, "name-calling-labeling", selector: null);
        var retracted = await FramingAsync(f, "doubt", new TextSelector { Exact = "An unnamed official said" });
        await api.Annotator.RetractAnnotationAsync(retracted.Id, new ReasonRequest { Reason = "Not doubt." });
        var second = await FramingAsync(f, "name-calling-labeling", new TextSelector { Exact = "marauding militants", Prefix = "militants; " }, severity: 3);
        return (f, first, frame, second);
    }

    [Fact]
    public async Task The_semeval_layout_is_one_tab_separated_line_per_span_without_a_header()
    {
        var (f, first, frame, second) = await SpansAsync();

        using var response = await ExportReader.GetAsync(Researcher, $"/api/v1/exports/framing-spans?outletId={f.Outlet.Id}", "text/tab-separated-values");

        response.ContentType().MediaType.ShouldBe("text/tab-separated-values");
        var body = await response.Content.ReadAsStringAsync();
        var a = f.Article.Id;
        body.ShouldBe(
            $"{a}\tLoaded_Language\t{first.Framing!.Span!.Start}\t{first.Framing.Span.End}\n" +
            $"{a}\tframe-security-and-defense\t{frame.Framing!.Span!.Start}\t{frame.Framing.Span.End}\n" +
            $"{a}\tName_Calling,Labeling\t{second.Framing!.Span!.Start}\t{second.Framing.Span.End}\n");
        var start = ArticleFixture.Body.IndexOf("marauding militants", StringComparison.Ordinal);
        first.Framing.Span.Start.ShouldBe(start);
        ArticleFixture.Body[(int)first.Framing.Span.Start!..(int)first.Framing.Span.End!].ShouldBe("marauding militants");
    }

    [Fact]
    public async Task Csv_and_ndjson_carry_the_span_its_severity_annotator_and_body_hash()
    {
        var (f, first, frame, second) = await SpansAsync();

        using var response = await ExportReader.GetAsync(Researcher, $"/api/v1/exports/framing-spans?outletId={f.Outlet.Id}", "text/csv");
        var records = ExportReader.Csv(await response.Content.ReadAsStringAsync());
        var lines = await ExportReader.NdjsonAsync(Researcher, $"/api/v1/exports/framing-spans?outletId={f.Outlet.Id}");

        string.Join(',', records[0]).ShouldBe("article_id,technique,start,end,severity,annotator,annotation_id,body_sha256,updated_at");
        var rows = ExportReader.CsvRows(records);
        rows.Select(r => r["annotation_id"]).ShouldBe([first.Id, frame.Id, second.Id]);
        var r = rows[2];
        (r["article_id"], r["technique"], r["start"], r["end"], r["severity"], r["annotator"], r["body_sha256"])
            .ShouldBe((f.Article.Id, "name-calling-labeling", second.Framing!.Span!.Start.ToString(), second.Framing.Span.End.ToString(), "3", api.AnnotatorAccount.Id, f.Article.BodySha256));

        lines.Select(l => l["annotationId"]!.GetValue<string>()).ShouldBe([first.Id, frame.Id, second.Id]);
        var l = lines[0];
        (l["articleId"]!.GetValue<string>(), l["technique"]!.GetValue<string>(), l["start"]!.GetValue<int>(), l["end"]!.GetValue<int>(), l["severity"]!.GetValue<int>(), l["annotator"]!.GetValue<string>(), l["bodySha256"]!.GetValue<string>())
            .ShouldBe((f.Article.Id, "loaded-language", first.Framing!.Span!.Start!.Value, first.Framing.Span.End!.Value, 2, api.AnnotatorAccount.Id, f.Article.BodySha256!));
        l["updatedAt"]!.GetValue<DateTimeOffset>().ShouldBe(first.UpdatedAt);
    }

    [Fact]
    public async Task Spans_filter_by_technique_page_and_pull_incrementally()
    {
        var (f, first, frame, second) = await SpansAsync();

        (await ExportReader.NdjsonAsync(Researcher, $"/api/v1/exports/framing-spans?outletId={f.Outlet.Id}&technique=loaded-language"))
            .Select(l => l["annotationId"]!.GetValue<string>()).ShouldBe([first.Id]);
        var (bodies, pages) = await ExportReader.AllPagesAsync(Researcher, $"/api/v1/exports/framing-spans?outletId={f.Outlet.Id}&limit=2", "text/tab-separated-values");
        pages.ShouldBe(2);
        bodies.SelectMany(ExportReader.Lines).Count().ShouldBe(3);
        (await ExportReader.NdjsonAsync(Researcher, $"/api/v1/exports/framing-spans?outletId={f.Outlet.Id}&since={ExportReader.Instant(frame.UpdatedAt)}"))
            .Select(l => l["annotationId"]!.GetValue<string>()).ShouldBe([frame.Id, second.Id]);
    }
}

using System.Globalization;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Assignments;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Exports.FramingSpans;

public sealed class Request : ExportRequest
{
    /// <summary>Only spans labelled with this technique or frame key.</summary>
    [QueryParam]
    public string? Technique { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Technique).MaximumLength(Limits.KeyLength);
        this.AddExportRules(c => ExportCursor.TryRead(c, Endpoint.CursorName, out _, out _));
    }
}

public sealed class Endpoint(StreamingReads reads) : Endpoint<Request>
{
    internal const string CursorName = "framing-spans";

    internal static readonly string?[] CsvHeader =
        ["article_id", "technique", "start", "end", "severity", "annotator", "annotation_id", "body_sha256", "updated_at"];

    public override void Configure()
    {
        Get("/exports/framing-spans");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ExportFramingSpans")
            .WithTags("Researchers")
            .Produces<Stream>(StatusCodes.Status200OK, ExportFormats.Ndjson, ExportFormats.Csv, ExportFormats.Tsv)
            .Problems(400, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Export framing spans";
            s.Description =
                "Every current framing note on a span of an article's body (notes on a whole article have no span and are left " +
                "out), optionally of one outlet and technique, in order of updatedAt then id. NDJSON by default, one span per line; " +
                "'Accept: text/csv' gives article_id, technique, start, end, severity, annotator, annotation_id, body_sha256, " +
                "updated_at. 'Accept: text/tab-separated-values' gives the layout of the SemEval-2020 Task 11 propaganda corpus: " +
                "one line per span, 'article_id<TAB>technique<TAB>start<TAB>end', no header, where the 14 techniques of the " +
                "default taxonomy carry the corpus's own names (loaded-language is Loaded_Language, name-calling-labeling is " +
                "Name_Calling,Labeling, and so on) and other keys are written as they are. Offsets are in UTF-16 code units of " +
                "the body, end exclusive: the same as the corpus's character offsets for text without characters outside the " +
                "Basic Multilingual Plane. Any other Accept gets NDJSON. Paged and incremental like GET /api/v1/exports/annotations." + Blinding.ListNote;
            s.ResponseExamples[200] = Example;
            ExportResponse.DescribePagingHeaders(s, ExportCursor.Write(CursorName, Example.UpdatedAt, Example.AnnotationId));
        });
    }

    private static FramingSpanModel Example => new()
    {
        ArticleId = Examples.Framing.ArticleId!,
        Technique = Examples.Framing.Framing!.Technique,
        Start = Examples.Framing.Framing.Span!.Start ?? 0,
        End = Examples.Framing.Framing.Span.End ?? 0,
        Severity = Examples.Framing.Framing.Severity,
        Annotator = Examples.Framing.AuthorId,
        AnnotationId = Examples.Framing.Id,
        BodySha256 = Examples.Framing.Framing.Span.BodySha256,
        UpdatedAt = Examples.Framing.UpdatedAt,
    };

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var db = reads.Db;
        if (!await CampaignScope.CheckAsync(db, HttpContext, req.CampaignId, ct))
        {
            return;
        }

        if (!await Outlets.OutletFilter.CheckAsync(db, HttpContext, req.OutletId, ct))
        {
            return;
        }

        var format = ExportFormats.Negotiate(HttpContext.Request, ExportFormats.Ndjson, ExportFormats.Csv, ExportFormats.Tsv);
        var query = db.Annotations.AsNoTracking().Where(a =>
            a.Kind == AnnotationKind.Framing && a.SpanStart != null && a.SpanEnd != null && a.Status == AnnotationStatus.Active && !a.Hidden);
        query = CampaignScope.Annotations(db, query, req.CampaignId);
        query = req.OutletId is { } outletId ? query.Where(a => a.OutletId == outletId) : query;
        query = req.Technique is { } technique ? query.Where(a => a.Technique == technique) : query;
        query = query.HideOthersOn(await Blinding.PendingAsync(HttpContext, db, ct), User);
        var (page, next) = await UpdatedKeyset.PageAsync(query, req, CursorName, ct);
        var spans = page.Select(a => new FramingSpanModel
        {
            ArticleId = a.ArticleId!,
            Technique = a.Technique!,
            Start = a.SpanStart!.Value,
            End = a.SpanEnd!.Value,
            Severity = a.Severity ?? 1,
            Annotator = a.AuthorId,
            AnnotationId = a.Id,
            BodySha256 = a.SpanBodySha256,
            UpdatedAt = a.UpdatedAt,
        });

        using var writer = await ExportResponse.StartAsync(HttpContext, format, next, ct);
        if (format == ExportFormats.Csv)
        {
            writer.CsvRecord(CsvHeader);
        }

        await foreach (var span in spans.AsAsyncEnumerable().WithCancellation(ct))
        {
            switch (format)
            {
                case ExportFormats.Csv:
                    writer.CsvRecord(
                        span.ArticleId,
                        span.Technique,
                        Csv.Number(span.Start),
                        Csv.Number(span.End),
                        Csv.Number(span.Severity),
                        span.Annotator,
                        span.AnnotationId,
                        span.BodySha256,
                        Csv.Instant(span.UpdatedAt));
                    break;
                case ExportFormats.Tsv:
                    writer.Text(string.Create(CultureInfo.InvariantCulture, $"{span.ArticleId}\t{SemEvalLabels.For(span.Technique)}\t{span.Start}\t{span.End}\n"));
                    break;
                default:
                    writer.Json(span);
                    writer.Text("\n");
                    break;
            }

            await writer.EndRowAsync();
        }

        await writer.FlushAsync();
    }
}

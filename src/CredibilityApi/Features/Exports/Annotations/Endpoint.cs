using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Annotations;
using CredibilityApi.Features.Assignments;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Exports.Annotations;

public sealed class Request : ExportRequest
{
    /// <summary>Only this kind.</summary>
    [QueryParam]
    public AnnotationKind? Kind { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Kind).IsInEnum();
        this.AddExportRules(c => ExportCursor.TryRead(c, Endpoint.CursorName, out _, out _));
    }
}

public sealed class Endpoint(StreamingReads reads) : Endpoint<Request>
{
    internal const string CursorName = "annotations";

    internal static readonly string?[] CsvHeader =
    [
        "id", "kind", "target_type", "target_id", "outlet_id", "article_id", "claim_id", "article_published_at", "author_id",
        "revision", "rubric_version", "dimension", "value", "confidence", "technique", "severity", "span_start", "span_end",
        "verdict", "aspect", "tags", "created_at", "updated_at", "blind", "campaign_id",
    ];

    public override void Configure()
    {
        Get("/exports/annotations");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ExportAnnotations")
            .WithTags("Researchers")
            .Produces<Stream>(StatusCodes.Status200OK, ExportFormats.Ndjson, ExportFormats.Csv)
            .Problems(400, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Export annotations";
            s.Description =
                "Every current annotation (not retracted, not hidden), optionally of one outlet and kind, streamed in order of " +
                "updatedAt then id. NDJSON by default: one annotation per line, exactly as GET /api/v1/annotations/{id} returns it. " +
                "'Accept: text/csv' gives one flat row per annotation (id, kind, target_type, target_id, outlet_id, article_id, " +
                "claim_id, article_published_at, author_id, revision, rubric_version, dimension, value, confidence, technique, " +
                "severity, span_start, span_end, verdict, aspect, tags (separated by ';'), created_at, updated_at, blind (true/false), campaign_id; RFC 4180 quoting). " +
                "Any other Accept gets NDJSON. Pages of 'limit' rows (default 10000, at most 100000): while more remain, the " +
                "'X-Next-Cursor' header holds the cursor for the next page and 'Link' its URL (rel=\"next\"). For incremental pulls " +
                "pass 'since' = the largest updatedAt seen last time; an annotation edited meanwhile comes again with its new revision. " +
                "Retractions and hides are not in the export; re-export without 'since' to drop them." + Blinding.ListNote;
            s.ResponseExamples[200] = Examples.Provenance;
            ExportResponse.DescribePagingHeaders(s, ExportCursor.Write(CursorName, Examples.Provenance.UpdatedAt, Examples.Provenance.Id));
        });
    }

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

        var format = ExportFormats.Negotiate(HttpContext.Request, ExportFormats.Ndjson, ExportFormats.Csv);
        var query = db.Annotations.AsNoTracking().Where(a => a.Status == AnnotationStatus.Active && !a.Hidden);
        query = CampaignScope.Annotations(db, query, req.CampaignId);
        query = req.OutletId is { } outletId ? query.Where(a => a.OutletId == outletId) : query;
        query = req.Kind is { } kind ? query.Where(a => a.Kind == kind) : query;
        query = query.HideOthersOn(await Blinding.PendingAsync(HttpContext, db, ct), User);
        var (page, next) = await UpdatedKeyset.PageAsync(query, req, CursorName, ct);

        using var writer = await ExportResponse.StartAsync(HttpContext, format, next, ct);
        if (format == ExportFormats.Csv)
        {
            writer.CsvRecord(CsvHeader);
        }

        await foreach (var annotation in page.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (format == ExportFormats.Csv)
            {
                WriteCsv(writer, annotation);
            }
            else
            {
                writer.Json(AnnotationModel.From(annotation, User));
                writer.Text("\n");
            }

            await writer.EndRowAsync();
        }

        await writer.FlushAsync();
    }

    private static void WriteCsv(ExportWriter writer, Annotation a) => writer.CsvRecord(
        a.Id,
        Csv.Name<AnnotationKind>(a.Kind),
        Csv.Name<TargetType>(a.TargetType),
        a.TargetId,
        a.OutletId,
        a.ArticleId,
        a.ClaimId,
        Csv.Instant(a.ArticlePublishedAt),
        a.AuthorId,
        Csv.Number(a.Version),
        Csv.Number(a.RubricVersion),
        a.Dimension,
        Csv.Number(a.Value),
        Csv.Number(a.Confidence),
        a.Technique,
        Csv.Number(a.Severity),
        Csv.Number(a.SpanStart),
        Csv.Number(a.SpanEnd),
        Csv.Name(a.Verdict),
        Csv.Name(a.Aspect),
        Csv.List(a.Tags),
        Csv.Instant(a.CreatedAt),
        Csv.Instant(a.UpdatedAt),
        a.Blind ? "true" : "false",
        a.CampaignId);
}

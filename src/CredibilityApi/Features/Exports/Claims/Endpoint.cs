using System.Globalization;
using System.Text;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Claims;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Exports.Claims;

public sealed class Request : ExportRequest
{
    /// <summary>Only claims of this attribution class.</summary>
    [QueryParam]
    public AttributionClass? AttributionClass { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.AttributionClass).IsInEnum();
        this.AddExportRules(c => ExportCursor.TryRead(c, Endpoint.CursorName, out _, out _));
    }
}

public sealed class Endpoint(StreamingReads reads) : Endpoint<Request>
{
    internal const string CursorName = "claims";

    internal static readonly string?[] CsvHeader =
    [
        "id", "article_id", "outlet_id", "article_published_at", "exact", "prefix", "suffix", "start", "end", "body_sha256",
        "claimant_name", "claimant_type", "attribution_class", "attribution_chain", "hops", "tags", "created_by",
        "created_at", "updated_at",
    ];

    public override void Configure()
    {
        Get("/exports/claims");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ExportClaims")
            .WithTags("Researchers")
            .Produces<Stream>(StatusCodes.Status200OK, ExportFormats.Ndjson, ExportFormats.Csv)
            .Problems(400, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Export claims with their attribution chains";
            s.Description =
                "Every claim, optionally of one outlet and attribution class, streamed in order of updatedAt then id. NDJSON by " +
                "default: one claim per line, exactly as GET /api/v1/claims/{id} returns it, chain included. 'Accept: text/csv' " +
                "gives one row per claim (id, article_id, outlet_id, article_published_at, exact, prefix, suffix, start, end, " +
                "body_sha256, claimant_name, claimant_type, attribution_class, attribution_chain, hops, tags (separated by ';'), " +
                "created_by, created_at, updated_at; RFC 4180 quoting), the chain written from the original source to the outlet " +
                "as 'agent (agentType, medium, relation) > agent (...)'; hop URLs are in the NDJSON only. Any other Accept gets " +
                "NDJSON. Paged and incremental like GET /api/v1/exports/annotations: 'limit' (default 10000, at most 100000), " +
                "'X-Next-Cursor' and 'Link' headers while more remain, 'since' on updatedAt.";
            s.ResponseExamples[200] = Examples.Claim;
            ExportResponse.DescribePagingHeaders(s, ExportCursor.Write(CursorName, Examples.Claim.UpdatedAt, Examples.Claim.Id));
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
        var query = db.Claims.AsNoTracking();
        query = CampaignScope.Claims(db, query, req.CampaignId);
        query = req.OutletId is { } outletId ? query.Where(c => c.OutletId == outletId) : query;
        query = req.AttributionClass is { } cls ? query.Where(c => c.AttributionClass == cls) : query;
        var (page, next) = await UpdatedKeyset.PageAsync(query, req, CursorName, ct);

        using var writer = await ExportResponse.StartAsync(HttpContext, format, next, ct);
        if (format == ExportFormats.Csv)
        {
            writer.CsvRecord(CsvHeader);
        }

        await foreach (var claim in page.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (format == ExportFormats.Csv)
            {
                WriteCsv(writer, claim);
            }
            else
            {
                writer.Json(ClaimModel.From(claim));
                writer.Text("\n");
            }

            await writer.EndRowAsync();
        }

        await writer.FlushAsync();
    }

    private static void WriteCsv(ExportWriter writer, Claim c) => writer.CsvRecord(
        c.Id,
        c.ArticleId,
        c.OutletId,
        Csv.Instant(c.ArticlePublishedAt),
        c.Exact,
        c.Prefix,
        c.Suffix,
        Csv.Number(c.Start),
        Csv.Number(c.End),
        c.BodySha256,
        c.ClaimantName,
        Csv.Name<SourceType>(c.ClaimantType),
        Csv.Name<AttributionClass>(c.AttributionClass),
        Chain(c.Chain),
        c.Chain.Count.ToString(CultureInfo.InvariantCulture),
        Csv.List(c.Tags),
        c.CreatedBy,
        Csv.Instant(c.CreatedAt),
        Csv.Instant(c.UpdatedAt));

    /// <summary>The chain for people: "Army spokesman (government, socialPost, primarySource) > Daily Example (outlet, ...)".</summary>
    internal static string Chain(IReadOnlyList<AttributionHop> chain)
    {
        var text = new StringBuilder();
        foreach (var hop in chain)
        {
            if (text.Length > 0)
            {
                text.Append(" > ");
            }

            text.Append(hop.Agent)
                .Append(" (").Append(Csv.Name<SourceType>(hop.AgentType))
                .Append(", ").Append(Csv.Name<Medium>(hop.Medium))
                .Append(", ").Append(Csv.Name<Relation>(hop.Relation))
                .Append(')');
        }

        return text.ToString();
    }
}

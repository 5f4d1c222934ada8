using System.Globalization;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using HeaderNames = Microsoft.Net.Http.Headers.HeaderNames;

namespace CredibilityApi.Features.Exports;

/// <summary>
/// The query parameters every export takes. Exports page like the lists (an opaque keyset cursor),
/// but with much larger pages, and hand the next cursor out in headers because the body is the data.
/// </summary>
public abstract class ExportRequest
{
    public const int DefaultLimit = 10_000;
    public const int MaxLimit = 100_000;

    /// <summary>Only rows about this outlet (its articles, claims and spans). An unknown outlet is a 404.</summary>
    [QueryParam]
    public string? OutletId { get; init; }

    /// <summary>
    /// Only rows of this study campaign: annotations made on one of its items by an annotator the item is assigned to
    /// (not skipped), claims of its items, and its assignments. An unknown campaign is a 404.
    /// </summary>
    [QueryParam]
    public string? CampaignId { get; init; }

    /// <summary>
    /// Only rows updated at or after this instant (UTC when no offset is given), for incremental pulls:
    /// pass the largest <c>updatedAt</c> of the previous pull and drop repeated ids.
    /// </summary>
    [QueryParam]
    public DateTime? Since { get; init; }

    /// <summary>The <c>X-Next-Cursor</c> header of the previous page; omit for the first page.</summary>
    [QueryParam]
    public string? Cursor { get; init; }

    /// <summary>Rows per page, 1 to 100000 (default 10000).</summary>
    [QueryParam]
    public int? Limit { get; init; }

    public int PageSize() => Limit ?? DefaultLimit;
}

internal static class ExportRules
{
    /// <summary>The cursor must be one this export issued (<paramref name="isValid"/>), the limit within 1..100000.</summary>
    public static void AddExportRules<T>(this AbstractValidator<T> validator, Func<string, bool> isValid)
        where T : ExportRequest
    {
        validator.RuleFor(x => x.OutletId).MaximumLength(Limits.IdLength);
        validator.RuleFor(x => x.CampaignId).MaximumLength(Limits.IdLength);
        validator.RuleFor(x => x.Cursor)
            .Must(c => string.IsNullOrEmpty(c) || isValid(c))
            .WithMessage("The cursor is not one this export issued; start again without it.");
        validator.RuleFor(x => x.Limit).InclusiveBetween(1, ExportRequest.MaxLimit);
        validator.RuleFor(x => x.Since).WithinSupportedDates();
    }
}

/// <summary>
/// Cursors of the exports: the export's name and the sort key of the last row of the page. The name
/// makes a cursor of one export (or of a list) a 400 in another instead of a silently wrong page.
/// </summary>
internal static class ExportCursor
{
    public static string Write(string export, DateTime at, string id) =>
        Infrastructure.Cursor.Encode(export, at.ToString("O", CultureInfo.InvariantCulture), id);

    public static bool TryRead(string? cursor, string export, out DateTime at, out string id)
    {
        at = default;
        id = "";
        if (!Infrastructure.Cursor.TryDecode(cursor, 3, out var keys) || keys[0] != export ||
            !DateTime.TryParse(keys[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out at))
        {
            return false;
        }

        at = DateTime.SpecifyKind(at.ToUniversalTime(), DateTimeKind.Utc);
        id = keys[2];
        return true;
    }

    public static string Write(string export, string id) => Infrastructure.Cursor.Encode(export, id);

    public static bool TryRead(string? cursor, string export, out string id)
    {
        id = "";
        if (!Infrastructure.Cursor.TryDecode(cursor, 2, out var keys) || keys[0] != export)
        {
            return false;
        }

        id = keys[1];
        return true;
    }
}

/// <summary>
/// Keyset paging on (updatedAt, id) for annotations and claims, in two steps so the next cursor can go
/// in a header before the first row is written: a keys-only query finds where the page ends, then the
/// rows up to that key are streamed.
/// </summary>
internal static class UpdatedKeyset
{
    public static IQueryable<T> After<T>(this IQueryable<T> query, DateTime at, string id)
        where T : VersionedEntity =>
        query.Where(x => x.UpdatedAt > at || (x.UpdatedAt == at && string.Compare(x.Id, id) > 0));

    public static IOrderedQueryable<T> InKeyOrder<T>(this IQueryable<T> query)
        where T : VersionedEntity =>
        query.OrderBy(x => x.UpdatedAt).ThenBy(x => x.Id);

    /// <summary>
    /// The shared part of every keyed export: <c>since</c>, the cursor, the page's end and the cursor of
    /// the next page. Returns the page's rows in key order.
    /// </summary>
    public static async Task<(IQueryable<T> Rows, string? NextCursor)> PageAsync<T>(
        IQueryable<T> query, ExportRequest request, string cursorName, CancellationToken ct)
        where T : VersionedEntity
    {
        if (request.Since is { } since)
        {
            var sinceUtc = Instants.AsUtc(since);
            query = query.Where(x => x.UpdatedAt >= sinceUtc);
        }

        if (ExportCursor.TryRead(request.Cursor, cursorName, out var afterAt, out var afterId))
        {
            query = query.After(afterAt, afterId);
        }

        var limit = request.PageSize();
        var end = await FindPageEndAsync(query, limit, ct);
        return (Page(query, end, limit), end is { } e ? ExportCursor.Write(cursorName, e.At, e.Id) : null);
    }

    /// <summary>The key of the page's last row when more rows follow it; null when this is the last page.</summary>
    public static async Task<(DateTime At, string Id)?> FindPageEndAsync<T>(IQueryable<T> query, int limit, CancellationToken ct)
        where T : VersionedEntity
    {
        // Rows limit and limit + 1, keys only: the first ends the page, the second says another follows.
        var keys = await query.InKeyOrder().Skip(limit - 1).Select(x => new { x.UpdatedAt, x.Id }).Take(2).ToListAsync(ct);
        return keys.Count == 2 ? (keys[0].UpdatedAt, keys[0].Id) : null;
    }

    /// <summary>
    /// The page's rows in key order. A page with a successor is bounded by its end key, not by a count:
    /// a row written into its range between the two queries is sent with it instead of pushing the last
    /// row out past a cursor that already points beyond it. The last page is cut at <paramref name="limit"/>;
    /// rows written meanwhile sort after everything sent, so the next pull with <c>since</c> gets them.
    /// </summary>
    public static IQueryable<T> Page<T>(IQueryable<T> query, (DateTime At, string Id)? end, int limit)
        where T : VersionedEntity
    {
        if (end is not { } e)
        {
            return query.InKeyOrder().Take(limit);
        }

        var (at, id) = e;
        return query.Where(x => x.UpdatedAt < at || (x.UpdatedAt == at && string.Compare(x.Id, id) <= 0)).InKeyOrder();
    }
}

/// <summary>The media types of the exports, and the choice among them by <c>Accept</c>.</summary>
internal static class ExportFormats
{
    public const string Ndjson = "application/x-ndjson";
    public const string Csv = "text/csv";
    public const string Tsv = "text/tab-separated-values";
    public const string JsonLd = "application/ld+json";

    /// <summary>
    /// The first of <paramref name="supported"/> that the <c>Accept</c> header takes, by quality; the
    /// first of them (the default) when it takes none, so a tool that sends no or an odd Accept still
    /// gets data rather than a 406.
    /// </summary>
    public static string Negotiate(HttpRequest request, params string[] supported)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return supported[0];
        }

        foreach (var range in accepted.Where(a => a.Quality is not 0).OrderByDescending(a => a.Quality ?? 1))
        {
            // By type alone: "text/csv; charset=utf-8" or "text/csv;header=present" asks for CSV too.
            var bare = new MediaTypeHeaderValue(range.MediaType);
            var match = supported.FirstOrDefault(s => new MediaTypeHeaderValue(s).IsSubsetOf(bare));
            if (match is not null)
            {
                return match;
            }
        }

        return supported[0];
    }

    /// <summary>The Content-Type sent for a chosen format: text formats say their charset.</summary>
    public static string ContentType(string format) =>
        format.StartsWith("text/", StringComparison.Ordinal) ? format + "; charset=utf-8" : format;
}

/// <summary>Starting an export response: status, type and paging headers, then the body is the caller's.</summary>
internal static class ExportResponse
{
    public const string NextCursorHeader = "X-Next-Cursor";

    public static async Task<ExportWriter> StartAsync(HttpContext http, string format, string? nextCursor, CancellationToken ct)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ExportFormats.ContentType(format);
        response.Headers.Vary = HeaderNames.Accept;
        response.Headers.CacheControl = "no-store";
        if (nextCursor is not null)
        {
            response.Headers[NextCursorHeader] = nextCursor;
            response.Headers.Link = $"<{NextPageUrl(http, nextCursor)}>; rel=\"next\"";
        }

        await response.StartAsync(ct);
        return new ExportWriter(response.BodyWriter, ct);
    }

    /// <summary>
    /// This request's URL with its cursor replaced, so every other parameter carries over; absolute, on the
    /// configured public base URL (<see cref="PublicUrls"/>), not on the Host the request named.
    /// </summary>
    private static string NextPageUrl(HttpContext http, string cursor)
    {
        var request = http.Request;
        var query = new QueryBuilder(request.Query
            .Where(p => !p.Key.Equals("cursor", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))))
        {
            { "cursor", cursor },
        };
        return http.RequestServices.GetRequiredService<PublicUrls>().For(request.Path.ToUriComponent(), query.ToQueryString().ToUriComponent());
    }

    /// <summary>Declares the paging headers in the OpenAPI document.</summary>
    public static void DescribePagingHeaders(EndpointSummary summary, string exampleCursor)
    {
        summary.ResponseHeaders.Add(new ResponseHeader(StatusCodes.Status200OK, NextCursorHeader)
        {
            Description = "The cursor of the next page, for 'cursor'; absent on the last page.",
            Example = exampleCursor,
        });
        summary.ResponseHeaders.Add(new ResponseHeader(StatusCodes.Status200OK, HeaderNames.Link)
        {
            Description = "The absolute URL of the next page with rel=\"next\" (RFC 8288), on the configured public base URL (Api:PublicBaseUrl), never the request's Host; absent on the last page.",
        });
    }
}

/// <summary>
/// The <c>campaignId</c> filter of the exports. Which annotations belong to a campaign is derived (items × the annotators
/// assigned to each, skipped assignments left out), not stored on the annotation.
/// </summary>
internal static class CampaignScope
{
    /// <summary>True when no campaign is asked for or it exists; otherwise writes a 404 and returns false.</summary>
    public static async Task<bool> CheckAsync(Data.CredibilityDbContext db, HttpContext http, string? campaignId, CancellationToken ct)
    {
        if (campaignId is null || await db.Campaigns.AnyAsync(c => c.Id == campaignId, ct))
        {
            return true;
        }

        await Problems.NotFoundAsync(http, "Campaign", campaignId);
        return false;
    }

    public static IQueryable<Annotation> Annotations(Data.CredibilityDbContext db, IQueryable<Annotation> query, string? campaignId) =>
        campaignId is null ? query : Campaigns.Study.Scope(db, query, campaignId);

    public static IQueryable<Claim> Claims(Data.CredibilityDbContext db, IQueryable<Claim> query, string? campaignId) =>
        campaignId is null ? query : query.Where(c => db.CampaignItems.Any(i => i.CampaignId == campaignId && i.ArticleId == c.ArticleId));
}

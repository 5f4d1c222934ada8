using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CredibilityApi.Client;

public partial class CredibilityApiClient
{
    /// <summary>The generated client's JSON settings (enums as strings, the API's date format), for the export readers.</summary>
    internal static JsonSerializerOptions SharedJsonOptions => _settings.Value;

    /// <summary>
    /// Where a caller that needs a response header of a typed call (the claim-review export's <c>X-Next-Cursor</c>)
    /// asks for it: the caller puts a box in this flow, the response fills it.
    /// </summary>
    internal static readonly AsyncLocal<StrongBox<string?>?> NextCursorBox = new();

    partial void ProcessResponse(HttpClient client, HttpResponseMessage response)
    {
        if (NextCursorBox.Value is { } box)
        {
            box.Value = response.Headers.TryGetValues("X-Next-Cursor", out var values) ? values.FirstOrDefault() : null;
        }
    }
}

/// <summary>
/// Typed, streaming exports: every record of an NDJSON export as it arrives, page after page (the API's
/// <c>X-Next-Cursor</c>), never the whole export in memory. To resume a later run, pass the newest
/// <c>updatedAt</c> you stored as <c>since</c>.
/// </summary>
public static class ExportStreams
{
    /// <summary>Every claim of the export (of one campaign's items with <paramref name="campaignId"/>) (the records have the <see cref="Claim"/> schema).</summary>
    public static IAsyncEnumerable<Claim> ExportAllClaimsAsync(this ICredibilityApiClient client, AttributionClass? attributionClass = null, string? outletId = null, DateTimeOffset? since = null, int? pageSize = null, CancellationToken cancellationToken = default, string? campaignId = null) =>
        ReadAsync<Claim>(cursor => client.ExportClaimsAsync(attributionClass, outletId, campaignId, since, cursor, pageSize, cancellationToken), cancellationToken);

    /// <summary>Every annotation of the export (the records have the <see cref="Annotation"/> schema).</summary>
    public static IAsyncEnumerable<Annotation> ExportAllAnnotationsAsync(this ICredibilityApiClient client, AnnotationKind? kind = null, string? outletId = null, DateTimeOffset? since = null, int? pageSize = null, CancellationToken cancellationToken = default, string? campaignId = null) =>
        ReadAsync<Annotation>(cursor => client.ExportAnnotationsAsync(kind, outletId, campaignId, since, cursor, pageSize, cancellationToken), cancellationToken);

    /// <summary>Every framing span of the export (the records have the <see cref="FramingSpan"/> schema).</summary>
    public static IAsyncEnumerable<FramingSpan> ExportAllFramingSpansAsync(this ICredibilityApiClient client, string? technique = null, string? outletId = null, DateTimeOffset? since = null, int? pageSize = null, CancellationToken cancellationToken = default, string? campaignId = null) =>
        ReadAsync<FramingSpan>(cursor => client.ExportFramingSpansAsync(technique, outletId, campaignId, since, cursor, pageSize, cancellationToken), cancellationToken);

    /// <summary>
    /// A campaign's study values, one record per item and dimension (and per claim when verdicts are asked for):
    /// adjudicated where adjudicated, else the consensus, with its source.
    /// </summary>
    public static IAsyncEnumerable<CampaignExportRow> ExportAllCampaignRowsAsync(this ICredibilityApiClient client, string campaignId, CancellationToken cancellationToken = default) =>
        ReadAsync<CampaignExportRow>(_ => client.ExportCampaignAsync(campaignId, cancellationToken), cancellationToken);

    /// <summary>Every campaign assignment with its time on task (admins and researchers; the records have the <see cref="AssignmentTiming"/> schema).</summary>
    public static IAsyncEnumerable<AssignmentTiming> ExportAllAssignmentsAsync(this ICredibilityApiClient client, string? campaignId = null, string? annotatorId = null, string? outletId = null, DateTimeOffset? since = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        ReadAsync<AssignmentTiming>(cursor => client.ExportAssignmentsAsync(annotatorId, outletId, campaignId, since, cursor, pageSize, cancellationToken), cancellationToken);

    /// <summary>
    /// Every verdict as a schema.org <see cref="ClaimReview"/>, page after page. Needs the package's own
    /// <see cref="CredibilityApiClient"/>, which reads each page's <c>X-Next-Cursor</c>.
    /// </summary>
    public static async IAsyncEnumerable<ClaimReview> ExportAllClaimReviewsAsync(this ICredibilityApiClient client, Verdict? verdict = null, string? outletId = null, DateTimeOffset? since = null, int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default, string? campaignId = null)
    {
        if (client is not CredibilityApiClient)
        {
            throw new NotSupportedException("ExportAllClaimReviewsAsync reads the X-Next-Cursor header, which only CredibilityApiClient exposes; page with ExportClaimReviewsAsync yourself on another implementation.");
        }

        string? cursor = null;
        do
        {
            var box = new StrongBox<string?>();
            CredibilityApiClient.NextCursorBox.Value = box;
            ICollection<ClaimReview> page;
            try
            {
                page = await client.ExportClaimReviewsAsync(verdict, outletId, campaignId, since, cursor, pageSize, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                CredibilityApiClient.NextCursorBox.Value = null;
            }

            foreach (var review in page)
            {
                yield return review;
            }

            cursor = box.Value;
        }
        while (!string.IsNullOrEmpty(cursor));
    }

    private static async IAsyncEnumerable<T> ReadAsync<T>(Func<string?, Task<FileResponse>> page, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            using var response = await page(cursor).ConfigureAwait(false);
            using var reader = new StreamReader(response.Stream);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.Length > 0)
                {
                    yield return JsonSerializer.Deserialize<T>(line, CredibilityApiClient.SharedJsonOptions)
                        ?? throw new JsonException("An export line was the JSON null.");
                }
            }

            cursor = CredibilityApiClientExtensions.FirstHeader(response.Headers, "X-Next-Cursor");
        }
        while (!string.IsNullOrEmpty(cursor));
    }
}

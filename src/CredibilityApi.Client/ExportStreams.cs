using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CredibilityApi.Client;

public partial class CredibilityApiClient
{
    /// <summary>The generated client's JSON settings (enums as strings, the API's date format), for the export readers.</summary>
    internal static JsonSerializerOptions SharedJsonOptions => _settings.Value;
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

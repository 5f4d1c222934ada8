using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CredibilityApi.Client;

/// <summary>A resource a "register or get" call returns: the one it created, or the one that already existed.</summary>
/// <typeparam name="T">The resource.</typeparam>
/// <param name="Resource">The outlet or article.</param>
/// <param name="Created">True when this call registered it; false when it already existed.</param>
public sealed record Registered<T>(T Resource, bool Created);

/// <summary>Hand-written helpers over the generated client: every page of a list, and "register, or get the existing one".</summary>
public static class CredibilityApiClientExtensions
{
    /// <summary>Every outlet matching the filters, following <c>nextCursor</c> page after page.</summary>
    public static IAsyncEnumerable<Outlet> ListAllOutletsAsync(this ICredibilityApiClient client, string? name = null, string? country = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync(async cursor => await client.ListOutletsAsync(name, country, cursor, pageSize, cancellationToken).ConfigureAwait(false) is var p ? (p.Items, p.NextCursor) : default, cancellationToken);

    /// <summary>Every article matching the filters, page after page.</summary>
    public static IAsyncEnumerable<ArticleSummary> ListAllArticlesAsync(this ICredibilityApiClient client, string? outletId = null, DateTimeOffset? publishedFrom = null, DateTimeOffset? publishedTo = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync(async cursor => await client.ListArticlesAsync(outletId, publishedFrom, publishedTo, cursor, pageSize, cancellationToken).ConfigureAwait(false) is var p ? (p.Items, p.NextCursor) : default, cancellationToken);

    /// <summary>Every claim matching the filters, page after page.</summary>
    public static IAsyncEnumerable<Claim> ListAllClaimsAsync(this ICredibilityApiClient client, string? outletId = null, AttributionClass? attributionClass = null, string? claimant = null, DateTimeOffset? publishedFrom = null, DateTimeOffset? publishedTo = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync(async cursor => await client.ListClaimsAsync(outletId, attributionClass, claimant, publishedFrom, publishedTo, cursor, pageSize, cancellationToken).ConfigureAwait(false) is var p ? (p.Items, p.NextCursor) : default, cancellationToken);

    /// <summary>Every annotation matching the filters, page after page.</summary>
    public static IAsyncEnumerable<Annotation> ListAllAnnotationsAsync(this ICredibilityApiClient client, AnnotationKind? kind = null, TargetType? targetType = null, string? targetId = null, string? articleId = null, string? outletId = null, string? authorId = null, string? tag = null, bool? includeRetracted = null, bool? includeHidden = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync(async cursor => await client.ListAnnotationsAsync(kind, targetType, targetId, articleId, outletId, authorId, tag, includeRetracted, includeHidden, cursor, pageSize, cancellationToken).ConfigureAwait(false) is var p ? (p.Items, p.NextCursor) : default, cancellationToken);

    /// <summary>Every revision of an outlet, oldest first, page after page.</summary>
    public static IAsyncEnumerable<OutletRevision> ListAllOutletRevisionsAsync(this ICredibilityApiClient client, string id, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync(async cursor => await client.ListOutletRevisionsAsync(id, cursor, pageSize, cancellationToken).ConfigureAwait(false) is var p ? (p.Items, p.NextCursor) : default, cancellationToken);

    /// <summary>Every claim of one article, page after page.</summary>
    public static IAsyncEnumerable<Claim> ListAllArticleClaimsAsync(this ICredibilityApiClient client, string articleId, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync(async cursor => await client.ListArticleClaimsAsync(articleId, cursor, pageSize, cancellationToken).ConfigureAwait(false) is var p ? (p.Items, p.NextCursor) : default, cancellationToken);

    /// <summary>Every outlet of a ranking, best first, page after page (the ranking's other fields are on each page).</summary>
    public static IAsyncEnumerable<RankedOutlet> RankAllOutletsAsync(this ICredibilityApiClient client, string dimension, DateOnly? from = null, DateOnly? to = null, int? minArticles = null, double? halfLifeDays = null, MethodologyVersion? methodology = null, int? pageSize = null, CancellationToken cancellationToken = default, bool? blindOnly = null, string? campaignId = null, DateTimeOffset? asOf = null) =>
        PagesAsync(async cursor => await client.RankOutletsAsync(dimension, from, to, minArticles, halfLifeDays, methodology, blindOnly, campaignId, asOf, cursor, pageSize, cancellationToken).ConfigureAwait(false) is var p ? (p.Items, p.NextCursor) : default, cancellationToken);

    /// <summary>Every annotator's leniency on a dimension (methodology v2), page after page.</summary>
    public static IAsyncEnumerable<AnnotatorLeniency> ListAllLenienciesAsync(this ICredibilityApiClient client, string dimension, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync(async cursor => await client.ListLenienciesAsync(dimension, cursor, pageSize, cancellationToken).ConfigureAwait(false) is var p ? (p.Items, p.NextCursor) : default, cancellationToken);

    /// <summary>Every campaign (in a state, or all), page after page.</summary>
    public static IAsyncEnumerable<Campaign> ListAllCampaignsAsync(this ICredibilityApiClient client, CampaignState? state = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync(async cursor => await client.ListCampaignsAsync(state, cursor, pageSize, cancellationToken).ConfigureAwait(false) is var p ? (p.Items, p.NextCursor) : default, cancellationToken);

    /// <summary>Every assignment of the caller (of a campaign, in a state, or all), page after page; <see cref="WorkQueue.WorkQueueAsync"/> works the pending ones.</summary>
    public static IAsyncEnumerable<Assignment> ListAllMyAssignmentsAsync(this ICredibilityApiClient client, string? campaignId = null, AssignmentState? state = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync(async cursor => await client.ListMyAssignmentsAsync(campaignId, state, cursor, pageSize, cancellationToken).ConfigureAwait(false) is var p ? (p.Items, p.NextCursor) : default, cancellationToken);

    /// <summary>Every item of a campaign's adjudication queue, in drawn order, page after page (admins and the campaign's adjudicators).</summary>
    public static IAsyncEnumerable<AdjudicationQueueItem> ListAllAdjudicationQueueAsync(this ICredibilityApiClient client, string campaignId, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync(async cursor => await client.ListAdjudicationQueueAsync(campaignId, cursor, pageSize, cancellationToken).ConfigureAwait(false) is var p ? (p.Items, p.NextCursor) : default, cancellationToken);

    /// <summary>Every decision of a campaign's adjudication log, oldest first, page after page.</summary>
    public static IAsyncEnumerable<AdjudicationModel> ListAllAdjudicationLogAsync(this ICredibilityApiClient client, string campaignId, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync(async cursor => await client.ListAdjudicationLogAsync(campaignId, cursor, pageSize, cancellationToken).ConfigureAwait(false) is var p ? (p.Items, p.NextCursor) : default, cancellationToken);

    /// <summary>Every account (admins only), page after page.</summary>
    public static IAsyncEnumerable<Account> ListAllAccountsAsync(this ICredibilityApiClient client, Role? role = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        PagesAsync(async cursor => await client.ListAccountsAsync(role, cursor, pageSize, cancellationToken).ConfigureAwait(false) is var p ? (p.Items, p.NextCursor) : default, cancellationToken);

    /// <summary>
    /// Registers the article, or returns the one already registered for the same story: the API answers 409 with the
    /// existing article's <c>Location</c> when the URL (or an alias, or the canonical URL) is known.
    /// </summary>
    public static async Task<Registered<Article>> RegisterOrGetArticleAsync(this ICredibilityApiClient client, RegisterArticleRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return new(await client.RegisterArticleAsync(request, idempotencyKey, cancellationToken).ConfigureAwait(false), true);
        }
        catch (ApiException e) when (e.StatusCode == 409 && ExistingId(e, "/api/v1/articles/") is { } id)
        {
            return new(await client.GetArticleAsync(id, cancellationToken).ConfigureAwait(false), false);
        }
    }

    /// <summary>
    /// Registers the outlet, or returns the outlet that already has its domain (a 409 naming it). A 409 for a
    /// look-alike domain or a duplicate name (problem <c>code</c> <c>look-alike-domain</c> or <c>duplicate-name</c>) is
    /// not the same outlet and is thrown: confirm with <c>AllowSimilar = true</c> if it is a different outlet.
    /// </summary>
    public static async Task<Registered<Outlet>> RegisterOrGetOutletAsync(this ICredibilityApiClient client, RegisterOutletRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return new(await client.RegisterOutletAsync(request, idempotencyKey, cancellationToken).ConfigureAwait(false), true);
        }
        catch (ApiException e) when (e.StatusCode == 409 && ProblemCode(e) is null && ExistingId(e, "/api/v1/outlets/") is { } id)
        {
            return new(await client.GetOutletAsync(id, cancellationToken).ConfigureAwait(false), false);
        }
    }

    private static async IAsyncEnumerable<T> PagesAsync<T>(Func<string?, Task<(ICollection<T> Items, string? Next)>> page, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (items, next) = await page(cursor).ConfigureAwait(false);
            foreach (var item in items)
            {
                yield return item;
            }

            cursor = next;
        }
        while (cursor is not null);
    }

    private static string? ExistingId(ApiException e, string pathPrefix)
    {
        var location = FirstHeader(e.Headers, "Location");
        return location is not null && location.StartsWith(pathPrefix, StringComparison.Ordinal) && location.Length > pathPrefix.Length
            ? location[pathPrefix.Length..]
            : null;
    }

    /// <summary>The first value of a response header, whatever its case; null when it was not sent.</summary>
    internal static string? FirstHeader(IReadOnlyDictionary<string, IEnumerable<string>> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>The problem's machine code (see <see cref="ApiProblem.Code"/>), when the body is a problem document and has one.</summary>
    public static string? ProblemCode(this ApiException exception) => exception.Problem?.Code;
}

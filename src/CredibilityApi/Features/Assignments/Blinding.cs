using System.Security.Claims;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Assignments;

/// <summary>An article the viewer must not see others' work on yet: their assignment of it is pending in an open campaign.</summary>
public sealed record BlindItem(string ArticleId, string OutletId, string CampaignId);

/// <summary>
/// Blind annotation: an annotator with a pending assignment of an article in an open campaign sees no one else's
/// annotations of that article, nor any aggregate that includes them, until they submit or the campaign closes.
/// Admins are not blinded. Annotation-level reads filter (<see cref="HideOthersOn"/>); aggregate reads, served from
/// rollups that cannot leave one viewer's items out, refuse with a 403 naming the pending articles
/// (<see cref="RefuseAsync"/>). The viewer's pending items are read once per request, from the
/// (AnnotatorId, State, ...) index of Assignments, and are usually none.
/// </summary>
public static class Blinding
{
    /// <summary>The machine code of the 403 an aggregate read answers while the viewer has pending items in its scope.</summary>
    public const string PendingCode = "blind-assignment-pending";

    /// <summary>Said in the description of every list and export of annotations.</summary>
    public const string ListNote =
        " Blind annotation: an annotator whose assignment of an article is pending in an open campaign does not see other " +
        "annotators' annotations of that article here until they submit it or the campaign closes (admins are not blinded).";

    /// <summary>Said in the description of the reads of one annotation.</summary>
    public const string GetNote =
        " Blind annotation: another annotator's annotation of an article whose assignment is pending for the caller in an open " +
        "campaign is answered 404, as if absent, until the caller submits it or the campaign closes (admins are not blinded).";

    /// <summary>Said in the description of the aggregates that pool every outlet.</summary>
    public const string PooledNote =
        " Blind annotation: while the caller has any assignment pending in an open campaign, the answer is a 403 with code " +
        "'blind-assignment-pending' naming the articles, because this figure pools ratings across outlets (the prior, the " +
        "annotators' leniency); it lifts when they submit those items or the campaign closes. Admins are not blinded.";

    /// <summary>Said in the description of the aggregates of one outlet.</summary>
    public const string OutletNote =
        " Blind annotation: while the caller has an assignment pending in an open campaign on an article of the outlet (of any " +
        "outlet when none is named), the answer is a 403 with code 'blind-assignment-pending' naming the articles; it lifts " +
        "when they submit those items or the campaign closes. Admins are not blinded.";

    private static readonly object CacheKey = new();

    /// <summary>The viewer's pending items in open campaigns; none for admins and anonymous callers. Cached per request.</summary>
    public static async Task<IReadOnlyList<BlindItem>> PendingAsync(HttpContext http, CredibilityDbContext db, CancellationToken ct)
    {
        if (http.Items.TryGetValue(CacheKey, out var cached) && cached is IReadOnlyList<BlindItem> items)
        {
            return items;
        }

        var user = http.User;
        IReadOnlyList<BlindItem> pending = user.Identity?.IsAuthenticated != true || user.IsAdmin()
            ? []
            : await ForAsync(db, user.AccountId(), ct);
        http.Items[CacheKey] = pending;
        return pending;
    }

    /// <summary>The pending items of <paramref name="annotatorId"/> in open campaigns.</summary>
    public static async Task<List<BlindItem>> ForAsync(CredibilityDbContext db, string annotatorId, CancellationToken ct) =>
        await db.Assignments.AsNoTracking()
            .Where(a => a.AnnotatorId == annotatorId && a.State == AssignmentState.Pending)
            .Join(db.Campaigns.Where(c => c.State == CampaignState.Open), a => a.CampaignId, c => c.Id, (a, c) => a)
            .Join(db.Articles, a => a.ArticleId, article => article.Id, (a, article) => new BlindItem(a.ArticleId, article.OutletId, a.CampaignId))
            .ToListAsync(ct);

    /// <summary>
    /// The open campaign in which <paramref name="annotatorId"/>'s assignment of <paramref name="articleId"/> is pending,
    /// or null: what a newly written annotation is marked with (<see cref="Annotation.MarkWrittenUnder"/>).
    /// </summary>
    public static async Task<string?> PendingCampaignAsync(CredibilityDbContext db, string annotatorId, string? articleId, CancellationToken ct)
    {
        if (articleId is null)
        {
            return null;
        }

        return await db.Assignments.AsNoTracking()
            .Where(a => a.AnnotatorId == annotatorId && a.ArticleId == articleId && a.State == AssignmentState.Pending)
            .Join(db.Campaigns.Where(c => c.State == CampaignState.Open), a => a.CampaignId, c => c.Id, (a, c) => a)
            .OrderBy(a => a.AssignedAt).ThenBy(a => a.Id)
            .Select(a => a.CampaignId)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Marks a newly written annotation content with the conditions it was written under.</summary>
    public static async Task MarkAsync(CredibilityDbContext db, ClaimsPrincipal author, Annotation annotation, CancellationToken ct) =>
        annotation.MarkWrittenUnder(await PendingCampaignAsync(db, annotation.AuthorId, annotation.ArticleId, ct), !author.IsAdmin());

    /// <summary>Leaves out other authors' annotations of the viewer's pending articles (nothing when there are none).</summary>
    public static IQueryable<Annotation> HideOthersOn(this IQueryable<Annotation> query, IReadOnlyList<BlindItem> pending, ClaimsPrincipal viewer)
    {
        if (pending.Count == 0)
        {
            return query;
        }

        var me = viewer.AccountId();
        var articles = pending.Select(p => p.ArticleId).Distinct().ToList();
        return query.Where(a => a.AuthorId == me || a.ArticleId == null || !articles.Contains(a.ArticleId));
    }

    /// <summary>Whether the viewer may see <paramref name="annotation"/> under blinding.</summary>
    public static bool MaySee(this IReadOnlyList<BlindItem> pending, ClaimsPrincipal viewer, Annotation annotation) =>
        pending.Count == 0 || annotation.ArticleId is null || annotation.AuthorId == viewer.AccountId() ||
        pending.All(p => p.ArticleId != annotation.ArticleId);

    /// <summary>
    /// For aggregate reads: when the viewer has pending items in the scope (<paramref name="outletId"/>, or every
    /// outlet when null), writes the 403 naming them and returns true; otherwise false.
    /// </summary>
    public static async Task<bool> RefuseAsync(HttpContext http, CredibilityDbContext db, string? outletId, CancellationToken ct)
    {
        var pending = await PendingAsync(http, db, ct);
        var inScope = pending.Where(p => outletId is null || p.OutletId == outletId).ToList();
        if (inScope.Count == 0)
        {
            return false;
        }

        var articles = inScope.Select(p => p.ArticleId).Distinct().Order(StringComparer.Ordinal).ToList();
        var campaigns = inScope.Select(p => p.CampaignId).Distinct().Order(StringComparer.Ordinal).ToList();
        var scope = outletId is null ? "This figure pools ratings across outlets, so it" : $"This figure of outlet '{outletId}'";
        await Problems.WriteAsync(http, StatusCodes.Status403Forbidden, "Blind assignment pending",
            $"{scope} includes articles you are assigned in an open campaign and have not submitted yet ({string.Join(", ", articles)}). " +
            "Annotation is blind: you see no aggregate of others' work on them until you submit your own (rate them on every " +
            "dimension of the campaign) or the campaign is closed. GET /api/v1/me/assignments lists them.",
            new Dictionary<string, object?> { ["code"] = PendingCode, ["articleIds"] = articles, ["campaignIds"] = campaigns });
        return true;
    }
}

using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Campaigns;

/// <summary>One item of a campaign with its outlet.</summary>
internal sealed record StudyItem(string ArticleId, int Position, string OutletId, DateTime PublishedAt);

/// <summary>One annotator's current rating of a campaign item on a campaign dimension.</summary>
internal sealed record StudyRating(string ArticleId, string AnnotatorId, string Dimension, double Value);

/// <summary>One annotator's current verdict on a claim of a campaign item.</summary>
internal sealed record StudyVerdict(string ArticleId, string ClaimId, string AnnotatorId, Verdict Verdict);

/// <summary>A disagreement on one target of one item: the values behind it.</summary>
internal sealed record StudyDisagreement(string ArticleId, StudyTargetKind Kind, string Target, IReadOnlyList<StudyRating> Ratings, IReadOnlyList<StudyVerdict> Verdicts);

/// <summary>
/// A campaign's annotations, derived rather than marked: the current ratings and verdicts that the annotators an item
/// is assigned to (assignments not skipped) made on that item. A campaign is a bounded set (items × k × dimensions), so
/// its reports are computed from these at read time instead of from rollups.
/// </summary>
internal sealed class Study
{
    public required Campaign Campaign { get; init; }
    public required IReadOnlyList<StudyItem> Items { get; init; }
    public required IReadOnlyList<Assignment> Assignments { get; init; }
    public required IReadOnlyList<StudyRating> Ratings { get; init; }
    public required IReadOnlyList<StudyVerdict> Verdicts { get; init; }

    /// <summary>The decision in force per (article, kind, target): the latest one.</summary>
    public required IReadOnlyDictionary<(string ArticleId, StudyTargetKind Kind, string Target), Adjudication> Adjudicated { get; init; }

    public static async Task<Study> LoadAsync(CredibilityDbContext db, Campaign campaign, CancellationToken ct)
    {
        var id = campaign.Id;
        var items = await db.CampaignItems.AsNoTracking().Where(i => i.CampaignId == id)
            .Join(db.Articles, i => i.ArticleId, a => a.Id, (i, a) => new { i.ArticleId, i.Position, a.OutletId, a.PublishedAt })
            .ToListAsync(ct);
        var assignments = await db.Assignments.AsNoTracking().Where(a => a.CampaignId == id).ToListAsync(ct);
        var dimensions = campaign.Dimensions;
        var ratings = await Scope(db, db.Annotations.AsNoTracking(), id)
            .Where(a => a.Kind == AnnotationKind.Rating && a.Value != null && dimensions.Contains(a.Dimension!))
            .Select(a => new { a.ArticleId, a.AuthorId, a.Dimension, Value = a.Value!.Value, a.UpdatedAt, a.Id })
            .ToListAsync(ct);
        var verdicts = await Scope(db, db.Annotations.AsNoTracking(), id)
            .Where(a => a.Kind == AnnotationKind.Provenance && a.TargetType == TargetType.Claim && a.Verdict != null)
            .Select(a => new { a.ArticleId, a.ClaimId, a.AuthorId, Verdict = a.Verdict!.Value, a.UpdatedAt, a.Id })
            .ToListAsync(ct);
        var adjudications = await db.Adjudications.AsNoTracking().Where(a => a.CampaignId == id).ToListAsync(ct);

        return new Study
        {
            Campaign = campaign,
            Items = [.. items.OrderBy(i => i.Position).Select(i => new StudyItem(i.ArticleId, i.Position, i.OutletId, i.PublishedAt))],
            Assignments = assignments,

            // One current value per annotator and target: the most recently updated note, should there be two.
            Ratings = [.. ratings
                .GroupBy(r => (r.ArticleId, r.AuthorId, r.Dimension))
                .Select(g => g.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal).First())
                .Select(r => new StudyRating(r.ArticleId!, r.AuthorId, r.Dimension!, r.Value))
                .OrderBy(r => r.ArticleId, StringComparer.Ordinal).ThenBy(r => r.Dimension, StringComparer.Ordinal).ThenBy(r => r.AnnotatorId, StringComparer.Ordinal)],
            Verdicts = [.. verdicts
                .GroupBy(v => (v.ClaimId, v.AuthorId))
                .Select(g => g.OrderByDescending(v => v.UpdatedAt).ThenByDescending(v => v.Id, StringComparer.Ordinal).First())
                .Select(v => new StudyVerdict(v.ArticleId!, v.ClaimId!, v.AuthorId, v.Verdict))
                .OrderBy(v => v.ArticleId, StringComparer.Ordinal).ThenBy(v => v.ClaimId, StringComparer.Ordinal).ThenBy(v => v.AnnotatorId, StringComparer.Ordinal)],
            Adjudicated = adjudications
                .GroupBy(a => (a.ArticleId, a.Kind, a.Target))
                .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id, StringComparer.Ordinal).First()),
        };
    }

    /// <summary>
    /// The current, visible annotations that belong to campaign <paramref name="campaignId"/>: made on one of its items by an
    /// annotator the item is assigned to (an assignment that was not skipped).
    /// </summary>
    public static IQueryable<Annotation> Scope(CredibilityDbContext db, IQueryable<Annotation> annotations, string campaignId) =>
        annotations.OfCampaign(db, campaignId);

    /// <summary>
    /// The disagreements of every item: ratings on a dimension whose range (max − min) is larger than the campaign's
    /// threshold, and claims given more than one verdict. Needs two values or more.
    /// </summary>
    public IEnumerable<StudyDisagreement> Disagreements()
    {
        var threshold = Campaign.DisagreementThreshold;
        foreach (var g in Ratings.GroupBy(r => (r.ArticleId, r.Dimension)))
        {
            var values = g.ToList();
            if (values.Count >= 2 && values.Max(v => v.Value) - values.Min(v => v.Value) > threshold)
            {
                yield return new StudyDisagreement(g.Key.ArticleId, StudyTargetKind.Rating, g.Key.Dimension, values, []);
            }
        }

        foreach (var g in Verdicts.GroupBy(v => (v.ArticleId, v.ClaimId)))
        {
            var values = g.ToList();
            if (values.Select(v => v.Verdict).Distinct().Count() > 1)
            {
                yield return new StudyDisagreement(g.Key.ArticleId, StudyTargetKind.Verdict, g.Key.ClaimId, [], values);
            }
        }
    }

    public bool IsAdjudicated(StudyDisagreement d) => Adjudicated.ContainsKey((d.ArticleId, d.Kind, d.Target));
}

/// <summary>Access rules of a campaign's study endpoints.</summary>
internal static class StudyAccess
{
    /// <summary>The campaign, or a 404 written.</summary>
    public static async Task<Campaign?> FindAsync(CredibilityDbContext db, HttpContext http, string id, CancellationToken ct)
    {
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
        {
            await Problems.NotFoundAsync(http, "Campaign", id);
        }

        return campaign;
    }

    /// <summary>Whether the caller may adjudicate; otherwise a 403 is written.</summary>
    public static async Task<bool> EnsureAdjudicatorAsync(HttpContext http, Campaign campaign)
    {
        if (campaign.MayAdjudicate(http.User.AccountId(), http.User.IsAdmin()))
        {
            return true;
        }

        await Problems.WriteAsync(http, StatusCodes.Status403Forbidden, "Not an adjudicator",
            $"Only admins and the accounts the campaign names as adjudicators may see or settle the disagreements of '{campaign.Id}'.");
        return false;
    }
}

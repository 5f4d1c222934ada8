using Microsoft.EntityFrameworkCore;
using CredibilityApi.Domain;

namespace CredibilityApi.Data;

/// <summary>
/// Which annotations belong to a study campaign. It is derived, not stored: the current, visible annotations made on one
/// of the campaign's items by an annotator that item is assigned to (an assignment that was not skipped).
/// </summary>
public static class CampaignScopes
{
    /// <summary>
    /// What <c>campaignId</c> and <c>blindOnly</c> limit an aggregate to: the current annotations of one campaign, or
    /// those made blind, or both. Both are bounded sets (blind annotations exist only in campaigns and are found through
    /// the (CampaignId, ArticleId) index).
    /// </summary>
    public static IQueryable<Annotation> Subset(CredibilityDbContext db, string? campaignId, bool blindOnly)
    {
        var current = db.Annotations.AsNoTracking().Where(a => a.Status == AnnotationStatus.Active && !a.Hidden);
        var scoped = campaignId is { } campaign ? current.OfCampaign(db, campaign) : current;
        return blindOnly ? scoped.Where(a => a.CampaignId != null && a.Blind) : scoped;
    }

    public static IQueryable<Annotation> OfCampaign(this IQueryable<Annotation> annotations, CredibilityDbContext db, string campaignId) =>
        annotations.Where(a => a.Status == AnnotationStatus.Active && !a.Hidden &&
            db.Assignments.Any(s => s.CampaignId == campaignId && s.State != AssignmentState.Skipped && s.ArticleId == a.ArticleId && s.AnnotatorId == a.AuthorId));
}

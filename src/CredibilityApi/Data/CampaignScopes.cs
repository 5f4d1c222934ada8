using CredibilityApi.Domain;

namespace CredibilityApi.Data;

/// <summary>
/// Which annotations belong to a study campaign. It is derived, not stored: the current, visible annotations made on one
/// of the campaign's items by an annotator that item is assigned to (an assignment that was not skipped).
/// </summary>
public static class CampaignScopes
{
    public static IQueryable<Annotation> OfCampaign(this IQueryable<Annotation> annotations, CredibilityDbContext db, string campaignId) =>
        annotations.Where(a => a.Status == AnnotationStatus.Active && !a.Hidden &&
            db.Assignments.Any(s => s.CampaignId == campaignId && s.State != AssignmentState.Skipped && s.ArticleId == a.ArticleId && s.AnnotatorId == a.AuthorId));
}

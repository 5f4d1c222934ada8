using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Campaigns.GetProgress;

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<CampaignReportRequest, Response>
{
    public override void Configure()
    {
        Get("/campaigns/{id}/progress");
        Roles(RoleNames.Admin, RoleNames.Researcher);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetCampaignProgress")
            .WithTags("Campaigns")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "A campaign's progress per annotator and per outlet (admins, researchers)";
            s.Description =
                "Assignment counts (pending, submitted, skipped) and items complete (every assignment not skipped is submitted), " +
                "for the whole campaign, for every annotator of the pool (in id order; members with no assignment have zeros) and " +
                "for every outlet of the campaign's items.";
            var counts = new Counts { Items = 12, CompleteItems = 4, Assignments = 36, Pending = 20, Submitted = 15, Skipped = 1 };
            s.ResponseExamples[200] = new Response
            {
                CampaignId = StudyExamples.CampaignId,
                Total = counts,
                Annotators = [new AnnotatorProgress { AnnotatorId = StudyExamples.AnnotatorA, Counts = counts }],
                Outlets = [new OutletProgress { OutletId = StudyExamples.OutletId, Counts = counts }],
            };
        });
    }

    public override async Task HandleAsync(CampaignReportRequest req, CancellationToken ct)
    {
        if (await StudyAccess.FindAsync(db, HttpContext, req.Id, ct) is not { } campaign)
        {
            return;
        }

        var assignments = await db.Assignments.AsNoTracking().Where(a => a.CampaignId == campaign.Id)
            .Select(a => new { a.ArticleId, a.AnnotatorId, a.State }).ToListAsync(ct);
        var outlets = await db.CampaignItems.AsNoTracking().Where(i => i.CampaignId == campaign.Id)
            .Join(db.Articles, i => i.ArticleId, a => a.Id, (i, a) => new { i.ArticleId, a.OutletId })
            .ToDictionaryAsync(x => x.ArticleId, x => x.OutletId, ct);
        var complete = assignments.GroupBy(a => a.ArticleId)
            .Where(g => g.Where(a => a.State != AssignmentState.Skipped).All(a => a.State == AssignmentState.Submitted))
            .Select(g => g.Key).ToHashSet(StringComparer.Ordinal);

        Counts CountOf(IReadOnlyCollection<string> items, IEnumerable<AssignmentState> states)
        {
            var list = states.ToList();
            return new Counts
            {
                Items = items.Count,
                CompleteItems = items.Count(complete.Contains),
                Assignments = list.Count,
                Pending = list.Count(s => s == AssignmentState.Pending),
                Submitted = list.Count(s => s == AssignmentState.Submitted),
                Skipped = list.Count(s => s == AssignmentState.Skipped),
            };
        }

        var byAnnotator = assignments.ToLookup(a => a.AnnotatorId, StringComparer.Ordinal);
        var byOutlet = assignments.ToLookup(a => outlets.GetValueOrDefault(a.ArticleId, ""), StringComparer.Ordinal);
        await Send.OkAsync(new Response
        {
            CampaignId = campaign.Id,
            Total = CountOf(outlets.Keys, assignments.Select(a => a.State)),
            Annotators = [.. campaign.Pool.Concat(byAnnotator.Select(g => g.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(id => new AnnotatorProgress
                {
                    AnnotatorId = id,
                    Counts = CountOf([.. byAnnotator[id].Select(a => a.ArticleId).Distinct(StringComparer.Ordinal)], byAnnotator[id].Select(a => a.State)),
                })],
            Outlets = [.. outlets.GroupBy(o => o.Value, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new OutletProgress
                {
                    OutletId = g.Key,
                    Counts = CountOf([.. g.Select(o => o.Key)], byOutlet[g.Key].Select(a => a.State)),
                })],
        }, ct);
    }
}

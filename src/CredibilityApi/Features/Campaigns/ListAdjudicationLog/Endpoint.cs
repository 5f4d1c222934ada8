using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Campaigns.ListAdjudicationLog;

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/campaigns/{id}/adjudications/log");
        Roles(RoleNames.Admin, RoleNames.Researcher);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListAdjudicationLog")
            .WithTags("Campaigns")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "The campaign's adjudication log (admins, researchers)";
            s.Description =
                "Every decision adjudicators recorded on the campaign, oldest first: item, dimension or claim, value or verdict, " +
                "reason, who and when. A decision replaced by a later one on the same target stays, marked superseded. Cursor-paged.";
            s.ResponseExamples[200] = new Response { Items = [StudyExamples.Adjudication] };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await StudyAccess.FindAsync(db, HttpContext, req.Id, ct) is not { } campaign)
        {
            return;
        }

        // A campaign's decisions are a bounded set (items × targets × revisions): read them whole to mark the superseded.
        var all = await db.Adjudications.AsNoTracking().Where(a => a.CampaignId == campaign.Id).ToListAsync(ct);
        var ordered = all.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        var current = ordered.GroupBy(a => (a.ArticleId, a.Kind, a.Target)).Select(g => g.Last().Id).ToHashSet(StringComparer.Ordinal);
        var rest = LogCursor.TryRead(req.Cursor, out var at, out var afterId)
            ? ordered.Where(a => a.CreatedAt > at || (a.CreatedAt == at && string.CompareOrdinal(a.Id, afterId) > 0)).ToList()
            : ordered;
        var limit = req.PageSize();
        var page = rest.Take(limit).ToList();
        await Send.OkAsync(new Response
        {
            Items = [.. page.Select(a => AdjudicationModel.From(a, !current.Contains(a.Id)))],
            NextCursor = rest.Count > limit ? LogCursor.Write(page[^1].CreatedAt, page[^1].Id) : null,
        }, ct);
    }
}

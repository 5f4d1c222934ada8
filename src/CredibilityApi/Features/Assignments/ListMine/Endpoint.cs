using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Campaigns;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Assignments.ListMine;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/me/assignments");
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListMyAssignments")
            .WithTags("Campaigns")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List my assignments (the annotation queue)";
            s.Description =
                "The caller's campaign assignments: pending ones first, in the campaign's drawn order, so the first item is the " +
                "next to work; then submitted, then skipped ones. Each names the article (id, URL, title) and what the campaign " +
                "asks for. progress counts them all (in the campaign given by campaignId, or in every campaign). The first time " +
                "an assignment is returned here its firstFetchedAt is recorded, the start of its time on task. An assignment is " +
                "submitted once the caller has rated the article on every dimension of the campaign. Cursor-paged.";
            s.ResponseExamples[200] = new Response
            {
                Items = [AssignmentExamples.Assignment],
                Progress = new AssignmentProgress { Total = 12, Pending = 9, Submitted = 2, Skipped = 1 },
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var me = User.AccountId();
        var limit = req.PageSize();
        var mine = db.Assignments.AsNoTracking().Where(a => a.AnnotatorId == me);
        if (req.CampaignId is not null)
        {
            mine = mine.Where(a => a.CampaignId == req.CampaignId);
        }

        var counts = await mine.GroupBy(a => a.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(AssignmentState state) => counts.Where(c => c.State == state).Sum(c => c.Count);

        var query = mine
            .Where(a => req.State == null || a.State == req.State)
            .Select(a => new { A = a, Rank = a.State == AssignmentState.Pending ? 0 : a.State == AssignmentState.Submitted ? 1 : 2 });
        if (QueueCursor.TryRead(req.Cursor, out var rank, out var position, out var afterId))
        {
            query = query.Where(x => x.Rank > rank ||
                (x.Rank == rank && (x.A.Position > position || (x.A.Position == position && string.Compare(x.A.Id, afterId) > 0))));
        }

        var rows = await query
            .OrderBy(x => x.Rank).ThenBy(x => x.A.Position).ThenBy(x => x.A.Id)
            .Take(limit + 1)
            .Join(db.Campaigns, x => x.A.CampaignId, c => c.Id, (x, c) => new { x.A, x.Rank, Campaign = c })
            .Join(db.Articles, x => x.A.ArticleId, a => a.Id, (x, article) => new { x.A, x.Rank, x.Campaign, article.Url, article.Title })
            .ToListAsync(ct);

        // A join after Take may not keep the order on every provider: sort again.
        rows = [.. rows.OrderBy(x => x.Rank).ThenBy(x => x.A.Position).ThenBy(x => x.A.Id, StringComparer.Ordinal)];
        var page = rows.Take(limit).ToList();

        var now = clock.GetUtcNow().UtcDateTime;
        var firstSeen = page.Where(x => x.A.FirstFetchedAt is null).Select(x => x.A.Id).ToList();
        if (firstSeen.Count > 0)
        {
            await db.Assignments
                .Where(a => firstSeen.Contains(a.Id) && a.FirstFetchedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.FirstFetchedAt, now), ct);
        }

        await Send.OkAsync(new Response
        {
            Items = page.Select(x => new AssignmentModel
            {
                Id = x.A.Id,
                CampaignId = x.A.CampaignId,
                AnnotatorId = x.A.AnnotatorId,
                CampaignName = x.Campaign.Name,
                ArticleId = x.A.ArticleId,
                ArticleUrl = x.Url,
                ArticleTitle = x.Title,
                Tasks = new CampaignTasks { Dimensions = [.. x.Campaign.Dimensions], Verdicts = x.Campaign.AskVerdicts, Framing = x.Campaign.AskFraming },
                RubricVersion = x.Campaign.RubricVersion,
                Position = x.A.Position,
                State = x.A.State,
                DueAt = x.Campaign.DueAt,
                AssignedAt = x.A.AssignedAt,
                FirstFetchedAt = x.A.FirstFetchedAt ?? now,
                SubmittedAt = x.A.SubmittedAt,
                SkippedAt = x.A.SkippedAt,
                SkipReason = x.A.SkipReason,
                ReassignedToId = x.A.ReassignedToId,
            }).ToList(),
            NextCursor = rows.Count > limit ? QueueCursor.Write(page[^1].Rank, page[^1].A.Position, page[^1].A.Id) : null,
            Progress = new AssignmentProgress
            {
                Total = counts.Sum(c => c.Count),
                Pending = Count(AssignmentState.Pending),
                Submitted = Count(AssignmentState.Submitted),
                Skipped = Count(AssignmentState.Skipped),
            },
        }, ct);
    }
}

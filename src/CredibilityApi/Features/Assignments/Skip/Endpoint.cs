using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Campaigns;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Assignments.Skip;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/assignments/{id}/skip");
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultProduces()
            .WithName("SkipAssignment")
            .WithTags("Campaigns")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 409, 413, 415)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Skip an assignment, giving it to another annotator";
            s.Description =
                "The caller gives up one of their pending assignments, with a reason. The item goes to the pool annotator with the " +
                "fewest live assignments in the campaign (ties by account id) among those who do not already have this article " +
                "in the campaign, so the overlap stays k. Only the assignee may skip (403 otherwise). A 409 says why when the " +
                "assignment is no longer pending, the campaign is not open, or every pool annotator already has the article.";
            s.ExampleRequest = new Request { Id = AssignmentExamples.Assignment.Id, Reason = "The article is behind a paywall I cannot pass." };
            s.ResponseExamples[200] = new Response
            {
                Skipped = AssignmentExamples.Skipped,
                ReassignedTo = AssignmentExamples.Assignment,
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var assignment = await db.Assignments.SingleOrDefaultAsync(a => a.Id == req.Id, ct);
        if (assignment is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Assignment", req.Id);
            return;
        }

        if (assignment.AnnotatorId != User.AccountId())
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status403Forbidden, "Not your assignment", "Only the annotator an item is assigned to may skip it.");
            return;
        }

        var campaign = await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == assignment.CampaignId, ct);
        if (campaign.State != CampaignState.Open)
        {
            await Conflict("Campaign not open", $"The campaign '{campaign.Id}' is {campaign.State.ToString().ToLowerInvariant()}; only items of an open campaign can be skipped.");
            return;
        }

        if (assignment.State != AssignmentState.Pending)
        {
            await Conflict("Assignment not pending", $"The assignment is already {assignment.State.ToString().ToLowerInvariant()}; only a pending one can be skipped.");
            return;
        }

        var holders = await db.Assignments
            .Where(a => a.CampaignId == campaign.Id && a.ArticleId == assignment.ArticleId)
            .Select(a => a.AnnotatorId)
            .ToListAsync(ct);
        var free = campaign.Pool.Except(holders, StringComparer.Ordinal).ToList();
        if (free.Count == 0)
        {
            await Conflict("Nobody can take the item",
                $"All {campaign.Pool.Count} annotators of the pool already have (or skipped) this article in the campaign, so it cannot be reassigned. It stays assigned to you.");
            return;
        }

        var loads = await db.Assignments
            .Where(a => a.CampaignId == campaign.Id && a.State != AssignmentState.Skipped && free.Contains(a.AnnotatorId))
            .GroupBy(a => a.AnnotatorId)
            .Select(g => new { Annotator = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Annotator, g => g.Count, ct);
        var next = free.OrderBy(f => loads.GetValueOrDefault(f)).ThenBy(f => f, StringComparer.Ordinal).First();

        var now = clock.GetUtcNow().UtcDateTime;
        var taken = assignment.Skip(req.Reason, next, now);
        db.Assignments.Add(taken);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) || e is DbUpdateConcurrencyException)
        {
            await Conflict("Assignment changed", "Another request skipped or reassigned this item at the same time. List your assignments again.");
            return;
        }

        var article = await db.Articles.AsNoTracking().Where(a => a.Id == assignment.ArticleId).Select(a => new { a.Url, a.Title }).SingleAsync(ct);
        AssignmentModel Model(Assignment a) => new()
        {
            Id = a.Id,
            CampaignId = a.CampaignId,
            AnnotatorId = a.AnnotatorId,
            CampaignName = campaign.Name,
            ArticleId = a.ArticleId,
            ArticleUrl = article.Url,
            ArticleTitle = article.Title,
            Tasks = new CampaignTasks { Dimensions = [.. campaign.Dimensions], Verdicts = campaign.AskVerdicts, Framing = campaign.AskFraming },
            RubricVersion = campaign.RubricVersion,
            Position = a.Position,
            State = a.State,
            DueAt = campaign.DueAt,
            AssignedAt = a.AssignedAt,
            FirstFetchedAt = a.FirstFetchedAt,
            SubmittedAt = a.SubmittedAt,
            SkippedAt = a.SkippedAt,
            SkipReason = a.SkipReason,
            ReassignedToId = a.ReassignedToId,
        };

        await Send.OkAsync(new Response { Skipped = Model(assignment), ReassignedTo = Model(taken) }, ct);
    }

    private Task Conflict(string title, string detail) => Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, title, detail);
}

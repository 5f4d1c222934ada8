using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Campaigns.List;

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/campaigns");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListCampaigns")
            .WithTags("Campaigns")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List campaigns";
            s.Description = "Campaigns in creation order, optionally only those in one state. Cursor-paged: follow nextCursor until it is null.";
            s.ResponseExamples[200] = new Response { Items = [CampaignExamples.Campaign], NextCursor = CredibilityApi.Features.Examples.Cursor };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var limit = req.PageSize();
        var query = db.Campaigns.AsNoTracking();
        if (req.State is { } state)
        {
            query = query.Where(c => c.State == state);
        }

        if (Cursor.TryDecode(req.Cursor, 1, out var after))
        {
            var afterId = after[0];
            query = query.Where(c => string.Compare(c.Id, afterId) > 0);
        }

        var campaigns = await query.OrderBy(c => c.Id).Take(limit + 1).ToListAsync(ct);
        var page = campaigns.Take(limit).ToList();
        var ids = page.Select(c => c.Id).ToList();
        var items = (await db.CampaignItems.AsNoTracking().Where(i => ids.Contains(i.CampaignId)).ToListAsync(ct))
            .ToLookup(i => i.CampaignId);

        await Send.OkAsync(new Response
        {
            Items = page.Select(c => CampaignModel.From(c, items[c.Id].OrderBy(i => i.Position).Select(i => i.ArticleId).ToList())).ToList(),
            NextCursor = campaigns.Count > limit ? Cursor.Encode(page[^1].Id) : null,
        }, ct);
    }
}

using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Campaigns.Get;

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request, CampaignModel>
{
    public override void Configure()
    {
        Get("/campaigns/{id}");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetCampaign")
            .WithTags("Campaigns")
            .Produces<CampaignModel>(StatusCodes.Status200OK, "application/json")
            .Problems(404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Get a campaign";
            s.Description = "Returns one campaign: its design, its state and, once opened, its articles in their drawn order (items).";
            s.ResponseExamples[200] = CampaignExamples.Campaign;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == req.Id, ct);
        if (campaign is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Campaign", req.Id);
            return;
        }

        ETags.Set(HttpContext, campaign.Version);
        await Send.OkAsync(CampaignModel.From(campaign, await CampaignData.ItemsAsync(db, campaign.Id, ct)), ct);
    }
}

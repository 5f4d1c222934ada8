using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Campaigns.Close;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, CampaignModel>
{
    public override void Configure()
    {
        Post("/campaigns/{id}/close");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultProduces()
            .WithName("CloseCampaign")
            .WithTags("Campaigns")
            .Produces<CampaignModel>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 409, 413, 415)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Close a campaign (admin)";
            s.Description =
                "Ends a draft or open campaign. Its assignments stay as they are (pending ones are no longer worked: skipping one " +
                "is a 409). A campaign already closed is a 409.";
            s.ResponseExamples[200] = CampaignExamples.Campaign;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == req.Id, ct);
        if (campaign is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Campaign", req.Id);
            return;
        }

        if (campaign.State == CampaignState.Closed)
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Campaign already closed", $"'{campaign.Id}' was closed at {campaign.ClosedAt:O}.");
            return;
        }

        campaign.Close(clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Campaign changed", $"Another request opened or closed '{campaign.Id}' at the same time.");
            return;
        }

        ETags.Set(HttpContext, campaign.Version);
        await Send.OkAsync(CampaignModel.From(campaign, await CampaignData.ItemsAsync(db, campaign.Id, ct)), ct);
    }
}

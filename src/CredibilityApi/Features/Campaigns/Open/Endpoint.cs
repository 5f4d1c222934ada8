using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Campaigns.Open;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, CampaignModel>
{
    public override void Configure()
    {
        Post("/campaigns/{id}/open");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultProduces()
            .WithName("OpenCampaign")
            .WithTags("Campaigns")
            .Produces<CampaignModel>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 409, 413, 415, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Open a campaign: draw its articles and assign them (admin)";
            s.Description =
                "Fixes the campaign's articles and gives each to k distinct annotators of the pool. A sampling rule is applied to " +
                "the articles in the database now: per outlet and week or month of the window, candidates are ordered by " +
                "publication time and id and shuffled by a SplitMix64 generator seeded with the rule's seed, and the first n are " +
                "taken; the same rule and seed on the same articles always draw the same list. Annotators are dealt round-robin " +
                "from the pool shuffled by the same seed, so loads differ by at most one. A campaign that is not a draft is a " +
                "409; a rule that selects no article, or a listed article merged away since, is a 422.";
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

        if (campaign.State != CampaignState.Draft)
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Campaign not a draft",
                $"Only a draft campaign can be opened; '{campaign.Id}' is {campaign.State.ToString().ToLowerInvariant()}. Its articles were drawn when it was opened.");
            return;
        }

        var drawn = await DrawAsync(campaign, ct);
        if (drawn.Count == 0)
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status422UnprocessableEntity, "Nothing to annotate",
                "The campaign's sampling rule selects no article: no article of its outlets was published in its window. Widen the window or choose other outlets in a new campaign.");
            return;
        }

        if (!campaign.IsSampled)
        {
            var merged = await db.Articles.Where(a => drawn.Contains(a.Id) && a.MergedIntoId != null).Select(a => a.Id).ToListAsync(ct);
            if (merged.Count > 0)
            {
                await Problems.WriteAsync(HttpContext, StatusCodes.Status422UnprocessableEntity, "Merged articles in the list",
                    $"These articles were merged away since the campaign was created: {string.Join(", ", merged.Take(20))}. Create a new campaign with the articles they were merged into.");
                return;
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var annotators = CampaignDraw.Assign(drawn.Count, campaign.Pool, campaign.Overlap, campaign.Seed ?? 0);
        for (var i = 0; i < drawn.Count; i++)
        {
            db.CampaignItems.Add(new CampaignItem(campaign.Id, drawn[i], i));
            foreach (var annotator in annotators[i])
            {
                db.Assignments.Add(new Assignment(campaign.Id, drawn[i], annotator, i, now));
            }
        }

        campaign.Open(now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Campaign not a draft",
                $"Another request opened or closed '{campaign.Id}' at the same time.");
            return;
        }

        ETags.Set(HttpContext, campaign.Version);
        await Send.OkAsync(CampaignModel.From(campaign, drawn), ct);
    }

    private async Task<List<string>> DrawAsync(Campaign campaign, CancellationToken ct)
    {
        if (!campaign.IsSampled)
        {
            return [.. campaign.ArticleIds];
        }

        var from = campaign.PublishedFrom!.Value;
        var to = campaign.PublishedTo!.Value;
        var query = db.Articles.AsNoTracking().Where(a => a.MergedIntoId == null && a.PublishedAt >= from && a.PublishedAt < to);
        if (campaign.OutletIds.Count > 0)
        {
            var outlets = campaign.OutletIds;
            query = query.Where(a => outlets.Contains(a.OutletId));
        }

        var candidates = await query.Select(a => new DrawCandidate(a.Id, a.OutletId, a.PublishedAt)).ToListAsync(ct);
        return CampaignDraw.Sample(candidates, campaign.PerBucket!.Value, campaign.Bucket ?? SamplingBucket.Week, campaign.Seed!.Value);
    }
}

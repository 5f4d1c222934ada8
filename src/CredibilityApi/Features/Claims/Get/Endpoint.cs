using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Claims.Get;

public sealed class Request
{
    /// <summary>The claim's id.</summary>
    public string Id { get; init; } = "";
}

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request, ClaimModel>
{
    public override void Configure()
    {
        Get("/claims/{id}");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetClaim")
            .WithTags("Claims")
            .Produces<ClaimModel>(StatusCodes.Status200OK, "application/json")
            .Problems(404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Get a claim";
            s.Description = "One claim with its anchor, claimant, attribution chain and derived attribution class.";
            s.ResponseExamples[200] = Examples.Claim;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var claim = await db.Claims.AsNoTracking().SingleOrDefaultAsync(c => c.Id == req.Id, ct);
        if (claim is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Claim", req.Id);
            return;
        }

        ETags.Set(HttpContext, claim.Version);
        await Send.OkAsync(ClaimModel.From(claim), ct);
    }
}

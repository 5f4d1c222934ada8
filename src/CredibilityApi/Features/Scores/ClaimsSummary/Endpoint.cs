using CredibilityApi.Aggregation.Read;
using CredibilityApi.Data;
using CredibilityApi.Features.Assignments;
using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Scores.ClaimsSummary;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/outlets/{id}/claims-summary");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetClaimsSummary")
            .WithTags("Researchers")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404)
            .CommonProblems());
        Summary(new Summary());
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Blind annotation: this figure is the outlet's alone, so only pending items of the outlet refuse it.
        if (await Blinding.RefuseAsync(HttpContext, db, req.Id, ct))
        {
            return;
        }

        var result = await ClaimsSummaryReport.BuildAsync(db, req.Id, req.From, req.To, clock.GetUtcNow().UtcDateTime, ct);
        if (result.Refusal is Refusal.UnknownOutlet)
        {
            await Problems.NotFoundAsync(HttpContext, "Outlet", req.Id);
            return;
        }

        await Send.OkAsync(result.GetReport().ToResponse(), ct);
    }
}

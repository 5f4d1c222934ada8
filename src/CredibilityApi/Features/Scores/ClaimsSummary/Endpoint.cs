using CredibilityApi.Aggregation.Read;
using CredibilityApi.Data;
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
            .Problems(400, 404)
            .CommonProblems());
        Summary(new Summary());
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var result = await ClaimsSummaryReport.BuildAsync(db, req.Id, req.From, req.To, clock.GetUtcNow().UtcDateTime, ct);
        if (result.Refusal is Refusal.UnknownOutlet)
        {
            await Problems.NotFoundAsync(HttpContext, "Outlet", req.Id);
            return;
        }

        await Send.OkAsync(result.GetReport().ToResponse(), ct);
    }
}

using CredibilityApi.Aggregation;
using CredibilityApi.Aggregation.Read;
using CredibilityApi.Data;
using CredibilityApi.Features.Assignments;
using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Scores.Agreement;

public sealed class Endpoint(CredibilityDbContext db, RollupApplier rollups, ScoreComputations computations, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/agreement");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetAgreement")
            .WithTags("Researchers")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 422)
            .CommonProblems());
        Summary(new Summary());
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Blind annotation: this figure is the outlet's alone, so only pending items of the outlet refuse it.
        if (await Blinding.RefuseAsync(HttpContext, db, req.OutletId, ct))
        {
            return;
        }

        var query = new AgreementQuery(req.Dimension, req.OutletId, req.From, req.To, req.ByAnnotatorPair == true, req.BlindOnly == true) { CampaignId = req.CampaignId };
        var result = await AgreementReport.BuildAsync(db, rollups, query, clock.GetUtcNow().UtcDateTime, ct, computations);
        switch (result.Refusal)
        {
            case Refusal.UnknownOutlet:
                await Problems.NotFoundAsync(HttpContext, "Outlet", req.OutletId!);
                return;
            case Refusal.UnknownCampaign:
                await Problems.NotFoundAsync(HttpContext, "Campaign", req.CampaignId!);
                return;
            case Refusal.UnknownDimensions unknown:
                ThrowError(r => r.Dimension!, unknown.Detail, StatusCodes.Status422UnprocessableEntity);
                break;
        }

        RollupsPendingHeader.Set(HttpContext, result.RollupsPending);
        var report = result.GetReport();
        await Send.OkAsync(report.ToResponse(), ct);
    }
}

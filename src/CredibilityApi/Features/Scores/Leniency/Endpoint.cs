using CredibilityApi.Aggregation.Read;
using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Scores.Leniency;

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/annotators/leniency");
        Roles(RoleNames.Admin, RoleNames.Researcher);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListLeniencies")
            .WithTags("Researchers")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 422)
            .CommonProblems());
        Summary(new Summary());
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Not blinded: only admins (never blinded) and researchers (never in a pool) may read leniency.
        var after = Cursor.TryDecode(req.Cursor, 1, out var keys) ? keys[0] : null;
        var result = await LeniencyReport.BuildAsync(db, req.Dimension, after, req.PageSize(), ct);
        if (result.Refusal is Refusal.UnknownDimensions unknown)
        {
            ThrowError(r => r.Dimension, unknown.Detail, StatusCodes.Status422UnprocessableEntity);
        }

        var report = result.GetReport();
        var next = report.HasMore ? Cursor.Encode(report.Page[^1].Estimate.AnnotatorId) : null;
        await Send.OkAsync(report.ToResponse(next), ct);
    }
}

using CredibilityApi.Aggregation;
using CredibilityApi.Aggregation.Read;
using CredibilityApi.Data;
using CredibilityApi.Features.Assignments;
using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Scores.GetSeries;

public sealed class Endpoint(CredibilityDbContext db, RollupApplier rollups, IRollupInputs rollupInputs, SeriesCache cache, ScoreComputations computations, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/outlets/{id}/scores");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetScoreSeries")
            .WithTags("Researchers")
            .Produces<Response>(StatusCodes.Status200OK, "application/json", "text/csv")
            .Problems(400, 403, 404, 422)
            .CommonProblems());
        Summary(new Summary());
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Blind annotation: rating scores pool every outlet (the prior, the annotators' leniency), so any pending item refuses.
        if (await Blinding.RefuseAsync(HttpContext, db, null, ct))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (AsOfRule.Refusal(req.AsOf, now, "a figure") is { } refusal)
        {
            ThrowError(r => r.AsOf!, refusal);
        }

        var dimensions = string.IsNullOrWhiteSpace(req.Dimensions)
            ? null
            : req.Dimensions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var query = new SeriesQuery(req.Id, dimensions, req.Bucket, req.From, req.To, req.HalfLifeDays, req.AsOf, req.Methodology.Options(), req.BlindOnly ?? false, req.CampaignId);
        var result = await SeriesReport.BuildAsync(db, rollups, rollupInputs, query, now, ct, cache, computations);
        switch (result.Refusal)
        {
            case Refusal.UnknownOutlet:
                await Problems.NotFoundAsync(HttpContext, "Outlet", req.Id);
                return;
            case Refusal.UnknownCampaign:
                await Problems.NotFoundAsync(HttpContext, "Campaign", req.CampaignId!);
                return;
            case Refusal.UnknownDimensions d:
                ThrowError(r => r.Dimensions!, d.Detail, StatusCodes.Status422UnprocessableEntity);
                break;
            case Refusal.TooManyBuckets t:
                ThrowError(r => r.Bucket!, $"The series would have more than {t.Max} buckets; use a coarser bucket or a shorter window.", StatusCodes.Status422UnprocessableEntity);
                break;
        }

        RollupsPendingHeader.Set(HttpContext, result.RollupsPending);
        var response = result.GetReport().ToResponse();
        // By the Accept header's qualities, as the exports: "text/csv;q=0.1, application/json" is JSON.
        HttpContext.Response.Headers.Vary = Microsoft.Net.Http.Headers.HeaderNames.Accept;
        if (Exports.ExportFormats.Negotiate(HttpContext.Request, "application/json", "text/csv") == "text/csv")
        {
            await Send.StringAsync(Csv.Write(response), StatusCodes.Status200OK, "text/csv; charset=utf-8", ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }
}

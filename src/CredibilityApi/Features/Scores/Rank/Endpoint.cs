using System.Globalization;
using CredibilityApi.Aggregation;
using CredibilityApi.Aggregation.Read;
using CredibilityApi.Data;
using CredibilityApi.Features.Assignments;
using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Scores.Rank;

public sealed class Endpoint(CredibilityDbContext db, RollupApplier rollups, ScoreComputations computations, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/scores");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("RankOutlets")
            .WithTags("Researchers")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
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

        // As the series: an instant still to come has no history yet, and its ranking would change as ratings arrive.
        var now = clock.GetUtcNow().UtcDateTime;
        if (req.AsOf is { } asOf && Instants.AsUtc(asOf) > now)
        {
            ThrowError(r => r.AsOf!, $"'asOf' is later than now ({now:yyyy-MM-ddTHH:mm:ssZ}): a ranking as of an instant still to come would change as ratings arrive. Leave asOf out for the current standings.");
        }

        var offset = Cursor.TryDecode(req.Cursor, 2, out var keys) ? int.Parse(keys[0], CultureInfo.InvariantCulture) : 0;
        var limit = req.PageSize();
        var query = new RankingQuery(req.Dimension, req.From, req.To, req.MinArticles, req.HalfLifeDays, req.Methodology.Options(), offset, limit, req.BlindOnly ?? false, req.CampaignId, req.AsOf);
        var result = await RankingReport.BuildAsync(db, rollups, query, now, ct, computations);
        if (result.Refusal is Refusal.UnknownCampaign)
        {
            await Problems.NotFoundAsync(HttpContext, "Campaign", req.CampaignId!);
            return;
        }

        if (result.Refusal is Refusal.UnknownDimensions unknown)
        {
            ThrowError(r => r.Dimension, unknown.Detail, StatusCodes.Status422UnprocessableEntity);
        }

        RollupsPendingHeader.Set(HttpContext, result.RollupsPending);
        var report = result.GetReport();
        var next = report.HasMore ? Cursor.Encode((offset + limit).ToString(CultureInfo.InvariantCulture), req.Fingerprint()) : null;
        await Send.OkAsync(report.ToResponse(next), ct);
    }
}

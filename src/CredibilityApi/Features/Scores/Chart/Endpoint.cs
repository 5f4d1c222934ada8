using System.Globalization;
using CredibilityApi.Aggregation;
using CredibilityApi.Aggregation.Read;
using CredibilityApi.Data;
using CredibilityApi.Features.Assignments;
using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Scores.Chart;

public sealed class Endpoint(CredibilityDbContext db, RollupApplier rollups, IRollupInputs rollupInputs, ScoreComputations computations, TimeProvider clock) : Endpoint<Request>
{
    public override void Configure()
    {
        Get("/outlets/{id}/scores.svg");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetScoreChart")
            .WithTags("Researchers")
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml")
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
        if (AsOfRule.Refusal(req.AsOf, now, "a chart") is { } refusal)
        {
            ThrowError(r => r.AsOf!, refusal);
        }

        var query = new ChartQuery(req.Id, req.Dimension, req.Bucket, req.From, req.To, req.Methodology.Options(), req.BlindOnly ?? false, req.CampaignId, req.AsOf);
        var result = await ChartReport.BuildAsync(db, rollups, rollupInputs, query, now, ct, computations);
        switch (result.Refusal)
        {
            case Refusal.UnknownOutlet:
                await Problems.NotFoundAsync(HttpContext, "Outlet", req.Id);
                return;
            case Refusal.UnknownCampaign:
                await Problems.NotFoundAsync(HttpContext, "Campaign", req.CampaignId!);
                return;
            case Refusal.UnknownDimensions unknown:
                ThrowError(r => r.Dimension, unknown.Detail, StatusCodes.Status422UnprocessableEntity);
                break;
            case Refusal.TooManyBuckets t:
                ThrowError(r => r.Bucket!, $"A chart shows at most {t.Max} buckets; use a coarser bucket or a shorter window.", StatusCodes.Status422UnprocessableEntity);
                break;
        }

        RollupsPendingHeader.Set(HttpContext, result.RollupsPending);
        var chart = result.GetReport();
        // A chart is saved and shared without its headers: it says itself that it misses queued changes.
        var missing = result.RollupsPending > 0
            ? $", without {result.RollupsPending.ToString("N0", CultureInfo.InvariantCulture)} rating changes not yet folded in"
            : "";
        var svg = SvgChart.Render(chart.OutletName,
            $"{chart.DimensionLabel}, by {chart.Bucket.ToString().ToLowerInvariant()}, {chart.From:yyyy-MM-dd} to {chart.To:yyyy-MM-dd}{(!chart.WindowDefaulted ? "" : chart.NoRatedArticles ? " (no rated articles: the last year)" : " (its rated articles)")}, methodology {chart.MethodologyVersion}{(chart.AsOf is { } at ? ", as of " + at.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture) : "")}{(chart.BlindOnly ? ", blind ratings only" : "")}{(req.CampaignId is { } c ? $", campaign {c} only" : "")}{missing}",
            chart.Min, chart.Max, chart.Points);
        await Send.StringAsync(svg, StatusCodes.Status200OK, "image/svg+xml", ct);
    }
}

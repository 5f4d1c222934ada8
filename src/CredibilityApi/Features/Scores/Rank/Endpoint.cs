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

        var now = clock.GetUtcNow().UtcDateTime;
        if (AsOfRule.Refusal(req.AsOf, now, "a ranking") is { } refusal)
        {
            ThrowError(r => r.AsOf!, refusal);
        }

        // A cursor is an offset into one ranking: it is bound to the parameters that decide the standings, as resolved (the
        // default window of the day, the default methodology), so with others it is refused rather than skipping outlets.
        var fingerprint = Fingerprint(req, now);
        var offset = 0;
        if (Cursor.TryDecode(req.Cursor, 2, out var keys))
        {
            if (keys[1] != fingerprint)
            {
                ThrowError(r => r.Cursor!, "This cursor pages a ranking with other parameters (or a default window that has moved on since); send the same dimension, from, to, minArticles, halfLifeDays, methodology, blindOnly, campaignId and asOf as the first page, or start again without it.");
            }

            offset = int.Parse(keys[0], CultureInfo.InvariantCulture);
        }

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
        var next = report.HasMore ? Cursor.Encode((offset + limit).ToString(CultureInfo.InvariantCulture), fingerprint) : null;
        await Send.OkAsync(report.ToResponse(next), ct);
    }

    /// <summary>The ranking a cursor pages: every parameter that decides the standings, with its default resolved.</summary>
    private static string Fingerprint(Request req, DateTime now)
    {
        var (from, to) = Window.Resolve(req.From, req.To, now);
        var methodology = req.Methodology.Options();
        var text = string.Join('\u001f', req.Dimension, from.ToString("O", CultureInfo.InvariantCulture), to.ToString("O", CultureInfo.InvariantCulture),
            (req.MinArticles ?? RankingReport.DefaultMinArticles).ToString(CultureInfo.InvariantCulture),
            (req.HalfLifeDays ?? methodology.DefaultHalfLifeDays).ToString("R", CultureInfo.InvariantCulture), methodology.Version,
            (req.BlindOnly ?? false).ToString(), req.CampaignId,
            req.AsOf is { } asOf ? Instants.AsUtc(asOf).ToString("O", CultureInfo.InvariantCulture) : "");
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }
}

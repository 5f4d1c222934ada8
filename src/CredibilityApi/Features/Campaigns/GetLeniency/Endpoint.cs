using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using CredibilityApi.Scoring;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Campaigns.GetLeniency;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<CampaignReportRequest, Response>
{
    public override void Configure()
    {
        Get("/campaigns/{id}/leniency");
        Roles(RoleNames.Admin, RoleNames.Researcher);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetCampaignLeniency")
            .WithTags("Campaigns")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Leniency per annotator within the campaign (admins, researchers)";
            s.Description =
                "Methodology v2's leniency model (rating = article + leniency + noise, leniency shrunk toward 0, see " +
                "GET /api/v1/methodology) fitted on the campaign's own current ratings only, per campaign dimension: how many points " +
                "each annotator rates above or below the others on the same items, with a 95% interval. Where the campaign's ratings " +
                "cannot separate leniency from noise (too few items rated by two or more annotators, or no variation), unavailable " +
                "says why and there are no estimates. Computed when read (the campaign is a bounded set).";
            s.ResponseExamples[200] = new Response
            {
                CampaignId = StudyExamples.CampaignId,
                MethodologyVersion = "v2",
                Dimensions =
                [
                    new DimensionModel
                    {
                        Dimension = "factual_accuracy",
                        NoiseVariance = 64,
                        Ratings = 36,
                        Annotators = [new AnnotatorModel { AnnotatorId = StudyExamples.AnnotatorA, Estimate = 4.2, Sd = 2.1, Lower95 = 0.1, Upper95 = 8.3, Ratings = 12, Overlap = 8, Identified = true }],
                    },
                ],
                ComputedAt = new DateTime(2026, 4, 2, 10, 0, 0, DateTimeKind.Utc),
            };
        });
    }

    public override async Task HandleAsync(CampaignReportRequest req, CancellationToken ct)
    {
        if (await StudyAccess.FindAsync(db, HttpContext, req.Id, ct) is not { } campaign)
        {
            return;
        }

        var study = await Study.LoadAsync(db, campaign, ct);
        var scales = await db.RubricDimensions.AsNoTracking()
            .Where(d => d.RubricVersion == campaign.RubricVersion && campaign.Dimensions.Contains(d.Key))
            .ToDictionaryAsync(d => d.Key, d => d.Max - d.Min, ct);
        var items = study.Items.ToDictionary(i => i.ArticleId, StringComparer.Ordinal);
        var options = Scoring.Methodology.V2;
        var dimensions = campaign.Dimensions.Select(dimension =>
        {
            var rows = study.Ratings.Where(r => r.Dimension == dimension)
                .Select(r => new RatingRow(r.ArticleId, r.AnnotatorId, items[r.ArticleId].OutletId, items[r.ArticleId].PublishedAt, r.Value))
                .ToList();
            var fit = V2Model.Fit(rows, scales.GetValueOrDefault(dimension, 100), options);
            return new DimensionModel
            {
                Dimension = dimension,
                Unavailable = fit.Unavailable,
                NoiseVariance = fit.NoiseVariance,
                Ratings = fit.Ratings,
                Annotators = [.. fit.Annotators.Values.OrderBy(a => a.AnnotatorId, StringComparer.Ordinal).Select(a => new AnnotatorModel
                {
                    AnnotatorId = a.AnnotatorId,
                    Estimate = a.Estimate,
                    Sd = a.Sd,
                    Lower95 = a.Lower95,
                    Upper95 = a.Upper95,
                    Ratings = a.Ratings,
                    Overlap = a.Overlap,
                    Identified = a.Identified,
                })],
            };
        }).ToList();

        await Send.OkAsync(new Response
        {
            CampaignId = campaign.Id,
            MethodologyVersion = options.Version,
            Dimensions = dimensions,
            ComputedAt = clock.GetUtcNow().UtcDateTime,
        }, ct);
    }
}

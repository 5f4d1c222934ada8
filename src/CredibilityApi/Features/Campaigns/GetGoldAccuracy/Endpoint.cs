using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Campaigns.GetGoldAccuracy;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/campaigns/{id}/gold-accuracy");
        Roles(RoleNames.Admin, RoleNames.Researcher);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetGoldAccuracy")
            .WithTags("Campaigns")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Each annotator's accuracy on the campaign's gold items (admins, researchers)";
            s.Description =
                "For every annotator of the pool: of the current ratings they gave on gold items (items with known answers, " +
                "POST /api/v1/campaigns/{id}/gold), how many were within the tolerance of the known score, per dimension; " +
                "and of their verdicts on gold claims, how many equal the known verdict. Each share comes with its Wilson 95% score " +
                "interval (null without trials). Only the annotators an item is assigned to count (skipped assignments do not). " +
                "Computed from the campaign's ratings when read. Annotators are refused (403): they must not learn which items are gold.";
            s.ResponseExamples[200] = new Response
            {
                CampaignId = StudyExamples.CampaignId,
                GoldItems = 10,
                Annotators =
                [
                    new AnnotatorAccuracy
                    {
                        AnnotatorId = StudyExamples.AnnotatorA,
                        Dimensions = [new DimensionAccuracy { Dimension = "factual_accuracy", Accuracy = AccuracyModel.Of(8, 10) }],
                        Verdicts = AccuracyModel.Of(0, 0),
                    },
                ],
                ComputedAt = new DateTime(2026, 4, 2, 10, 0, 0, DateTimeKind.Utc),
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await StudyAccess.FindAsync(db, HttpContext, req.Id, ct) is not { } campaign)
        {
            return;
        }

        var gold = await db.GoldAnswers.AsNoTracking().Where(g => g.CampaignId == campaign.Id).ToListAsync(ct);
        var study = await Study.LoadAsync(db, campaign, ct);
        var goldRatings = gold.Where(g => g.Kind == StudyTargetKind.Rating).ToDictionary(g => (g.ArticleId, g.Target));
        var goldVerdicts = gold.Where(g => g.Kind == StudyTargetKind.Verdict).ToDictionary(g => g.Target, StringComparer.Ordinal);

        var annotators = campaign.Pool.Concat(study.Assignments.Select(a => a.AnnotatorId)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var report = annotators.Select(annotator =>
        {
            var rated = study.Ratings.Where(r => r.AnnotatorId == annotator && goldRatings.ContainsKey((r.ArticleId, r.Dimension))).ToList();
            var verdicts = study.Verdicts.Where(v => v.AnnotatorId == annotator && goldVerdicts.ContainsKey(v.ClaimId)).ToList();
            return new AnnotatorAccuracy
            {
                AnnotatorId = annotator,
                Dimensions = [.. campaign.Dimensions.Select(d =>
                {
                    var trials = rated.Where(r => r.Dimension == d).ToList();
                    return new DimensionAccuracy
                    {
                        Dimension = d,
                        Accuracy = AccuracyModel.Of(trials.Count(r => goldRatings[(r.ArticleId, d)].Matches(r.Value)), trials.Count),
                    };
                })],
                Verdicts = AccuracyModel.Of(verdicts.Count(v => goldVerdicts[v.ClaimId].Verdict == v.Verdict), verdicts.Count),
            };
        }).ToList();

        await Send.OkAsync(new Response
        {
            CampaignId = campaign.Id,
            GoldItems = gold.Select(g => g.ArticleId).Distinct(StringComparer.Ordinal).Count(),
            Annotators = report,
            ComputedAt = clock.GetUtcNow().UtcDateTime,
        }, ct);
    }
}

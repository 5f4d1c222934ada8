using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using CredibilityApi.Scoring;
using FastEndpoints;

namespace CredibilityApi.Features.Campaigns.GetAgreement;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<CampaignReportRequest, Response>
{
    public override void Configure()
    {
        Get("/campaigns/{id}/agreement");
        Roles(RoleNames.Admin, RoleNames.Researcher);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetCampaignAgreement")
            .WithTags("Campaigns")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Agreement restricted to the campaign (admins, researchers)";
            s.Description =
                "Krippendorff's alpha over the campaign's own annotations only (the current ratings and verdicts that the " +
                "annotators an item is assigned to gave on it; nothing ad hoc): per campaign dimension the interval alpha over its " +
                "items, per pair of annotators over the items both rated, and per outlet over that outlet's items; and the nominal " +
                "alpha of the verdicts on the items' claims. The same estimator as GET /api/v1/agreement. A campaign is a bounded " +
                "set (items × k × dimensions), so this is computed from its ratings when read rather than from rollups.";
            s.ResponseExamples[200] = new Response
            {
                CampaignId = StudyExamples.CampaignId,
                Dimensions =
                [
                    new DimensionModel
                    {
                        Dimension = "factual_accuracy",
                        Agreement = new AlphaModel { Alpha = 0.71, PairableValues = 36, Units = 12 },
                        Ratings = 36,
                        Annotators = 3,
                        Pairs = [new PairModel { AnnotatorA = StudyExamples.AnnotatorA, AnnotatorB = StudyExamples.AnnotatorB, SharedItems = 12, Alpha = 0.68 }],
                        Outlets = [new OutletModel { OutletId = StudyExamples.OutletId, Agreement = new AlphaModel { Alpha = 0.71, PairableValues = 36, Units = 12 } }],
                    },
                ],
                Verdicts = new AlphaModel { PairableValues = 0, Units = 0 },
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
        var outletOf = study.Items.ToDictionary(i => i.ArticleId, i => i.OutletId, StringComparer.Ordinal);
        var dimensions = campaign.Dimensions.Select(dimension =>
        {
            var ratings = study.Ratings.Where(r => r.Dimension == dimension).ToList();
            static IEnumerable<IReadOnlyList<double>> Units(IEnumerable<StudyRating> rs) =>
                rs.GroupBy(r => r.ArticleId, StringComparer.Ordinal).Select(g => (IReadOnlyList<double>)[.. g.Select(r => r.Value)]);
            return new DimensionModel
            {
                Dimension = dimension,
                Agreement = AlphaModel.From(Krippendorff.Interval(Units(ratings))),
                Ratings = ratings.Count,
                Annotators = ratings.Select(r => r.AnnotatorId).Distinct(StringComparer.Ordinal).Count(),
                Pairs = Pairs(ratings),
                Outlets = [.. ratings.GroupBy(r => outletOf[r.ArticleId], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new OutletModel { OutletId = g.Key, Agreement = AlphaModel.From(Krippendorff.Interval(Units(g))) })],
            };
        }).ToList();

        var verdicts = Krippendorff.Nominal(study.Verdicts.GroupBy(v => v.ClaimId, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<Verdict>)[.. g.Select(v => v.Verdict)]));
        await Send.OkAsync(new Response
        {
            CampaignId = campaign.Id,
            Dimensions = dimensions,
            Verdicts = AlphaModel.From(verdicts),
            ComputedAt = clock.GetUtcNow().UtcDateTime,
        }, ct);
    }

    /// <summary>Alpha for every pair of annotators over the items both rated, as GET /api/v1/agreement computes it.</summary>
    private static List<PairModel> Pairs(IReadOnlyList<StudyRating> ratings)
    {
        var byAnnotator = ratings.GroupBy(r => r.AnnotatorId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(r => r.ArticleId, r => r.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        var annotators = byAnnotator.Keys.Order(StringComparer.Ordinal).ToList();
        var pairs = new List<PairModel>();
        for (var i = 0; i < annotators.Count; i++)
        {
            for (var j = i + 1; j < annotators.Count; j++)
            {
                var a = byAnnotator[annotators[i]];
                var b = byAnnotator[annotators[j]];
                var shared = a.Keys.Where(b.ContainsKey).Order(StringComparer.Ordinal).ToList();
                if (shared.Count > 0)
                {
                    var alpha = Krippendorff.Interval(shared.Select(k => (IReadOnlyList<double>)[a[k], b[k]]));
                    pairs.Add(new PairModel { AnnotatorA = annotators[i], AnnotatorB = annotators[j], SharedItems = shared.Count, Alpha = alpha.Value });
                }
            }
        }

        return pairs;
    }
}

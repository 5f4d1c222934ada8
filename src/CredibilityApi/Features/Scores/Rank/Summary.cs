using FastEndpoints;
using CredibilityApi.Features.Assignments;

namespace CredibilityApi.Features.Scores.Rank;

/// <summary>The OpenAPI summary, description and response example of <see cref="Endpoint"/>.</summary>
public sealed class Summary : Summary<Endpoint>
{
    public Summary()
    {
        RollupsPendingHeader.Describe(this);
        Summary = "Rank outlets on a dimension";
        Description =
            "A snapshot: every outlet with at least minArticles rated articles in [from, to), ranked by its empirical-Bayes " +
            "shrunk score (highest first; ties by outlet id), with the 95% interval, raw mean, decayed score at 'to', alpha and " +
            "sample sizes. Shrinkage uses every outlet rated in the window, including those below minArticles. methodology=v2 " +
            "(the default) corrects for annotator leniency and integrates over the prior; v1 reproduces rankings cited under it. " +
            "asOf ranks from the annotation revisions recorded by then (not later than now: 400), so a cited ranking can be " +
            "reproduced; under v2 the leniencies are then fitted on the ratings as they stood. " +
            "Cursor-paged: a cursor pages only the ranking it came from (with other parameters it is a 400)." + Blinding.PooledNote;
        ResponseExamples[200] = new Response
        {
            Dimension = "factual_accuracy",
            From = new DateOnly(2021, 1, 1),
            To = new DateOnly(2022, 1, 1),
            MinArticles = 5,
            HalfLifeDays = Scoring.Methodology.V2.DefaultHalfLifeDays,
            OutletsInPrior = 3,
            PriorMean = 61.4,
            MethodologyVersion = Scoring.Methodology.V2.Version,
            VarianceComponents = new VarianceComponentsModel
            {
                Dimension = "factual_accuracy", ComputedAt = new DateTime(2026, 11, 25, 11, 59, 58, DateTimeKind.Utc),
                NoiseSd = 8.1, ArticleSd = 9.7, LeniencySd = 4.6, Ratings = 5210, OverlappingArticles = 1604, Annotators = 21,
            },
            ComputedAt = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc),
            Items =
            [
                new Item
                {
                    Rank = 1, OutletId = "out_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f", OutletName = "Northern Wire", Articles = 42, Ratings = 118, Annotators = 3,
                    RawMean = 86.5, Shrunk = new PosteriorModel { Mean = 85.9, Sd = 1.8, Lower95 = 82.4, Upper95 = 89.4 }, Decayed = 87.1,
                    Agreement = new AgreementModel { Alpha = 0.78, PairableValues = 110 },
                    LeniencyAdjustment = 0.8, EffectiveAnnotators = 2.9,
                },
            ],
        };
    }
}

using CredibilityApi.Aggregation;
using FastEndpoints;
using CredibilityApi.Features.Assignments;

namespace CredibilityApi.Features.Scores.GetSeries;

/// <summary>The OpenAPI summary, description and response example of <see cref="Endpoint"/>.</summary>
public sealed class Summary : Summary<Endpoint>
{
    public Summary()
    {
        RollupsPendingHeader.Describe(this);
        Summary = "An outlet's scores over time";
        Description =
            "Per dimension and bucket (day, ISO week, month, quarter, year; by the articles' publication date): counts of " +
            "articles, ratings and annotators, raw mean and sd, the empirical-Bayes shrunk score with its 95% interval, the " +
            "decayed score at the bucket's end (halfLifeDays), and Krippendorff's alpha. Empty buckets give null scores, " +
            "never zeros. methodology=v2 (the default) corrects for annotator leniency and integrates over the prior, and " +
            "gives per point the leniency adjustment, the effective number of annotators and a reliability note where the " +
            "interval is wide for lack of data; varianceComponents says when its leniencies were computed. methodology=v1 " +
            "reproduces figures cited under v1. asOf recomputes from the revisions recorded by then (it cannot be later than now: 400); without from and to, its window is the outlet's rated articles as of then. Send 'Accept: text/csv' " +
            "for one tidy row per outlet, dimension and bucket. Without from and to the window is the one that holds the outlet's " +
            "rated articles on the requested dimensions (windowDefaulted, windowNote say so); dates lie in 1000-01-01..9000-12-31. " +
            "A live series (no asOf, campaignId or blindOnly) may be answered from the node's cache: it is computed again as soon " +
            "as anything it is computed from changes, on any node, and computedAt says when it was computed. " +
            "See GET /api/v1/methodology." + Blinding.PooledNote;
        ResponseExamples[200] = new Response
        {
            OutletId = "out_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f",
            OutletName = "Tehran Evening Herald",
            Bucket = Bucket.Month,
            From = new DateOnly(2021, 3, 1),
            To = new DateOnly(2021, 4, 1),
            HalfLifeDays = Scoring.Methodology.V2.DefaultHalfLifeDays,
            MethodologyVersion = Scoring.Methodology.V2.Version,
            ComputedAt = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc),
            VarianceComponents =
            [
                new VarianceComponentsModel
                {
                    Dimension = "factual_accuracy", ComputedAt = new DateTime(2026, 11, 25, 11, 59, 58, DateTimeKind.Utc),
                    NoiseSd = 8.1, ArticleSd = 9.7, LeniencySd = 4.6, Ratings = 5210, OverlappingArticles = 1604, Annotators = 21,
                },
            ],
            Points =
            [
                new PointModel
                {
                    Dimension = "factual_accuracy", Start = new DateOnly(2021, 3, 1), End = new DateOnly(2021, 4, 1),
                    Articles = 12, Ratings = 31, Annotators = 3, RawMean = 41.2, RawSd = 14.9,
                    Shrunk = new PosteriorModel { Mean = 44.8, Sd = 4.1, Lower95 = 36.8, Upper95 = 52.8 },
                    Decayed = 43.5,
                    Agreement = new AgreementModel { Alpha = 0.71, PairableValues = 29 },
                    LeniencyAdjustment = -1.9, EffectiveAnnotators = 2.7,
                },
            ],
            Composite = [new CompositePoint { Start = new DateOnly(2021, 3, 1), End = new DateOnly(2021, 4, 1), Index = 47.2, Dimensions = ["factual_accuracy", "framing_neutrality", "headline_fidelity", "sourcing_transparency"] }],
        };
    }
}

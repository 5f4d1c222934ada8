using FastEndpoints;
using CredibilityApi.Features.Assignments;

namespace CredibilityApi.Features.Scores.Agreement;

/// <summary>The OpenAPI summary, description and response example of <see cref="Endpoint"/>.</summary>
public sealed class Summary : Summary<Endpoint>
{
    public Summary()
    {
        RollupsPendingHeader.Describe(this);
        Summary = "Inter-annotator agreement";
        Description =
            "Krippendorff's alpha (interval metric) per rubric dimension over the articles published in [from, to), " +
            "optionally for one outlet, with the number of pairable values; null where undefined. The dimension figures come " +
            "from the rollups. byAnnotatorPair=true adds alpha for every pair of annotators over the articles both rated, " +
            "computed from their current ratings. Verdicts on claims and techniques on the same span get the nominal metric." + Blinding.OutletNote;
        ResponseExamples[200] = new Response
        {
            From = new DateOnly(2021, 1, 1),
            To = new DateOnly(2022, 1, 1),
            MethodologyVersion = Scoring.Methodology.Default.Version,
            ComputedAt = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc),
            Verdicts = new VerdictAgreementModel { Alpha = 0.52, PairableValues = 37, Units = 16 },
            Techniques = new VerdictAgreementModel { Alpha = 0.61, PairableValues = 24, Units = 11 },
            Dimensions =
            [
                new DimensionModel
                {
                    Dimension = "factual_accuracy", Alpha = 0.74, PairableValues = 212, Units = 88, Articles = 130, Ratings = 254, Annotators = 4,
                    Pairs = [new PairModel { AnnotatorA = "acc_0192f0b9e8d77a6b5c4d3e2f1a0b9c8d", AnnotatorB = "acc_0192f0ba1c2d3e4f5a6b7c8d9e0f1a2b", SharedArticles = 40, Alpha = 0.79 }],
                },
            ],
        };
    }
}

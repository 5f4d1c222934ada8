using FastEndpoints;

namespace CredibilityApi.Features.Scores.Leniency;

/// <summary>The OpenAPI summary, description and response example of <see cref="Endpoint"/>.</summary>
public sealed class Summary : Summary<Endpoint>
{
    public Summary()
    {
        Summary = "Annotator leniency on a dimension";
        Description =
            "Methodology v2's estimate of each annotator's leniency on one dimension (points above the average annotator on the " +
            "same article, shrunk toward 0) with its sd and 95% interval, the overlap behind it, and the noise, article and " +
            "leniency sds of the same fit with when it was computed (refreshed in the background after ratings change). For " +
            "admins and researchers; annotators get 403. Cursor-paged in annotator id order.";
        ResponseExamples[200] = new Response
        {
            Dimension = "factual_accuracy",
            MethodologyVersion = Scoring.Methodology.V2.Version,
            VarianceComponents = new VarianceComponentsModel
            {
                Dimension = "factual_accuracy", ComputedAt = new DateTime(2026, 11, 25, 11, 59, 58, DateTimeKind.Utc),
                NoiseSd = 8.1, ArticleSd = 9.7, LeniencySd = 4.6, Ratings = 5210, OverlappingArticles = 1604, Annotators = 21,
            },
            Items =
            [
                new Item
                {
                    AnnotatorId = "acc_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f", AnnotatorName = "Annotator A", Estimate = 3.2, Sd = 0.9,
                    Lower95 = 1.4, Upper95 = 5.0, Ratings = 412, Overlap = 260.3, Identified = true,
                },
            ],
        };
    }
}

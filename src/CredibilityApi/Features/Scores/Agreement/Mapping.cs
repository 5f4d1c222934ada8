using CredibilityApi.Aggregation.Read;
using CredibilityApi.Scoring;

namespace CredibilityApi.Features.Scores.Agreement;

internal static class ResponseMapping
{
    public static Response ToResponse(this AgreementReport r) => new()
    {
        Verdicts = Nominal(r.Verdicts),
        Techniques = Nominal(r.Techniques),
        OutletId = r.OutletId,
        From = r.From,
        To = r.To,
        MethodologyVersion = r.MethodologyVersion,
        ComputedAt = r.ComputedAt,
        BlindOnly = r.BlindOnly,
        Dimensions = r.Dimensions.Select(d => new DimensionModel
        {
            Dimension = d.Dimension,
            Alpha = d.Alpha.Value,
            PairableValues = d.Alpha.PairableValues,
            Units = d.Alpha.Units,
            Articles = d.Articles,
            Ratings = d.Ratings,
            Annotators = d.Annotators,
            Pairs = d.Pairs?.Select(p => new PairModel { AnnotatorA = p.AnnotatorA, AnnotatorB = p.AnnotatorB, SharedArticles = p.SharedArticles, Alpha = p.Alpha }).ToList(),
        }).ToList(),
    };

    private static VerdictAgreementModel Nominal(Alpha alpha) =>
        new() { Alpha = alpha.Value, PairableValues = alpha.PairableValues, Units = alpha.Units };
}

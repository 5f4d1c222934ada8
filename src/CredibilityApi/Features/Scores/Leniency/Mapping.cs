using CredibilityApi.Aggregation.Read;

namespace CredibilityApi.Features.Scores.Leniency;

internal static class ResponseMapping
{
    public static Response ToResponse(this LeniencyReport r, string? nextCursor) => new()
    {
        Dimension = r.Dimension,
        MethodologyVersion = r.MethodologyVersion,
        VarianceComponents = VarianceComponentsModel.From(r.Fit),
        Items = r.Page.Select(x => new Item
        {
            AnnotatorId = x.Estimate.AnnotatorId,
            AnnotatorName = x.AnnotatorName,
            Estimate = x.Estimate.Estimate,
            Sd = x.Estimate.Sd,
            Lower95 = x.Estimate.Lower95,
            Upper95 = x.Estimate.Upper95,
            Ratings = x.Estimate.Ratings,
            Overlap = x.Estimate.Overlap,
            Identified = x.Estimate.Identified,
        }).ToList(),
        NextCursor = nextCursor,
    };
}

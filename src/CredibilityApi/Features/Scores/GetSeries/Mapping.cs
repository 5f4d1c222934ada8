using CredibilityApi.Aggregation.Read;

namespace CredibilityApi.Features.Scores.GetSeries;

internal static class ResponseMapping
{
    public static Response ToResponse(this SeriesReport r) => new()
    {
        OutletId = r.OutletId,
        OutletName = r.OutletName,
        Bucket = r.Bucket,
        From = r.From,
        To = r.To,
        WindowDefaulted = r.WindowNote is not null,
        WindowNote = r.WindowNote,
        HalfLifeDays = r.HalfLifeDays,
        AsOf = r.AsOf,
        BlindOnly = r.BlindOnly,
        CampaignId = r.CampaignId,
        MethodologyVersion = r.MethodologyVersion,
        ComputedAt = r.ComputedAt,
        VarianceComponents = r.VarianceComponents?.Select(VarianceComponentsModel.From).ToList(),
        Composite = r.Composite.Select(c => new CompositePoint { Start = c.Start, End = c.End, Index = c.Index, Dimensions = c.Dimensions }).ToList(),
        Points = r.Points.Select(PointModel.From).ToList(),
    };
}

using CredibilityApi.Aggregation.Read;

namespace CredibilityApi.Features.Scores.Rank;

internal static class ResponseMapping
{
    public static Response ToResponse(this RankingReport r, string? nextCursor) => new()
    {
        Dimension = r.Dimension,
        From = r.From,
        To = r.To,
        MinArticles = r.MinArticles,
        HalfLifeDays = r.HalfLifeDays,
        OutletsInPrior = r.OutletsInPrior,
        PriorMean = r.PriorMean,
        MethodologyVersion = r.MethodologyVersion,
        VarianceComponents = r.VarianceComponents is { } v2 ? VarianceComponentsModel.From(v2) : null,
        ComputedAt = r.ComputedAt,
        AsOf = r.AsOf,
        BlindOnly = r.BlindOnly,
        CampaignId = r.CampaignId,
        Items = r.Page.Select(ToItem).ToList(),
        NextCursor = nextCursor,
    };

    private static Item ToItem(RankedOutlet o) => new()
    {
        Rank = o.Rank,
        OutletId = o.Standing.OutletId,
        OutletName = o.OutletName,
        Articles = o.Standing.Articles,
        Ratings = o.Standing.Ratings,
        Annotators = o.Standing.Annotators,
        RawMean = o.Standing.RawMean,
        Shrunk = PosteriorModel.From(o.Standing.Posterior)!,
        Decayed = o.Standing.Decayed,
        Agreement = new AgreementModel { Alpha = o.Standing.Agreement.Value, PairableValues = o.Standing.Agreement.PairableValues },
        LeniencyAdjustment = o.Standing.LeniencyAdjustment,
        EffectiveAnnotators = o.Standing.EffectiveAnnotators,
        Reliability = o.Standing.Reliability,
    };
}

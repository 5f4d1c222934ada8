using CredibilityApi.Data;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation.Read;

/// <summary>
/// What a ranking is asked for: the dimension, the window (null: the year up to tomorrow), the least rated articles
/// an outlet needs to be ranked (null: 5), the half-life (null: the methodology's), and the page: how many ranked
/// outlets to skip and to take.
/// </summary>
public sealed record RankingQuery(
    string Dimension, DateOnly? From, DateOnly? To, int? MinArticles, double? HalfLifeDays, MethodologyOptions Methodology, int Offset, int Limit,
    bool BlindOnly = false, string? CampaignId = null, DateTime? AsOf = null);

/// <summary>One outlet's place in the ranking (1 for the highest shrunk score), its name and its standing.</summary>
public sealed record RankedOutlet(int Rank, string OutletName, OutletStanding Standing);

/// <summary>
/// One page of the outlets ranked by their shrunk score on a dimension over a window, with the prior they were
/// shrunk toward and, under v2, the variance components used.
/// </summary>
public sealed record RankingReport(
    string Dimension,
    DateOnly From,
    DateOnly To,
    int MinArticles,
    double HalfLifeDays,
    int OutletsInPrior,
    double? PriorMean,
    string MethodologyVersion,
    DimensionV2? VarianceComponents,
    DateTime ComputedAt,
    IReadOnlyList<RankedOutlet> Page,
    bool HasMore,
    bool BlindOnly = false,
    string? CampaignId = null,
    DateTime? AsOf = null)
{
    public const int DefaultMinArticles = 5;

    public static async Task<ReportResult<RankingReport>> BuildAsync(
        CredibilityDbContext db, RollupApplier rollups, RankingQuery query, DateTime now, CancellationToken ct, ScoreComputations? computations = null)
    {
        if (await Refusal.UnknownDimensions.CheckAsync(db, query.Dimension, ct) is { } unknown)
        {
            return unknown;
        }

        if (query.CampaignId is not null && !await db.Campaigns.AnyAsync(c => c.Id == query.CampaignId, ct))
        {
            return new Refusal.UnknownCampaign(query.CampaignId);
        }

        var (from, to) = Window.Resolve(query.From, query.To, now);
        var minArticles = query.MinArticles ?? DefaultMinArticles;
        var methodology = query.Methodology;
        var halfLife = query.HalfLifeDays ?? methodology.DefaultHalfLifeDays;
        // A campaign, blind or asOf ranking sums the ratings themselves (asOf: their revisions), not the rollups: it misses
        // nothing queued, and does not wait for the fold.
        var fromRatings = query.BlindOnly || query.CampaignId is not null || query.AsOf is not null;
        var pending = fromRatings ? 0 : await rollups.WaitUntilCurrentAsync(db, ct);
        // Computed in one of the node's computation slots (ScoreComputations).
        using var slot = await ScoreComputations.EnterAsync(computations, ct);
        var result = await Ranking.ComputeAsync(db, query.Dimension, from, to, halfLife, methodology, ct, query.BlindOnly, query.CampaignId,
            query.AsOf is { } at ? Infrastructure.Instants.AsUtc(at) : null);

        var ranked = result.Outlets
            .Where(s => s.Articles >= minArticles && s.Posterior is not null)
            .OrderByDescending(s => s.Posterior!.Mean).ThenBy(s => s.OutletId, StringComparer.Ordinal)
            .ToList();
        var page = ranked.Skip(query.Offset).Take(query.Limit).ToList();
        var ids = page.Select(s => s.OutletId).ToList();
        var names = await db.Outlets.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);

        return ReportResult<RankingReport>.Of(new RankingReport(
            query.Dimension,
            from,
            to,
            minArticles,
            halfLife,
            result.OutletsInPrior,
            double.IsFinite(result.PriorMean) ? result.PriorMean : null,
            methodology.Version,
            result.V2,
            now,
            page.Select((s, i) => new RankedOutlet(query.Offset + i + 1, names.GetValueOrDefault(s.OutletId, ""), s)).ToList(),
            query.Offset + query.Limit < ranked.Count,
            query.BlindOnly,
            query.CampaignId,
            query.AsOf is { } asOf ? Infrastructure.Instants.AsUtc(asOf) : null), pending);
    }
}

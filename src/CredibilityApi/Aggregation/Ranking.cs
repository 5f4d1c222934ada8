using CredibilityApi.Data;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation;

/// <summary>One outlet's standing on a dimension over a window.</summary>
public sealed record OutletStanding(
    string OutletId,
    int Articles,
    int Ratings,
    int Annotators,
    double? RawMean,
    Posterior? Posterior,
    double? Decayed,
    Alpha Agreement);

/// <summary>Every outlet on one dimension over one window, from the rollups only.</summary>
public static class Ranking
{
    public static async Task<(IReadOnlyList<OutletStanding> Outlets, Prior Prior)> ComputeAsync(
        CredibilityDbContext db, string dimension, DateOnly from, DateOnly to, double halfLifeDays, CancellationToken ct)
    {
        // Per-outlet sums are added up by the database: one row per outlet, whatever the window.
        var sums = await db.OutletDayStats.AsNoTracking()
            .Where(s => s.Dimension == dimension && s.Day >= from && s.Day < to)
            .GroupBy(s => s.OutletId)
            .Select(g => new
            {
                OutletId = g.Key,
                Articles = g.Sum(s => s.Articles),
                ScoreSum = g.Sum(s => s.ScoreSum),
                ScoreSumSquares = g.Sum(s => s.ScoreSumSquares),
                Ratings = g.Sum(s => s.Ratings),
                PairableValues = g.Sum(s => s.PairableValues),
                PairableUnits = g.Sum(s => s.PairableUnits),
                PairableSum = g.Sum(s => s.PairableSum),
                PairableSumSquares = g.Sum(s => s.PairableSumSquares),
                Observed = g.Sum(s => s.ObservedDisagreement),
            })
            .ToListAsync(ct);
        var annotators = await db.OutletDayAnnotators.AsNoTracking()
            .Where(s => s.Dimension == dimension && s.Day >= from && s.Day < to)
            .GroupBy(s => s.OutletId)
            .Select(g => new { OutletId = g.Key, Count = g.Select(s => s.AnnotatorId).Distinct().Count() })
            .ToDictionaryAsync(x => x.OutletId, x => x.Count, ct);

        // The decayed score at the window's end looks at everything published before it.
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rankedOutlets = sums.Select(s => s.OutletId).ToList();
        var articles = await db.ArticleDimensionStats.AsNoTracking()
            .Where(s => s.Dimension == dimension && s.PublishedAt < end && rankedOutlets.Contains(s.OutletId))
            .Select(s => new { s.OutletId, s.PublishedAt, Score = s.Sum / s.Ratings })
            .ToListAsync(ct);
        var articlesByOutlet = articles.ToLookup(a => a.OutletId);

        var moments = sums.ToDictionary(s => s.OutletId, s => new Moments(s.Articles, s.ScoreSum, s.ScoreSumSquares));
        var prior = EmpiricalBayes.EstimatePrior(moments.Values.ToList(), MethodologyV1.VarianceFloor);
        var standings = sums.Select(s => new OutletStanding(
            s.OutletId,
            s.Articles,
            s.Ratings,
            annotators.GetValueOrDefault(s.OutletId),
            moments[s.OutletId].Mean,
            EmpiricalBayes.Shrink(moments[s.OutletId], prior),
            Decay.Score(articlesByOutlet[s.OutletId].Select(a => (a.PublishedAt, a.Score)), end, halfLifeDays),
            Krippendorff.FromSums(new Krippendorff.IntervalSums(s.PairableValues, s.PairableUnits, s.PairableSum, s.PairableSumSquares, s.Observed))))
            .ToList();
        return (standings, prior);
    }
}

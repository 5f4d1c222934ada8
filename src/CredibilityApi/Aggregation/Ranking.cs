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
    Alpha Agreement,
    double? LeniencyAdjustment = null,
    double? EffectiveAnnotators = null,
    string? Reliability = null);

/// <summary>A ranking's outlets, the prior they were shrunk toward, and under v2 the fit it used.</summary>
public sealed record RankingResult(IReadOnlyList<OutletStanding> Outlets, int OutletsInPrior, double PriorMean, DimensionV2? V2);

/// <summary>Every outlet on one dimension over one window, from the rollups only.</summary>
public static class Ranking
{
    public static async Task<RankingResult> ComputeAsync(
        CredibilityDbContext db, string dimension, DateOnly from, DateOnly to, double halfLifeDays, MethodologyOptions methodology, CancellationToken ct)
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
                InverseRatings = g.Sum(s => s.InverseRatingsSum),
            })
            .ToListAsync(ct);

        // Each annotator's share of each outlet's article scores: v2's leniency adjustment, and the distinct count.
        var shares = (await db.OutletDayAnnotators.AsNoTracking()
                .Where(s => s.Dimension == dimension && s.Day >= from && s.Day < to)
                .GroupBy(s => new { s.OutletId, s.AnnotatorId })
                .Select(g => new { g.Key.OutletId, g.Key.AnnotatorId, Weight = g.Sum(s => s.Weight) })
                .ToListAsync(ct))
            .GroupBy(x => x.OutletId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, double>)g.ToDictionary(x => x.AnnotatorId, x => x.Weight, StringComparer.Ordinal));

        // The decayed score at the window's end looks at everything published before it.
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rankedOutlets = sums.Select(s => s.OutletId).ToList();
        var articles = await db.ArticleDimensionStats.AsNoTracking()
            .Where(s => s.Dimension == dimension && s.PublishedAt < end && rankedOutlets.Contains(s.OutletId))
            .Select(s => new { s.OutletId, s.PublishedAt, Score = s.Sum / s.Ratings })
            .ToListAsync(ct);
        var articlesByOutlet = articles.ToLookup(a => a.OutletId);

        var moments = sums.ToDictionary(s => s.OutletId, s => new Moments(s.Articles, s.ScoreSum, s.ScoreSumSquares));
        IReadOnlyDictionary<string, V2Estimate>? estimates = null;
        DimensionV2? v2 = null;
        int outletsInPrior;
        double priorMean;
        if (methodology.Version == Methodology.V1.Version)
        {
            var prior = EmpiricalBayes.EstimatePrior(moments.Values.ToList(), methodology.VarianceFloor);
            (outletsInPrior, priorMean) = (prior.Outlets, prior.Mu);
            estimates = moments.ToDictionary(m => m.Key, m => new V2Estimate(EmpiricalBayes.Shrink(m.Value, prior, methodology.Z), null, null, null));
        }
        else
        {
            // The window is arbitrary, so its prior is estimated here, from one row per outlet, with the stored fit.
            v2 = (await V2Model.StoredAsync(db, [dimension], null, from, to, ct))[dimension];
            var units = sums
                .OrderBy(s => s.OutletId, StringComparer.Ordinal)
                .ToDictionary(s => s.OutletId, s => ScoringV2.Unit(new OutletUnitSums(s.Articles, s.ScoreSum, s.InverseRatings,
                    shares.GetValueOrDefault(s.OutletId) ?? new Dictionary<string, double>()), v2.Fit));
            var prior = ScoringV2.Prior(units.Values.OfType<OutletUnit>(), v2.Range, methodology);
            (outletsInPrior, priorMean) = prior is null ? (0, double.NaN) : (prior.Groups, prior.MuHat.Select((m, i) => m * prior.Weights[i]).Sum());
            var fit = v2.Fit;
            var range = v2.Range;
            estimates = units.ToDictionary(u => u.Key, u => ScoringV2.Estimate(u.Value, prior, fit, range, methodology));
        }

        var standings = sums.Select(s => new OutletStanding(
            s.OutletId,
            s.Articles,
            s.Ratings,
            shares.GetValueOrDefault(s.OutletId)?.Count ?? 0,
            moments[s.OutletId].Mean,
            estimates[s.OutletId].Posterior,
            Decay.Score(articlesByOutlet[s.OutletId].Select(a => (a.PublishedAt, a.Score)), end, halfLifeDays),
            Krippendorff.FromSums(new Krippendorff.IntervalSums(s.PairableValues, s.PairableUnits, s.PairableSum, s.PairableSumSquares, s.Observed)),
            estimates[s.OutletId].LeniencyAdjustment,
            estimates[s.OutletId].EffectiveAnnotators,
            estimates[s.OutletId].Reliability))
            .ToList();
        return new RankingResult(standings, outletsInPrior, priorMean, v2);
    }
}

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
    /// <summary>What the ranking needs of one outlet: its window's sums, as the rollups hold them.</summary>
    private sealed record OutletSums(
        string OutletId, int Articles, double ScoreSum, double ScoreSumSquares, int Ratings,
        long PairableValues, long PairableUnits, double PairableSum, double PairableSumSquares, double Observed, double InverseRatings);

    public static async Task<RankingResult> ComputeAsync(
        CredibilityDbContext db, string dimension, DateOnly from, DateOnly to, double halfLifeDays, MethodologyOptions methodology, CancellationToken ct,
        bool blindOnly = false, string? campaignId = null, DateTime? asOf = null)
    {
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        if (asOf is { } instant)
        {
            // As of an instant: every outlet's ratings of the dimension from their latest revisions by then (filtered as the
            // live ranking is), and under v2 the leniencies fitted on those ratings, as an asOf series fits them.
            var inputs = await ScoreInputLoader.AsOfAsync(db, "", [dimension], from, to, instant, ct, blindOnly, campaignId, everyOutlet: true);
            var rows = inputs.Ratings![dimension].ToList();
            var (asOfSums, asOfShares, asOfArticles) = SumsOf(rows.Where(r => r.PublishedAt < end).Select(r => (r.OutletId, r.ArticleId, r.PublishedAt, r.AnnotatorId, r.Value)), from);
            var fitted = methodology.Version == Methodology.V1.Version
                ? null
                : V2Model.FromRatings(inputs.Ratings, [dimension], await V2Model.RangesAsync(db, ct), Bucket.Year, from, to, methodology)[dimension];
            return await RankAsync(db, dimension, from, to, halfLifeDays, methodology, asOfSums, asOfShares, asOfArticles, end, ct, fitted);
        }

        var (sums, shares, articlesByOutlet) = blindOnly || campaignId is not null
            ? await SubsetSumsAsync(db, dimension, from, to, campaignId, blindOnly, ct)
            : await RollupSumsAsync(db, dimension, from, to, ct);
        return await RankAsync(db, dimension, from, to, halfLifeDays, methodology, sums, shares, articlesByOutlet, end, ct);
    }

    /// <summary>
    /// campaignId and blindOnly: the same sums from one campaign's current ratings, or those made blind, or both,
    /// computed here. Both are bounded sets (blind ratings exist only in campaigns; a read through the
    /// (CampaignId, ArticleId) index).
    /// </summary>
    private static async Task<(List<OutletSums>, Dictionary<string, IReadOnlyDictionary<string, double>>, ILookup<string, (DateTime PublishedAt, double Score)>)> SubsetSumsAsync(
        CredibilityDbContext db, string dimension, DateOnly from, DateOnly to, string? campaignId, bool blindOnly, CancellationToken ct)
    {
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var ratings = await CampaignScopes.Subset(db, campaignId, blindOnly)
            .Where(a => a.Kind == Domain.AnnotationKind.Rating && a.Status == Domain.AnnotationStatus.Active && !a.Hidden
                        && a.Dimension == dimension && a.ArticleId != null && a.ArticlePublishedAt != null && a.ArticlePublishedAt < end)
            .Select(a => new { a.OutletId, ArticleId = a.ArticleId!, PublishedAt = a.ArticlePublishedAt!.Value, a.AuthorId, Value = a.Value!.Value })
            .ToListAsync(ct);
        return SumsOf(ratings.Select(r => (r.OutletId, r.ArticleId, r.PublishedAt, r.AuthorId, r.Value)), from);
    }

    /// <summary>
    /// The ranking's sums from a set of ratings (each outlet's articles published before the window's end): per outlet,
    /// the window's article moments, alpha's sums and each annotator's share; and every article's score for the decay.
    /// </summary>
    private static (List<OutletSums>, Dictionary<string, IReadOnlyDictionary<string, double>>, ILookup<string, (DateTime PublishedAt, double Score)>) SumsOf(
        IEnumerable<(string OutletId, string ArticleId, DateTime PublishedAt, string AuthorId, double Value)> ratings, DateOnly from)
    {
        // Per article, in one order, so the sums always run alike.
        var articles = ratings
            .GroupBy(r => (r.OutletId, r.ArticleId, r.PublishedAt))
            .OrderBy(g => g.Key.ArticleId, StringComparer.Ordinal)
            .Select(g =>
            {
                var sorted = g.OrderBy(r => r.AuthorId, StringComparer.Ordinal).ToList();
                return (g.Key.OutletId, g.Key.PublishedAt, Values: sorted.Select(r => r.Value).ToList(), Authors: sorted.Select(r => r.AuthorId).ToList());
            })
            .ToList();
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var inWindow = articles.Where(a => a.PublishedAt >= start).ToList();
        var sums = inWindow
            .GroupBy(a => a.OutletId)
            .Select(g =>
            {
                var alpha = g.Select(a => Krippendorff.UnitSums(a.Values)).Aggregate(default(Krippendorff.IntervalSums), Krippendorff.Merge);
                return new OutletSums(g.Key, g.Count(), g.Sum(a => a.Values.Average()), g.Sum(a => a.Values.Average() * a.Values.Average()),
                    g.Sum(a => a.Values.Count), alpha.PairableValues, alpha.Units, alpha.Sum, alpha.SumSquares, alpha.ObservedDisagreement,
                    g.Sum(a => 1.0 / a.Values.Count));
            })
            .ToList();
        var shares = inWindow
            .GroupBy(a => a.OutletId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, double>)g
                .SelectMany(a => a.Authors.Select(author => (author, Weight: 1.0 / a.Values.Count)))
                .GroupBy(x => x.author, StringComparer.Ordinal)
                .ToDictionary(x => x.Key, x => x.Sum(y => y.Weight), StringComparer.Ordinal));
        return (sums, shares, articles.ToLookup(a => a.OutletId, a => (a.PublishedAt, a.Values.Average())));
    }

    private static async Task<(List<OutletSums>, Dictionary<string, IReadOnlyDictionary<string, double>>, ILookup<string, (DateTime PublishedAt, double Score)>)> RollupSumsAsync(
        CredibilityDbContext db, string dimension, DateOnly from, DateOnly to, CancellationToken ct)
    {
        // Per-outlet sums are added up by the database: one row per outlet, whatever the window.
        var rows = await db.OutletDayStats.AsNoTracking()
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
        var sums = rows.Select(s => new OutletSums(s.OutletId, s.Articles, s.ScoreSum, s.ScoreSumSquares, s.Ratings,
            s.PairableValues, s.PairableUnits, s.PairableSum, s.PairableSumSquares, s.Observed, s.InverseRatings)).ToList();

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
        return (sums, shares, articles.ToLookup(a => a.OutletId, a => (a.PublishedAt, a.Score)));
    }

    private static async Task<RankingResult> RankAsync(
        CredibilityDbContext db, string dimension, DateOnly from, DateOnly to, double halfLifeDays, MethodologyOptions methodology,
        List<OutletSums> sums, Dictionary<string, IReadOnlyDictionary<string, double>> shares,
        ILookup<string, (DateTime PublishedAt, double Score)> articlesByOutlet, DateTime end, CancellationToken ct, DimensionV2? fitted = null)
    {
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
            v2 = fitted ?? (await V2Model.StoredAsync(db, [dimension], null, from, to, ct))[dimension];
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
            Decay.Score(articlesByOutlet[s.OutletId], end, halfLifeDays),
            Krippendorff.FromSums(new Krippendorff.IntervalSums(s.PairableValues, s.PairableUnits, s.PairableSum, s.PairableSumSquares, s.Observed)),
            estimates[s.OutletId].LeniencyAdjustment,
            estimates[s.OutletId].EffectiveAnnotators,
            estimates[s.OutletId].Reliability))
            .ToList();
        return new RankingResult(standings, outletsInPrior, priorMean, v2);
    }
}

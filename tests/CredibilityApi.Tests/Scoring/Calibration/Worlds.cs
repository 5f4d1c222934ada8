using System.Globalization;
using CredibilityApi.Scoring;

namespace CredibilityApi.Tests.Scoring.Calibration;

/// <summary>
/// A simulated world with known truth: outlets with a true quality ~ N(60, 15), articles that deviate from it
/// by N(0, 10), annotators with a leniency ~ N(0, leniencySd), and ratings = truth + article + leniency +
/// N(0, 8) noise, clipped to the rubric's 0..100 as real ratings are. Articles are spread over
/// <see cref="Months"/> calendar months, and every outlet-month with a rated article is one outlet-unit.
/// </summary>
public sealed record WorldSpec(
    string Name,
    string Description,
    int Outlets,
    int MinArticles,
    int MaxArticles,
    int Annotators,
    int RatersPerArticle,
    double LeniencySd,
    int Months = 1,
    int LoneAnnotatorOutlets = 0,
    bool Dense = false)
{
    public const double TruthMean = 60, TruthSd = 15, ArticleSd = 10, NoiseSd = 8, Min = 0, Max = 100;

    /// <summary>The six worlds the outside check measured v1 in, and two more.</summary>
    public static IReadOnlyList<WorldSpec> All { get; } =
    [
        new("dense", "40 outlets, 3-30 articles each, 20 annotators, 3 per article, no leniency", 40, 3, 30, 20, 3, 0, Dense: true),
        new("lenient", "the same, annotator leniency sd 5", 40, 3, 30, 20, 3, 5, Dense: true),
        new("small lenient panel", "4 annotators, leniency sd 10", 40, 3, 30, 4, 3, 10, Dense: true),
        new("few articles", "1-5 articles per outlet", 40, 1, 5, 20, 3, 0),
        new("sparse monthly", "5 outlets, 4-20 articles each over 12 months, monthly buckets", 5, 4, 20, 20, 3, 0, Months: 12),
        new("lone annotator", "10 of 40 outlets rated by one annotator alone, leniency sd 5", 40, 3, 30, 20, 3, 5, LoneAnnotatorOutlets: 10),
        new("sparse lenient panel", "added: 8 outlets over 12 months, 5 annotators, 2 per article, leniency sd 8", 8, 2, 24, 5, 2, 8, Months: 12),
        new("single ratings", "added: 40 outlets, 3-30 articles, 1 rating per article by 20 annotators, leniency sd 5, 1 in 4 articles rated twice", 40, 3, 30, 20, 1, 5),
    ];
}

/// <summary>One outlet-unit of a simulated world: its truth and what each methodology made of it.</summary>
public sealed record UnitResult(double Truth, double RawMean, Posterior? V1, Posterior? V2, string? V2Reliability, int Replicate);

/// <summary>Generates worlds and runs them through the real scoring code, v1 and v2 alike.</summary>
public static class Simulation
{
    public static IReadOnlyList<SimulatedRating> Generate(WorldSpec world, int seed, out IReadOnlyDictionary<string, double> truth)
    {
        var random = new Random(seed);
        var leniency = Enumerable.Range(0, world.Annotators).Select(_ => world.LeniencySd * Gaussian(random)).ToArray();
        var ratings = new List<SimulatedRating>();
        var truths = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var o = 0; o < world.Outlets; o++)
        {
            var outlet = $"o{o:000}";
            var quality = WorldSpec.TruthMean + (WorldSpec.TruthSd * Gaussian(random));
            truths[outlet] = quality;
            var articles = random.Next(world.MinArticles, world.MaxArticles + 1);
            var lone = o < world.LoneAnnotatorOutlets ? random.Next(world.Annotators) : -1;
            for (var a = 0; a < articles; a++)
            {
                var article = $"{outlet}-a{a:000}";
                var month = random.Next(world.Months);
                var value = quality + (WorldSpec.ArticleSd * Gaussian(random));
                var raters = lone >= 0
                    ? [lone]
                    : Draw(random, world.Annotators, world.RatersPerArticle == 1 && random.NextDouble() < 0.25 ? 2 : world.RatersPerArticle);
                foreach (var rater in raters)
                {
                    var rating = Math.Clamp(value + leniency[rater] + (WorldSpec.NoiseSd * Gaussian(random)), WorldSpec.Min, WorldSpec.Max);
                    ratings.Add(new SimulatedRating(outlet, article, $"n{rater:00}", month, rating));
                }
            }
        }

        truth = truths;
        return ratings;
    }

    /// <summary>
    /// Every outlet-unit of one world, scored by v1 (per bucket, as <c>SeriesBuilder</c> does) and by v2 (leniency
    /// fit over the whole world, then per bucket, as the refit and the series do).
    /// </summary>
    public static IReadOnlyList<UnitResult> Run(WorldSpec world, int seed, int replicate)
    {
        var ratings = Generate(world, seed, out var truth);
        var fit = LeniencyModel.Fit(
            ratings.Select(r => new RatingObservation(r.ArticleId, r.AnnotatorId, r.Value, $"{r.OutletId}|{r.Month}")).ToList(),
            WorldSpec.Max - WorldSpec.Min, Methodology.V2);
        var results = new List<UnitResult>();
        foreach (var bucket in ratings.GroupBy(r => r.Month).OrderBy(g => g.Key))
        {
            var outlets = bucket
                .GroupBy(r => r.OutletId)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (Outlet: g.Key, Articles: g.GroupBy(r => r.ArticleId).Select(a => (IReadOnlyList<(string, double)>)a.Select(r => (r.AnnotatorId, r.Value)).ToList()).ToList()))
                .ToList();

            var v1Moments = outlets.Select(o => Moments.Of(o.Articles.Select(a => a.Average(r => r.Item2)))).ToList();
            var v1Prior = EmpiricalBayes.EstimatePrior(v1Moments, Methodology.V1.VarianceFloor);
            var units = outlets.Select(o => ScoringV2.Unit(OutletUnitSums.Of(o.Articles), fit)).ToList();
            var prior = fit.Unavailable is null ? ScoringV2.Prior(units.OfType<OutletUnit>(), WorldSpec.Max - WorldSpec.Min, Methodology.V2) : null;
            for (var i = 0; i < outlets.Count; i++)
            {
                var v2 = ScoringV2.Estimate(units[i], prior, fit, WorldSpec.Max - WorldSpec.Min, Methodology.V2);
                results.Add(new UnitResult(truth[outlets[i].Outlet], v1Moments[i].Mean!.Value, EmpiricalBayes.Shrink(v1Moments[i], v1Prior, Methodology.V1.Z), v2.Posterior, v2.Reliability, replicate));
            }
        }

        return results;
    }

    public static WorldReport Measure(WorldSpec world, int minimumUnits, int baseSeed)
    {
        var units = new List<UnitResult>();
        for (var replicate = 0; units.Count < minimumUnits; replicate++)
        {
            units.AddRange(Run(world, baseSeed + (1000 * replicate), replicate));
        }

        return WorldReport.Of(world, units);
    }

    public static double Gaussian(Random random)
    {
        // Box-Muller; 1 − NextDouble() is in (0, 1], so the logarithm is finite.
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    private static int[] Draw(Random random, int of, int count)
    {
        var pool = Enumerable.Range(0, of).ToList();
        var drawn = new int[Math.Min(count, of)];
        for (var i = 0; i < drawn.Length; i++)
        {
            var at = random.Next(pool.Count);
            drawn[i] = pool[at];
            pool.RemoveAt(at);
        }

        return drawn;
    }
}

public sealed record SimulatedRating(string OutletId, string ArticleId, string AnnotatorId, int Month, double Value);

/// <summary>Coverage, error and rank agreement of v1 and v2 in one world.</summary>
public sealed record WorldReport(
    WorldSpec World,
    int Units,
    int Replicates,
    double V1Coverage,
    double V2Coverage,
    int V2Missing,
    double RawRmse,
    double V1Rmse,
    double V2Rmse,
    double V1MedianWidth,
    double V2MedianWidth,
    double RawSpearman,
    double V2Spearman)
{
    public static WorldReport Of(WorldSpec world, IReadOnlyList<UnitResult> units)
    {
        static bool Covers(Posterior? p, double truth) => p is not null && p.Lower95 <= truth && truth <= p.Upper95;
        static double Rmse(IEnumerable<(double Estimate, double Truth)> pairs) => Math.Sqrt(pairs.Average(p => (p.Estimate - p.Truth) * (p.Estimate - p.Truth)));
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
        }

        var scored = units.Where(u => u.V2 is not null).ToList();
        // Rank agreement per replicate world (one draw of outlets), averaged: pooling replicates would flatter it.
        var replicates = units.GroupBy(u => u.Replicate).Where(g => g.Count() >= 3).ToList();
        return new WorldReport(
            world,
            units.Count,
            units.Select(u => u.Replicate).Distinct().Count(),
            units.Average(u => Covers(u.V1, u.Truth) ? 1.0 : 0.0),
            units.Average(u => Covers(u.V2, u.Truth) ? 1.0 : 0.0),
            units.Count - scored.Count,
            Rmse(units.Select(u => (u.RawMean, u.Truth))),
            Rmse(units.Where(u => u.V1 is not null).Select(u => (u.V1!.Mean, u.Truth))),
            scored.Count == 0 ? double.NaN : Rmse(scored.Select(u => (u.V2!.Mean, u.Truth))),
            Median(units.Where(u => u.V1 is not null).Select(u => u.V1!.Upper95 - u.V1.Lower95)),
            Median(scored.Select(u => u.V2!.Upper95 - u.V2.Lower95)),
            replicates.Average(g => Spearman.Rho(g.Select(u => u.RawMean).ToList(), g.Select(u => u.Truth).ToList())),
            replicates.Average(g => Spearman.Rho(g.Select(u => u.V2?.Mean ?? u.RawMean).ToList(), g.Select(u => u.Truth).ToList())));
    }

    public static string Table(IEnumerable<WorldReport> reports)
    {
        var lines = new List<string>
        {
            "| world | outlet-units | v1 coverage | v2 coverage | v1 / v2 median width | RMSE raw / v1 / v2 | Spearman raw / v2 |",
            "| --- | --: | --: | --: | --: | --: | --: |",
        };
        lines.AddRange(reports.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"| {r.World.Name}: {r.World.Description} | {r.Units:N0} | {r.V1Coverage:0.000} | {r.V2Coverage:0.000} | {r.V1MedianWidth:0.0} / {r.V2MedianWidth:0.0} | {r.RawRmse:0.00} / {r.V1Rmse:0.00} / {r.V2Rmse:0.00} | {r.RawSpearman:0.000} / {r.V2Spearman:0.000} |")));
        return string.Join('\n', lines);
    }
}

/// <summary>Spearman's rank correlation, ties given their mean rank.</summary>
public static class Spearman
{
    public static double Rho(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var rx = Ranks(x);
        var ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }

        return sxy / Math.Sqrt(sxx * syy);
    }

    private static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }

            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = (i + j) / 2.0;
            }

            i = j + 1;
        }

        return ranks;
    }
}

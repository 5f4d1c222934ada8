using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Benchmarks;

/// <summary>
/// The rating rollups built in bulk with set-based SQL, the same definitions RollupMaintenance applies
/// one (article, dimension) at a time; and a check of the result against RollupMaintenance itself.
/// </summary>
internal static class BulkRollups
{
    // A rating counts when it is current: active and not hidden (RollupMaintenance.RefreshAsync).
    private const string Current = "Kind = 'Rating' AND Status = 'Active' AND Hidden = 0 AND ArticleId IS NOT NULL AND Dimension IS NOT NULL AND Value IS NOT NULL AND ArticlePublishedAt IS NOT NULL";

    public static async Task BuildAsync(SqliteConnection connection)
    {
        await using var tx = connection.BeginTransaction();
        await DataSet.ExecAsync(connection, "DELETE FROM OutletDayAnnotators; DELETE FROM OutletDayStats; DELETE FROM ArticleDimensionStats;", tx);

        // One row per (article, dimension): count, Σv, Σv² of the current ratings. Day is the UTC date of the
        // publication instant, the first ten characters of EF's "yyyy-MM-dd HH:mm:ss.FFFFFFF" text.
        await DataSet.ExecAsync(connection, $"""
            INSERT INTO ArticleDimensionStats (ArticleId, Dimension, OutletId, PublishedAt, Day, Ratings, Sum, SumSquares)
            SELECT ArticleId, Dimension, MIN(OutletId), MIN(ArticlePublishedAt), substr(MIN(ArticlePublishedAt), 1, 10),
                   COUNT(*), SUM(Value), SUM(Value * Value)
            FROM Annotations
            WHERE {Current}
            GROUP BY ArticleId, Dimension
            ORDER BY ArticleId, Dimension
            """, tx);

        // One row per (outlet, dimension, day) from the article rows, as RollupMaintenance.RefreshDayAsync sums them.
        await DataSet.ExecAsync(connection, """
            INSERT INTO OutletDayStats (OutletId, Dimension, Day, Articles, ScoreSum, ScoreSumSquares, Ratings,
                                        PairableValues, PairableUnits, PairableSum, PairableSumSquares, ObservedDisagreement,
                                        InverseRatingsSum)
            SELECT OutletId, Dimension, Day,
                   COUNT(*),
                   SUM(Sum / Ratings),
                   SUM((Sum / Ratings) * (Sum / Ratings)),
                   SUM(Ratings),
                   SUM(CASE WHEN Ratings >= 2 THEN Ratings ELSE 0 END),
                   SUM(CASE WHEN Ratings >= 2 THEN 1 ELSE 0 END),
                   TOTAL(CASE WHEN Ratings >= 2 THEN Sum ELSE 0 END),
                   TOTAL(CASE WHEN Ratings >= 2 THEN SumSquares ELSE 0 END),
                   TOTAL(CASE WHEN Ratings >= 2 THEN ((2.0 * Ratings * SumSquares) - (2.0 * Sum * Sum)) / (Ratings - 1) ELSE 0 END),
                   TOTAL(1.0 / Ratings)
            FROM ArticleDimensionStats
            GROUP BY OutletId, Dimension, Day
            ORDER BY OutletId, Dimension, Day
            """, tx);

        // Who rated the outlet's articles of the day on the dimension (current ratings only), each with its
        // weight: 1/k of every article it rated, k the article's current ratings (its row built above).
        await DataSet.ExecAsync(connection, $"""
            INSERT INTO OutletDayAnnotators (OutletId, Dimension, Day, AnnotatorId, Weight)
            SELECT s.OutletId, s.Dimension, s.Day, r.AuthorId, TOTAL(1.0 / s.Ratings)
            FROM (SELECT ArticleId, Dimension, AuthorId FROM Annotations WHERE {Current}) r
            JOIN ArticleDimensionStats s ON s.ArticleId = r.ArticleId AND s.Dimension = r.Dimension
            GROUP BY s.OutletId, s.Dimension, s.Day, r.AuthorId
            ORDER BY 1, 2, 3, 4
            """, tx);
        await tx.CommitAsync();
    }

    public sealed record Verification(int Pairs, int ArticleRowsChecked, int DayRowsChecked, int AnnotatorRowsChecked, int PriorRowsChecked, List<string> Differences, long CurrentRatings, long RolledUpRatings);

    /// <summary>
    /// Re-derives a random sample of (article, dimension) pairs with <see cref="RollupMaintenance.RefreshAsync"/>
    /// (the code every rating write runs) inside a transaction, compares the rows it leaves with the bulk-built
    /// ones, and rolls back. Also checks that the day rows account for every current rating.
    /// </summary>
    public static async Task<Verification> VerifyAsync(Func<SqliteCredibilityDbContext> newDb, SqliteConnection connection, int sampleSize, int seed)
    {
        var random = new Random(seed ^ 0x5eed);
        var allPairs = new List<(string ArticleId, string Dimension)>();
        await using (var command = connection.CreateCommand())
        {
            // Every (article, dimension) with a rating row, current or not, so a pair whose ratings were all
            // retracted or hidden can be drawn too.
            command.CommandText = "SELECT DISTINCT ArticleId, Dimension FROM Annotations WHERE Kind = 'Rating'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                allPairs.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var sample = allPairs.OrderBy(_ => random.Next()).Take(sampleSize).ToList();
        var differences = new List<string>();

        await using var db = newDb();
        var articleIds = sample.Select(p => p.ArticleId).Distinct().ToList();
        var before = await ReadAsync(db, sample, articleIds);

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await RollupMaintenance.RefreshAsync(db, sample, CancellationToken.None);
            db.ChangeTracker.Clear();
            var after = await ReadAsync(db, sample, articleIds);
            await tx.RollbackAsync();

            Compare("ArticleDimensionStats", before.Articles, after.Articles, differences);
            Compare("OutletDayStats", before.Days, after.Days, differences);
            Compare("OutletDayAnnotators", before.Annotators, after.Annotators, differences);
            Compare("BucketPriors", before.Priors, after.Priors, differences);
        }

        var current = await DataSet.ScalarAsync(connection, $"SELECT COUNT(*) FROM Annotations WHERE {Current}");
        var rolledUp = await DataSet.ScalarAsync(connection, "SELECT TOTAL(Ratings) FROM OutletDayStats");
        if (current != rolledUp)
        {
            differences.Add($"OutletDayStats.Ratings sum {rolledUp} != current ratings {current}");
        }

        return new Verification(sample.Count, before.Articles.Count, before.Days.Count, before.Annotators.Count, before.Priors.Count, differences, current, rolledUp);
    }

    private sealed record Snapshot(Dictionary<string, double[]> Articles, Dictionary<string, double[]> Days, Dictionary<string, double[]> Annotators, Dictionary<string, double[]> Priors);

    private static async Task<Snapshot> ReadAsync(CredibilityDbContext db, List<(string ArticleId, string Dimension)> sample, List<string> articleIds)
    {
        var keys = sample.Select(p => p.ArticleId + "|" + p.Dimension).ToHashSet();
        var articles = (await db.ArticleDimensionStats.AsNoTracking().Where(s => articleIds.Contains(s.ArticleId)).ToListAsync())
            .Where(s => keys.Contains(s.ArticleId + "|" + s.Dimension))
            .ToDictionary(s => $"{s.ArticleId}|{s.Dimension}|{s.OutletId}|{s.PublishedAt:O}|{s.Day:yyyy-MM-dd}", s => new double[] { s.Ratings, s.Sum, s.SumSquares });

        // The days the sample touches, whether or not the article still has a row there.
        var touched = await db.Annotations.AsNoTracking()
            .Where(a => articleIds.Contains(a.ArticleId!))
            .Select(a => new { a.OutletId, a.ArticleId, a.Dimension, a.ArticlePublishedAt })
            .ToListAsync();
        var dayKeys = touched
            .Where(a => keys.Contains(a.ArticleId + "|" + a.Dimension))
            .Select(a => (a.OutletId, Dimension: a.Dimension!, Day: DateOnly.FromDateTime(a.ArticlePublishedAt!.Value)))
            .Distinct()
            .ToList();

        var days = new Dictionary<string, double[]>();
        var annotators = new Dictionary<string, double[]>();
        foreach (var (outletId, dimension, day) in dayKeys)
        {
            var row = await db.OutletDayStats.AsNoTracking().SingleOrDefaultAsync(s => s.OutletId == outletId && s.Dimension == dimension && s.Day == day);
            if (row is not null)
            {
                days[$"{outletId}|{dimension}|{day:yyyy-MM-dd}"] =
                [
                    row.Articles, row.ScoreSum, row.ScoreSumSquares, row.Ratings, row.PairableValues, row.PairableUnits,
                    row.PairableSum, row.PairableSumSquares, row.ObservedDisagreement, row.InverseRatingsSum,
                ];
            }

            foreach (var annotator in await db.OutletDayAnnotators.AsNoTracking()
                         .Where(s => s.OutletId == outletId && s.Dimension == dimension && s.Day == day)
                         .ToListAsync())
            {
                annotators[$"{outletId}|{dimension}|{day:yyyy-MM-dd}|{annotator.AnnotatorId}"] = [annotator.Weight];
            }
        }

        // The stored prior of every bucket, of every kind, holding a touched day.
        var priors = new Dictionary<string, double[]>();
        foreach (var (dimension, bucket, start) in dayKeys.SelectMany(d => Enum.GetValues<Bucket>().Select(b => (d.Dimension, b, Buckets.StartOf(d.Day, b)))).Distinct())
        {
            var row = await db.BucketPriors.AsNoTracking().SingleOrDefaultAsync(p => p.Dimension == dimension && p.Bucket == bucket && p.Start == start);
            if (row is not null)
            {
                priors[$"{dimension}|{bucket}|{start:yyyy-MM-dd}"] = [row.Outlets, row.Mu, row.Tau2, row.Sigma2];
            }
        }

        return new Snapshot(articles, days, annotators, priors);
    }

    private static void Compare(string table, Dictionary<string, double[]> bulk, Dictionary<string, double[]> refreshed, List<string> differences)
    {
        foreach (var key in bulk.Keys.Union(refreshed.Keys))
        {
            if (!bulk.TryGetValue(key, out var b) || !refreshed.TryGetValue(key, out var r))
            {
                differences.Add($"{table} {key}: {(b is null ? "missing in the bulk build" : "removed by RefreshAsync")}");
                continue;
            }

            for (var i = 0; i < b.Length; i++)
            {
                if (!Numbers.Close(b[i], r[i]))
                {
                    differences.Add($"{table} {key} column {i}: bulk {b[i]:R} vs RefreshAsync {r[i]:R}");
                }
            }
        }
    }
}

internal static class Numbers
{
    /// <summary>Equal up to floating-point summation order: 1e-9 relative, or 1e-9 absolute near zero.</summary>
    public static bool Close(double a, double b, double tolerance = 1e-9) =>
        a == b || Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    public static bool Close(double? a, double? b, double tolerance = 1e-9) =>
        a is null ? b is null : b is not null && Close(a.Value, b.Value, tolerance);
}

using CredibilityApi.Data;
using CredibilityApi.Scoring;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Aggregation;

/// <summary>
/// Reads a series' inputs from the rollups (<see cref="ScoreInputLoader.FromRollupsAsync(CredibilityDbContext, string, IReadOnlyCollection{string}, DateOnly, DateOnly, Bucket, CancellationToken, bool)"/>):
/// the score series and the chart use it for every live read that is not a campaign or blind subset.
/// </summary>
public interface IRollupInputs
{
    Task<ScoreInputs> ReadAsync(string outletId, IReadOnlyCollection<string> dimensions, DateOnly from, DateOnly to, Bucket bucket, bool v1Priors, CancellationToken ct);
}

/// <summary>Through EF Core: any provider (SQL Server uses it).</summary>
public sealed class EfRollupInputs(CredibilityDbContext db) : IRollupInputs
{
    public Task<ScoreInputs> ReadAsync(string outletId, IReadOnlyCollection<string> dimensions, DateOnly from, DateOnly to, Bucket bucket, bool v1Priors, CancellationToken ct) =>
        ScoreInputLoader.FromRollupsAsync(db, outletId, dimensions, from, to, bucket, ct, v1Priors);
}

/// <summary>
/// On SQLite: the same rows as <see cref="EfRollupInputs"/>, by the same SQL, through prepared statements on the held-open
/// read connections (<see cref="SqliteReadSessions"/>). A 5-year weekly series reads about 2,300 rows; through EF Core
/// (a pooled open, a statement compiled per query, async materialisation per row) that cost 3.5 times the CPU of the
/// same rows read here (docs/benchmarks). <c>Aggregation/RollupInputsTests</c> compares the two readers' inputs and the
/// series built from them.
/// </summary>
public sealed class SqliteRollupInputs(SqliteReadSessions sessions) : IRollupInputs
{
    private const string DayColumns =
        "OutletId, Dimension, Day, Articles, ScoreSum, ScoreSumSquares, Ratings, PairableValues, PairableUnits, PairableSum, PairableSumSquares, ObservedDisagreement, InverseRatingsSum";

    public async Task<ScoreInputs> ReadAsync(string outletId, IReadOnlyCollection<string> dimensions, DateOnly from, DateOnly to, Bucket bucket, bool v1Priors, CancellationToken ct)
    {
        var keys = dimensions.ToArray();
        return await sessions.ReadAsync(session => Read(session, outletId, keys, from, to, bucket, v1Priors), ct);
    }

    /// <summary><c>$pFirst, …</c>: the dimensions' placeholders, as many as there are dimensions (one prepared statement per count).</summary>
    private static string In(int first, int count) => string.Join(", ", Enumerable.Range(first, count).Select(i => "$p" + i));

    private static ScoreInputs Read(ReadSession s, string outletId, string[] dimensions, DateOnly from, DateOnly to, Bucket bucket, bool v1Priors)
    {
        var n = dimensions.Length;
        object?[] With(params object?[] rest) => [.. dimensions, .. rest];
        var days = new List<DayInput>();
        void ReadDays(SqliteCommand command)
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                days.Add(new DayInput(reader.GetString(0), reader.GetString(1), Day(reader, 2),
                    new Moments(reader.GetInt32(3), reader.GetDouble(4), reader.GetDouble(5)), reader.GetInt32(6),
                    new Krippendorff.IntervalSums(reader.GetInt32(7), reader.GetInt32(8), reader.GetDouble(9), reader.GetDouble(10), reader.GetDouble(11)),
                    reader.GetDouble(12)));
            }
        }

        var ownDays = $"SELECT {DayColumns} FROM OutletDayStats WHERE Dimension IN ({In(0, n)}) AND OutletId = $p{n} AND Day >= $p{n + 1} AND Day < $p{n + 2}";
        if (!v1Priors)
        {
            ReadDays(s.Command(ownDays, With(outletId, from, to)));
            return OutletPart(s, outletId, dimensions, from, to, days, null, weights: true);
        }

        var firstStart = Buckets.StartOf(from, bucket);
        var wholeFrom = firstStart == from ? from : Buckets.Next(firstStart, bucket);
        var wholeTo = Buckets.StartOf(to, bucket);
        if (wholeTo < wholeFrom)
        {
            wholeTo = wholeFrom;
        }

        var priors = new Dictionary<(string Dimension, DateOnly Start), Prior>();
        using (var reader = s.Command(
                   $"SELECT Dimension, Start, Mu, Tau2, Sigma2, Outlets FROM BucketPriors WHERE Dimension IN ({In(0, n)}) AND Bucket = $p{n} AND Start >= $p{n + 1} AND Start < $p{n + 2}",
                   With(bucket.ToString(), wholeFrom, wholeTo)).ExecuteReader())
        {
            while (reader.Read())
            {
                // A flat prior's tau2 (+∞) is stored as -1 (BucketPriorConfiguration's conversion, for SQL Server's float).
                var tau2 = reader.GetDouble(3);
                priors[(reader.GetString(0), Day(reader, 1))] = new Prior(reader.GetDouble(2), tau2 < 0 ? double.PositiveInfinity : tau2, reader.GetDouble(4), reader.GetInt32(5));
            }
        }

        ReadDays(s.Command(ownDays, With(outletId, from, to)));
        foreach (var (edgeFrom, edgeTo) in new[] { (from, wholeFrom < to ? wholeFrom : to), (wholeTo, to) })
        {
            if (edgeFrom < edgeTo)
            {
                ReadDays(s.Command($"SELECT {DayColumns} FROM OutletDayStats WHERE Dimension IN ({In(0, n)}) AND Day >= $p{n} AND Day < $p{n + 1} AND OutletId <> $p{n + 2}", With(edgeFrom, edgeTo, outletId)));
            }
        }

        return OutletPart(s, outletId, dimensions, from, to, days, new StoredPriors(bucket, wholeFrom, wholeTo, priors), weights: false);
    }

    /// <summary>As <c>ScoreInputLoader.OutletPartAsync</c>: the outlet's article scores up to the window's end and its day annotators (with their weights for v2).</summary>
    private static ScoreInputs OutletPart(ReadSession s, string outletId, string[] dimensions, DateOnly from, DateOnly to, List<DayInput> days, StoredPriors? priors, bool weights)
    {
        var n = dimensions.Length;
        object?[] With(params object?[] rest) => [.. dimensions, .. rest];
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var articles = new List<ArticleInput>();
        using (var reader = s.Command(
                   $"SELECT Dimension, PublishedAt, Sum / CAST(Ratings AS REAL) FROM ArticleDimensionStats WHERE Dimension IN ({In(0, n)}) AND OutletId = $p{n} AND PublishedAt < $p{n + 1}",
                   With(outletId, end)).ExecuteReader())
        {
            while (reader.Read())
            {
                articles.Add(new ArticleInput(outletId, reader.GetString(0), DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc), reader.GetDouble(2)));
            }
        }

        // One row per day, its annotators joined: the index (OutletId, Dimension, Day, AnnotatorId) hands them over in
        // order, and a day's row costs one step and one date instead of one per annotator.
        var annotators = new Dictionary<(string Dimension, DateOnly Day), IReadOnlyCollection<string>>();
        var annotatorWeights = weights ? new Dictionary<(string Dimension, DateOnly Day), IReadOnlyDictionary<string, double>>() : null;
        if (weights)
        {
            using var reader = s.Command(
                $"SELECT Dimension, Day, AnnotatorId, Weight FROM OutletDayAnnotators WHERE Dimension IN ({In(0, n)}) AND OutletId = $p{n} AND Day >= $p{n + 1} AND Day < $p{n + 2}",
                With(outletId, from, to)).ExecuteReader();
            var byDay = new Dictionary<(string Dimension, DateOnly Day), Dictionary<string, double>>();
            while (reader.Read())
            {
                var key = (reader.GetString(0), Day(reader, 1));
                if (!byDay.TryGetValue(key, out var onDay))
                {
                    byDay[key] = onDay = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                onDay[reader.GetString(2)] = reader.GetDouble(3);
            }

            // A day's annotators are its weights' keys.
            foreach (var (key, onDay) in byDay)
            {
                annotators[key] = onDay.Keys.ToHashSet(StringComparer.Ordinal);
                annotatorWeights![key] = onDay;
            }
        }
        else
        {
            using var reader = s.Command(
                $"SELECT Dimension, Day, group_concat(AnnotatorId, char(31)) FROM OutletDayAnnotators WHERE Dimension IN ({In(0, n)}) AND OutletId = $p{n} AND Day >= $p{n + 1} AND Day < $p{n + 2} GROUP BY Dimension, Day",
                With(outletId, from, to)).ExecuteReader();
            while (reader.Read())
            {
                // Joined by the unit separator (U+001F), a control character no account id contains.
                annotators[(reader.GetString(0), Day(reader, 1))] = reader.GetString(2).Split('\u001f').ToHashSet(StringComparer.Ordinal);
            }
        }

        return new ScoreInputs(
            days,
            articles,
            annotators,
            priors,
            annotatorWeights);
    }

    /// <summary>
    /// A day column ('yyyy-MM-dd', as EF Core stores <see cref="DateOnly"/> on SQLite), parsed by hand: the general
    /// parser behind <c>GetFieldValue&lt;DateOnly&gt;</c> was a sixth of the read's CPU.
    /// </summary>
    private static DateOnly Day(SqliteDataReader reader, int ordinal)
    {
        var text = reader.GetString(ordinal);
        if (text.Length == 10 && text[4] == '-' && text[7] == '-'
            && int.TryParse(text.AsSpan(0, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            && int.TryParse(text.AsSpan(5, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var month)
            && int.TryParse(text.AsSpan(8, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var day))
        {
            return new DateOnly(year, month, day);
        }

        return reader.GetFieldValue<DateOnly>(ordinal);
    }
}

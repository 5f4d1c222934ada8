using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using CredibilityApi.Aggregation;
using CredibilityApi.Benchmarks;
using CredibilityApi.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Options o;
try
{
    o = Options.Parse(args);
}
catch (HelpRequested)
{
    Console.WriteLine(Options.Usage);
    return 0;
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

var failures = new List<string>();
var report = new StringBuilder();
void Line(string text = "")
{
    Console.WriteLine(text);
    report.AppendLine(text);
}

var command = "dotnet run -c Release --project tests/CredibilityApi.Benchmarks" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
Line("# Score series benchmark: endpoint query path vs naive recomputation; methodology v2 vs v1");
Line();
Line($"- command: `{command}`");
Line($"- machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}; " +
     $"{(Debugger.IsAttached ? "debugger attached" : "no debugger")}, {BuildConfiguration()} build");
Line($"- database: `{o.DatabasePath}` (SQLite, migrations applied with MigrateAsync, WAL as the app sets it)");
Line($"- data set: seed {o.Seed}; {o.Outlets} outlets, {o.Articles:N0} articles over {o.From:yyyy-MM-dd}..{o.To.AddDays(-1):yyyy-MM-dd}, " +
     $"{o.Annotators} annotators, {o.Ratings:N0} rating rows on {DataSet.Dimensions.Length} dimensions of rubric v1");

Directory.CreateDirectory(Path.GetDirectoryName(o.DatabasePath)!);
var connectionString = new SqliteConnectionStringBuilder { DataSource = o.DatabasePath }.ToString();
var dbOptions = new DbContextOptionsBuilder<SqliteCredibilityDbContext>().UseSqlite(connectionString).Options;
SqliteCredibilityDbContext NewDb() => new(dbOptions);

// --- 1. The data set -------------------------------------------------------------------------------
var metaPath = o.DatabasePath + ".meta";
var fingerprint = $"generator 4; seed {o.Seed}; outlets {o.Outlets}; articles {o.Articles}; annotators {o.Annotators}; ratings {o.Ratings}; {o.From:yyyy-MM-dd}..{o.To:yyyy-MM-dd}";
var reused = o.Reuse && File.Exists(o.DatabasePath) && File.Exists(metaPath) && File.ReadAllText(metaPath) == fingerprint;
if (reused)
{
    Line("- generation: skipped (--reuse, same options)");
}

if (!reused)
{
    foreach (var suffix in new[] { "", "-wal", "-shm", "-journal", ".meta" })
    {
        File.Delete(o.DatabasePath + suffix);
    }

    var total = Stopwatch.StartNew();
    var stage = Stopwatch.StartNew();
    await using (var db = NewDb())
    {
        await db.Database.MigrateAsync();
    }

    var schema = stage.Elapsed;
    await using (var connection = new SqliteConnection(connectionString))
    {
        await connection.OpenAsync();
        var (rows, insert, indexes) = await DataSet.LoadAsync(connection, o);
        stage.Restart();
        await BulkRollups.BuildAsync(connection);
        var rollups = stage.Elapsed;
        stage.Restart();
        await using (var db = NewDb())
        {
            await RollupMaintenance.RebuildPriorsAsync(db, CancellationToken.None);
        }

        var priors = stage.Elapsed;
        Line($"- generation: {total.Elapsed.TotalSeconds:F1} s in all: schema {schema.TotalSeconds:F1} s, insert {rows:N0} ratings {insert.TotalSeconds:F1} s " +
             $"({rows / insert.TotalSeconds:N0} rows/s), Annotations indexes {indexes.TotalSeconds:F1} s, rollups (set-based SQL) {rollups.TotalSeconds:F1} s, " +
             $"stored priors (RollupMaintenance.RebuildPriorsAsync) {priors.TotalSeconds:F1} s");
    }

    await File.WriteAllTextAsync(metaPath, fingerprint);
}
else
{
    // A reused file from before the stored priors: migrate and derive them, as the app does at startup.
    await using var db = NewDb();
    await db.Database.MigrateAsync();
    if (!await db.BucketPriors.AnyAsync())
    {
        var stage = Stopwatch.StartNew();
        await RollupMaintenance.RebuildPriorsAsync(db, CancellationToken.None);
        Line($"- stored priors derived from the day rows (RollupMaintenance.RebuildPriorsAsync): {stage.Elapsed.TotalSeconds:F1} s");
    }
}

await using (var connection = new SqliteConnection(connectionString))
{
    await connection.OpenAsync();

    // As DataExtensions.MigrateAndBootstrapAsync does for the app.
    await DataSet.ExecAsync(connection, "PRAGMA journal_mode=WAL;");
    var counts = new Dictionary<string, long>();
    foreach (var (name, sql) in new[]
             {
                 ("rating rows", "SELECT COUNT(*) FROM Annotations WHERE Kind = 'Rating'"),
                 ("retracted", "SELECT COUNT(*) FROM Annotations WHERE Kind = 'Rating' AND Status = 'Retracted'"),
                 ("hidden", "SELECT COUNT(*) FROM Annotations WHERE Kind = 'Rating' AND Hidden = 1"),
                 ("claims", "SELECT COUNT(*) FROM Claims"),
                 ("framing notes", "SELECT COUNT(*) FROM Annotations WHERE Kind = 'Framing'"),
                 ("api keys", "SELECT COUNT(*) FROM ApiKeys"),
                 ("ArticleDimensionStats", "SELECT COUNT(*) FROM ArticleDimensionStats"),
                 ("OutletDayStats", "SELECT COUNT(*) FROM OutletDayStats"),
                 ("OutletDayAnnotators", "SELECT COUNT(*) FROM OutletDayAnnotators"),
                 ("BucketPriors", "SELECT COUNT(*) FROM BucketPriors"),
             })
    {
        counts[name] = await DataSet.ScalarAsync(connection, sql);
    }

    Line($"- rows: {counts["rating rows"]:N0} ratings ({counts["retracted"]:N0} retracted, {counts["hidden"]:N0} hidden, the rest current); rollups: " +
         $"{counts["ArticleDimensionStats"]:N0} ArticleDimensionStats, {counts["OutletDayStats"]:N0} OutletDayStats, {counts["OutletDayAnnotators"]:N0} OutletDayAnnotators, {counts["BucketPriors"]:N0} BucketPriors; " +
         $"{counts["claims"]:N0} claims, {counts["framing notes"]:N0} framing notes, {counts["api keys"]:N0} API keys; " +
         $"file {new FileInfo(o.DatabasePath).Length / 1048576.0:N0} MiB");
    if (counts["rating rows"] != o.Ratings)
    {
        failures.Add($"expected {o.Ratings} rating rows, found {counts["rating rows"]}");
    }

    var verifyClock = Stopwatch.StartNew();
    var verification = await BulkRollups.VerifyAsync(NewDb, connection, o.VerifyPairs, o.Seed);
    Line($"- rollup check: RollupMaintenance.RefreshAsync re-derived {verification.Pairs} random (article, dimension) pairs " +
         $"({verification.ArticleRowsChecked} article rows, {verification.DayRowsChecked} outlet-day rows, {verification.AnnotatorRowsChecked} day-annotator rows, " +
         $"{verification.PriorRowsChecked} stored priors of the buckets around them) " +
         $"and changed {(verification.Differences.Count == 0 ? "nothing" : $"{verification.Differences.Count} values")}; " +
         $"day rows hold {verification.RolledUpRatings:N0} ratings = {verification.CurrentRatings:N0} current ratings " +
         $"({verifyClock.Elapsed.TotalSeconds:F1} s)");
    failures.AddRange(verification.Differences.Take(20).Select(d => "rollup check: " + d));
}

// --- 1b. Methodology v2's stored state ------------------------------------------------------------------
// What the background refit (V2Refitter) keeps: per dimension the fit, one leniency row per annotator and one
// prior row per bucket of every kind, from all current ratings. Refitted when missing or stale (or --refit).
RefitReport? refit = null;
await using (var db = NewDb())
{
    var toRefit = await Methodologies.ToRefitAsync(db, o.Refit);
    if (toRefit.Count > 0)
    {
        refit = await Methodologies.RefitAsync(NewDb, toRefit);
        var ratingsRead = refit.Dimensions.Sum(r => r.Ratings);
        var rowsWritten = refit.Dimensions.Sum(r => r.RowsWritten);
        Line($"- v2 refit (V2Refitter.RefitAsync, the background refit's core, one dimension after another as the worker runs it): " +
             $"{refit.Dimensions.Count} dimensions in {refit.Elapsed.TotalSeconds:F1} s, {ratingsRead:N0} current ratings read, {rowsWritten:N0} rows written " +
             $"({refit.Dimensions.Count} DimensionFits, {refit.Dimensions.Sum(r => r.Annotators):N0} AnnotatorLeniencies, {refit.Dimensions.Sum(r => r.Priors):N0} BucketPriorsV2); per dimension: " +
             string.Join("; ", refit.Dimensions.Select(r =>
                 $"{r.Dimension} {(r.Read + r.Fit + r.PriorsTime + r.Write).TotalSeconds:F1} s (read {r.Read.TotalSeconds:F1}, fit {r.Fit.TotalSeconds:F1}, priors {r.PriorsTime.TotalSeconds:F1}, write {r.Write.TotalSeconds:F1})")));
    }
    else
    {
        var fits = await db.DimensionFits.AsNoTracking().OrderBy(f => f.Dimension).ToListAsync();
        Line($"- v2 refit: skipped, the stored fits of all {fits.Count} dimensions are current (computed {fits.Min(f => f.ComputedAt):yyyy-MM-dd HH:mm:ss} UTC and after; " +
             $"{await db.AnnotatorLeniencies.CountAsync():N0} AnnotatorLeniencies, {await db.BucketPriorsV2.CountAsync():N0} BucketPriorsV2); --refit times one");
    }

    var unavailable = await db.DimensionFits.AsNoTracking().Where(f => f.ComputedAt == null || f.Unavailable != null).Select(f => f.Dimension + ": " + (f.Unavailable ?? "not fitted")).ToListAsync();
    failures.AddRange(unavailable.Select(u => "v2 fit unavailable, " + u));
}

if (o.GenerateOnly)
{
    if (failures.Count > 0)
    {
        foreach (var failure in failures.Take(40))
        {
            Console.Error.WriteLine($"- {failure}");
        }

        return 1;
    }

    // The annotators' API keys, one per line, for a load test acting as them.
    await File.WriteAllLinesAsync(o.DatabasePath + ".keys", Enumerable.Range(0, o.Annotators).Select(DataSet.AnnotatorKey));
    Console.WriteLine($"Data set ready: {o.DatabasePath}; the annotators' API keys are in {o.DatabasePath}.keys");
    return 0;
}

// --- 2. Measurements ----------------------------------------------------------------------------------
string[] dimensions = ["factual_accuracy"];
SeriesRequest For(string outletId) => new(outletId, dimensions, o.From, o.To, Bucket.Week, CredibilityApi.Scoring.Methodology.V1.DefaultHalfLifeDays);
var pick = new Random(o.Seed ^ 0x0b5e55ed);
var shuffled = Enumerable.Range(0, o.Outlets).OrderBy(_ => pick.Next()).Select(DataSet.OutletId).ToList();
var measured = shuffled.Take(o.MeasuredOutlets).ToList();
var single = shuffled.Count > o.MeasuredOutlets ? shuffled[o.MeasuredOutlets] : shuffled[0];
var warmupOutlets = shuffled.Skip(o.MeasuredOutlets + 1).DefaultIfEmpty(single).ToList();

var process = Process.GetCurrentProcess();
double CpuMs()
{
    process.Refresh();
    return process.TotalProcessorTime.TotalMilliseconds;
}

// One timed run of a path; every run creates its own DbContext, as a request does.
async Task<Run> Time(Func<SqliteCredibilityDbContext, SeriesRequest, Task<(IReadOnlyList<SeriesPoint> Points, double LoadMs)>> path, SeriesRequest request)
{
    var cpu = CpuMs();
    var started = Stopwatch.GetTimestamp();
    await using var db = NewDb();
    var (points, load) = await path(db, request);
    return new Run(points, Stopwatch.GetElapsedTime(started).TotalMilliseconds, load, CpuMs() - cpu);
}

Func<SqliteCredibilityDbContext, SeriesRequest, Task<(IReadOnlyList<SeriesPoint>, double)>> endpoint = ScorePaths.EndpointAsync;
Func<SqliteCredibilityDbContext, SeriesRequest, Task<(IReadOnlyList<SeriesPoint>, double)>> allDays = ScorePaths.AllDayRowsAsync;
Func<SqliteCredibilityDbContext, SeriesRequest, Task<(IReadOnlyList<SeriesPoint>, double)>> naive = async (db, r) => (await ScorePaths.NaiveAsync(db, r), double.NaN);

var loadBefore = LoadAverage();

// Cold: the first series of the process on a fresh connection (EF's model exists already, its queries are not compiled).
SqliteConnection.ClearAllPools();
var cold = await Time(endpoint, For(single));

for (var i = 0; i < o.Warmup; i++)
{
    var warm = For(warmupOutlets[i % warmupOutlets.Count]);
    await Time(endpoint, warm);
    await Time(allDays, warm);
    await Time(naive, warm);
}

var endpointRuns = new Runs();
var allDaysRuns = new Runs();
var naiveRuns = new Runs();
var compared = 0;
var nonEmptyBuckets = 0;
foreach (var outletId in measured)
{
    Run? e = null, a = null, n = null;
    for (var i = 0; i < o.EndpointRuns; i++)
    {
        endpointRuns.Add(e = await Time(endpoint, For(outletId)));
        allDaysRuns.Add(a = await Time(allDays, For(outletId)));
    }

    for (var i = 0; i < o.NaiveRuns; i++)
    {
        naiveRuns.Add(n = await Time(naive, For(outletId)));
    }

    compared += e!.Points.Count;
    nonEmptyBuckets += e.Points.Count(p => p.Articles > 0);
    failures.AddRange(ScorePaths.Compare(n!.Points, e.Points).Take(10).Select(d => $"{outletId} week: naive vs endpoint path: {d}"));
    failures.AddRange(ScorePaths.Compare(n.Points, a!.Points).Take(10).Select(d => $"{outletId} week: naive vs all-day-rows path: {d}"));
}

// Warm: the same outlet again and again, once everything above has run (JIT-compiled, connection pooled, pages cached).
var singleRuns = new Runs();
for (var i = 0; i < o.SingleOutletRuns; i++)
{
    singleRuns.Add(await Time(endpoint, For(single)));
}

// The work a rating write adds: RollupMaintenance.RefreshAsync for one (article, dimension), rolled back.
var writeRuns = new List<double>();
var writePick = new Random(o.Seed ^ 0x771e);
for (var i = 0; i < o.WriteRuns + o.Warmup; i++)
{
    var pair = (DataSet.ArticleId(writePick.Next(o.Articles)), DataSet.Dimensions[writePick.Next(DataSet.Dimensions.Length)].Key);
    await using var db = NewDb();
    await using var tx = await db.Database.BeginTransactionAsync();
    var started = Stopwatch.GetTimestamp();
    await RollupMaintenance.RefreshAsync(db, [pair], CancellationToken.None);
    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    await tx.RollbackAsync();
    if (i >= o.Warmup)
    {
        writeRuns.Add(elapsed);
    }
}

var loadAfter = LoadAverage();

// Methodology v2 against v1, interleaved: every pair of runs alternates which goes first, so drift, caches and
// other load on the machine hit both. All five dimensions (the endpoint's default), each methodology's default half-life.
string[] allDimensions = [.. DataSet.Dimensions.Select(d => d.Key)];
SeriesRequest ForAll(string outletId, CredibilityApi.Scoring.MethodologyOptions m) => new(outletId, allDimensions, o.From, o.To, Bucket.Week, m.DefaultHalfLifeDays);
const string rankedDimension = "factual_accuracy";
(string Name, DateOnly From, DateOnly To)[] rankingWindows = [("5 years", o.From, o.To), ("1 year", o.To.AddYears(-1), o.To)];
var v1 = CredibilityApi.Scoring.Methodology.V1;
var v2 = CredibilityApi.Scoring.Methodology.V2;

async Task<(Sample Sample, IReadOnlyList<SeriesPoint> Points)> TimeSeries(
    Func<SqliteCredibilityDbContext, SeriesRequest, Task<(IReadOnlyList<SeriesPoint> Points, double LoadMs, double StoredMs)>> path, SeriesRequest request)
{
    var cpu = CpuMs();
    var started = Stopwatch.GetTimestamp();
    await using var db = NewDb();
    var (points, load, stored) = await path(db, request);
    return (new Sample(Stopwatch.GetElapsedTime(started).TotalMilliseconds, load, stored, CpuMs() - cpu), points);
}

async Task<(Sample Sample, RankingResult Result)> TimeRanking(CredibilityApi.Scoring.MethodologyOptions m, DateOnly from, DateOnly to)
{
    var cpu = CpuMs();
    var started = Stopwatch.GetTimestamp();
    await using var db = NewDb();
    var result = await Ranking.ComputeAsync(db, rankedDimension, from, to, m.DefaultHalfLifeDays, m, CancellationToken.None);
    var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    return (new Sample(wall, double.NaN, double.NaN, CpuMs() - cpu), result);
}

var methodologyLoadBefore = LoadAverage();
for (var i = 0; i < o.Warmup; i++)
{
    var outletId = warmupOutlets[i % warmupOutlets.Count];
    await TimeSeries(Methodologies.SeriesV1Async, ForAll(outletId, v1));
    await TimeSeries(Methodologies.SeriesV2Async, ForAll(outletId, v2));
    foreach (var (_, from, to) in rankingWindows)
    {
        await TimeRanking(v1, from, to);
        await TimeRanking(v2, from, to);
    }
}

var dump = new List<string>();
var seriesV1 = new Samples();
var seriesV2 = new Samples();
var v2Points = 0;
var v2Intervals = 0;
var v2Notes = 0;
for (var k = 0; k < measured.Count; k++)
{
    var outletId = measured[k];
    IReadOnlyList<SeriesPoint> p1 = [], p2 = [];
    for (var i = 0; i < o.MethodologyRuns; i++)
    {
        if ((k + i) % 2 == 0)
        {
            (var a, p1) = await TimeSeries(Methodologies.SeriesV1Async, ForAll(outletId, v1));
            (var b, p2) = await TimeSeries(Methodologies.SeriesV2Async, ForAll(outletId, v2));
            seriesV1.Add(a);
            seriesV2.Add(b);
        }
        else
        {
            (var b, p2) = await TimeSeries(Methodologies.SeriesV2Async, ForAll(outletId, v2));
            (var a, p1) = await TimeSeries(Methodologies.SeriesV1Async, ForAll(outletId, v1));
            seriesV1.Add(a);
            seriesV2.Add(b);
        }
    }

    v2Points += p2.Count(p => p.Articles > 0);
    v2Intervals += p2.Count(p => p.Posterior is not null);
    v2Notes += p2.Count(p => p.Reliability is not null);
    failures.AddRange(Methodologies.CompareRollupFigures(p1, p2).Take(10).Select(d => $"{outletId} all-dimension weekly series: {d}"));
    dump.Add(Methodologies.Dump($"series {outletId}", p2));
}

var rankingSamples = rankingWindows.Select(_ => (V1: new Samples(), V2: new Samples())).ToArray();
var rankedOutlets = new int[rankingWindows.Length];
for (var i = 0; i < o.RankingRuns; i++)
{
    for (var w = 0; w < rankingWindows.Length; w++)
    {
        var (name, from, to) = rankingWindows[w];
        (Sample Sample, RankingResult Result) a, b;
        if (i % 2 == 0)
        {
            a = await TimeRanking(v1, from, to);
            b = await TimeRanking(v2, from, to);
        }
        else
        {
            b = await TimeRanking(v2, from, to);
            a = await TimeRanking(v1, from, to);
        }

        rankingSamples[w].V1.Add(a.Sample);
        rankingSamples[w].V2.Add(b.Sample);
        if (i == 0)
        {
            rankedOutlets[w] = b.Result.Outlets.Count;
            var first = a.Result.Outlets.OrderBy(x => x.OutletId, StringComparer.Ordinal).Select(x => (x.OutletId, x.Articles, x.Ratings, x.Annotators)).ToList();
            var second = b.Result.Outlets.OrderBy(x => x.OutletId, StringComparer.Ordinal).Select(x => (x.OutletId, x.Articles, x.Ratings, x.Annotators)).ToList();
            if (!first.SequenceEqual(second))
            {
                failures.Add($"ranking {rankedDimension} {name}: v1 and v2 rank different outlets or counts");
            }

            var missing = b.Result.Outlets.Count(x => x.Articles > 0 && x.Posterior is null);
            if (missing > 0 || b.Result.V2?.Fit.Unavailable is not null)
            {
                failures.Add($"ranking {rankedDimension} {name}: v2 gives no interval for {missing} outlets with rated articles ({b.Result.V2?.Fit.Unavailable})");
            }

            dump.Add(Methodologies.Dump($"ranking {rankedDimension} {name}", b.Result));
        }
    }
}

var methodologyLoadAfter = LoadAverage();
if (o.DumpPath is { } dumpPath)
{
    await File.WriteAllLinesAsync(dumpPath, dump);
}

// Untimed: every bucket kind, on the whole window and on one both of whose ends cut a bucket short (so the
// stored priors of the whole buckets and the priors estimated on the fly for the cut ones are both checked),
// on two dimensions of different range, against the naive recomputation.
var otherChecks = 0;
var loaderChecks = 0;
var otherPoints = 0;
var cutFrom = o.From.AddDays(45);
var cutTo = o.To.AddDays(-41);
foreach (var bucket in Enum.GetValues<Bucket>())
{
    foreach (var (from, to) in new[] { (o.From, o.To), (cutFrom, cutTo) })
    {
        var request = new SeriesRequest(measured[otherChecks % measured.Count], ["sourcing_transparency", "slant"], from, to, bucket, 90);
        var e = await Time(endpoint, request);
        var n = await Time(naive, request);
        otherChecks++;
        otherPoints += e.Points.Count;
        failures.AddRange(ScorePaths.Compare(n.Points, e.Points).Take(10).Select(d => $"{request.OutletId} {bucket} {from:yyyy-MM-dd}..{to:yyyy-MM-dd}: naive vs endpoint path: {d}"));
    }

    // The two loaders given an unaligned window directly (the endpoint always aligns its start), including
    // one inside a single bucket.
    foreach (var (from, to) in new[] { (cutFrom, cutTo), (new DateOnly(2021, 1, 15), new DateOnly(2021, 1, 20)) })
    {
        await using var db = NewDb();
        var request = new SeriesRequest(measured[loaderChecks % measured.Count], ["headline_fidelity", "slant"], from, to, bucket, 180);
        loaderChecks++;
        failures.AddRange((await ScorePaths.CompareLoadersAsync(db, request)).Take(10).Select(d => $"{request.OutletId} {bucket} {from:yyyy-MM-dd}..{to:yyyy-MM-dd}: loaders differ: {d}"));
    }
}

// --- 3. Report ----------------------------------------------------------------------------------------
Line();
Line($"5-year weekly series ({o.From:yyyy-MM-dd}..{o.To:yyyy-MM-dd}, {Buckets.Count(o.From, o.To, Bucket.Week)} ISO weeks), dimension factual_accuracy, half-life 180 days; " +
     $"{o.MeasuredOutlets} random outlets, each timed {o.EndpointRuns}x on each rollup path and {o.NaiveRuns}x naive, interleaved, after {o.Warmup} warm-up runs of each. " +
     "Every run includes creating the DbContext, as a request does. " +
     $"Load average (1 min) {loadBefore} before the measurements, {loadAfter} after; CPU ms is this process's CPU time per run, less sensitive to other load on the machine than wall time.");
Line();
Line("| path | runs | median ms | p95 ms | min ms | max ms | median CPU ms |");
Line("|---|--:|--:|--:|--:|--:|--:|");
Row("**endpoint path**: FromRollupsAsync(..., bucket) (stored priors + the outlet's rows) + SeriesBuilder.Build", endpointRuns.Wall, endpointRuns.Cpu);
Row("&nbsp;&nbsp;of which FromRollupsAsync", endpointRuns.Load);
Row("previous endpoint path: FromRollupsAsync without bucket (every outlet's day rows) + SeriesBuilder.Build", allDaysRuns.Wall, allDaysRuns.Cpu);
Row("&nbsp;&nbsp;of which FromRollupsAsync", allDaysRuns.Load);
Row("**naive**: current ratings of all outlets from Annotations, recomputed in memory", naiveRuns.Wall, naiveRuns.Cpu);
Line();
Line($"**Ratio of medians, naive / endpoint path: {naiveRuns.Median / endpointRuns.Median:F0}x** (target: at least 50x); " +
     $"naive / previous endpoint path: {naiveRuns.Median / allDaysRuns.Median:F1}x.");
Line();
Line($"Single outlet (`{single}`), 5-year weekly series on the endpoint path:");
Line();
Line("| run | runs | median ms | p95 ms | min ms | max ms | median CPU ms |");
Line("|---|--:|--:|--:|--:|--:|--:|");
Row("cold: first series of the process, new connection, EF queries not yet compiled", [cold.WallMs], [cold.CpuMs]);
Row("warm: the same series again, after the runs above", singleRuns.Wall, singleRuns.Cpu);
Row("&nbsp;&nbsp;of which FromRollupsAsync", singleRuns.Load);
Line();
Line($"Target \"well under 50 ms\" for the warm series: {(singleRuns.Median < 25 ? "met" : singleRuns.Median < 50 ? "under 50 ms, but not by much" : "NOT met")} (median {singleRuns.Median:F1} ms).");
Line();
Line("The rollup work one rating write adds (RollupMaintenance.RefreshAsync of one random (article, dimension), in a transaction rolled back):");
Line();
Line("| run | runs | median ms | p95 ms | min ms | max ms | median CPU ms |");
Line("|---|--:|--:|--:|--:|--:|--:|");
Row("write path", writeRuns);
Line();
Line($"Same numbers on the three paths: {(failures.Count == 0 ? "yes" : "NO")} — {compared:N0} weekly points per path compared ({nonEmptyBuckets:N0} with data), " +
     $"and {otherPoints:N0} points of {otherChecks} more series (day, week, month, quarter, year; the whole window and {cutFrom:yyyy-MM-dd}..{cutTo:yyyy-MM-dd}; sourcing_transparency and slant; half-life 90): " +
     $"articles, ratings, annotators, raw mean and sd, posterior mean/sd/interval, decayed score, alpha with its counts, and the prior " +
     $"(counts exactly, doubles to 1e-9 relative, since the paths sum in different orders); and the two loaders agree on {loaderChecks} windows that start and end inside buckets.");
Line();
Line("## Methodology v2 against v1");
Line();
Line("Target: \"the 5-year weekly series under v2 is within 2x of v1's time on the 1M-rating data set, and the ranking too\" " +
     "(judged on the medians: v2 ≤ 2 × v1).");
Line();
Line($"- **series**: the same {o.MeasuredOutlets} random outlets, 5-year weekly series of all five dimensions " +
     $"({Buckets.Count(o.From, o.To, Bucket.Week)} weeks × {allDimensions.Length} = {Buckets.Count(o.From, o.To, Bucket.Week) * allDimensions.Length} points per series), " +
     $"half-life 180 days, {o.MethodologyRuns} runs per outlet and methodology. " +
     "v1: `ScoreInputLoader.FromRollupsAsync(..., bucket)` (stored v1 priors + the outlet's rows) + `SeriesBuilder.Build`; " +
     "v2: `FromRollupsAsync(..., bucket, v1Priors: false)` (the outlet's rows) + `V2Model.StoredAsync` (fits, leniencies, one prior row per week in which the outlet has rated articles) + " +
     "`SeriesBuilder.Build(..., new V2Series(Methodology.V2, stored))`, as GetSeries/Endpoint.HandleAsync does (the outlet and rubric look-ups, " +
     "`WaitUntilCurrentAsync` and serialisation, common to both, are left out).");
Line($"- **ranking**: `Ranking.ComputeAsync` on {rankedDimension} with `Methodology.V1` vs `.V2`, over {string.Join(" and ", rankingWindows.Select(w => $"{w.Name} ({w.From:yyyy-MM-dd}..{w.To.AddDays(-1):yyyy-MM-dd}, {rankedOutlets[Array.IndexOf(rankingWindows, w)]} outlets)"))}, " +
     $"{o.RankingRuns} runs of each.");
Line($"- Interleaved A/B in one process after {o.Warmup} warm-up runs of each, alternating which methodology goes first in each pair; " +
     $"every run creates its own DbContext, as a request does. Load average (1 min) {methodologyLoadBefore} before, {methodologyLoadAfter} after.");
Line($"- v2 gave {v2Intervals:N0} intervals for {v2Points:N0} weekly points with data ({v2Notes:N0} with a reliability note); its rollup figures (counts, raw mean and sd, decayed score, alpha) equal v1's on every point.");
Line();
Line("| request | v1 median ms | v1 p90 ms | v2 median ms | v2 p90 ms | v2/v1 median | v2/v1 p90 | v2 ≤ 2 × v1 |");
Line("|---|--:|--:|--:|--:|--:|--:|:-:|");
var targetMisses = new List<string>();
Verdict("5-year weekly series, 5 dimensions", seriesV1, seriesV2);
for (var w = 0; w < rankingWindows.Length; w++)
{
    Verdict($"ranking {rankedDimension}, {rankingWindows[w].Name}", rankingSamples[w].V1, rankingSamples[w].V2);
}

Line();
Line("Where the series time goes (medians, ms):");
Line();
Line("| series path | wall | load | of which V2Model.StoredAsync | compute (SeriesBuilder.Build) | CPU |");
Line("|---|--:|--:|--:|--:|--:|");
Line($"| v1 | {Median(seriesV1.Wall):F2} | {Median(seriesV1.Load):F2} | | {Median(seriesV1.Wall.Select((x, i) => x - seriesV1.Load[i]).ToList()):F2} | {Median(seriesV1.Cpu):F2} |");
Line($"| v2 | {Median(seriesV2.Wall):F2} | {Median(seriesV2.Load):F2} | {Median(seriesV2.Stored):F2} | {Median(seriesV2.Wall.Select((x, i) => x - seriesV2.Load[i]).ToList()):F2} | {Median(seriesV2.Cpu):F2} |");
if (refit is not null)
{
    Line();
    Line($"The v2 refit behind these (background work, once per batch of rating changes on a dimension): {refit.Elapsed.TotalSeconds:F1} s for all {refit.Dimensions.Count} dimensions, " +
         $"{refit.Dimensions.Sum(r => r.Ratings):N0} ratings read, {refit.Dimensions.Sum(r => r.RowsWritten):N0} rows written.");
}

if (targetMisses.Count > 0)
{
    Line();
    Line(o.ReportOnly ? "Target missed (reported only, --report-only):" : "Target missed:");
    foreach (var miss in targetMisses)
    {
        Line($"- {miss}");
    }

    if (!o.ReportOnly)
    {
        failures.AddRange(targetMisses);
    }
}

if (failures.Count > 0)
{
    Line();
    Line("Failures:");
    foreach (var failure in failures.Take(40))
    {
        Line($"- {failure}");
    }
}

Directory.CreateDirectory(Path.GetDirectoryName(o.MarkdownPath)!);
await File.WriteAllTextAsync(o.MarkdownPath, report.ToString());
Console.WriteLine();
Console.WriteLine($"Report written to {o.MarkdownPath}");
return failures.Count == 0 ? 0 : 1;

void Verdict(string name, Samples a, Samples b)
{
    var (m1, m2, q1, q2) = (Median(a.Wall), Median(b.Wall), Percentile(a.Wall, 0.90), Percentile(b.Wall, 0.90));
    var pass = m2 <= 2 * m1;
    Line($"| {name} | {m1:F2} | {q1:F2} | {m2:F2} | {q2:F2} | {m2 / m1:F2}x | {q2 / q1:F2}x | {(pass ? "PASS" : "**FAIL**")} |");
    if (!pass)
    {
        targetMisses.Add($"{name}: v2 median {m2:F2} ms is {m2 / m1:F2}x v1's {m1:F2} ms (target at most 2x)");
    }
}

void Row(string name, List<double> runs, List<double>? cpu = null) =>
    Line($"| {name} | {runs.Count} | {Median(runs):F2} | {Percentile(runs, 0.95):F2} | {runs.Min():F2} | {runs.Max():F2} | {(cpu is null ? "" : Median(cpu).ToString("F2", CultureInfo.InvariantCulture))} |");

static string LoadAverage()
{
    try
    {
        return File.ReadAllText("/proc/loadavg").Split(' ')[0];
    }
    catch (IOException)
    {
        return "n/a";
    }
    catch (UnauthorizedAccessException)
    {
        return "n/a";
    }
}

static double Median(IReadOnlyCollection<double> values)
{
    var sorted = values.Order().ToArray();
    var mid = sorted.Length / 2;
    return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Nearest rank: the smallest value with at least p of the runs at or below it.
static double Percentile(IReadOnlyCollection<double> values, double p)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

static string BuildConfiguration() =>
#if DEBUG
    "Debug";
#else
    "Release";
#endif

internal sealed record Run(IReadOnlyList<SeriesPoint> Points, double WallMs, double LoadMs, double CpuMs);

internal sealed class Runs
{
    public List<double> Wall { get; } = [];

    public List<double> Load { get; } = [];

    public List<double> Cpu { get; } = [];

    public double Median
    {
        get
        {
            var sorted = Wall.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    public void Add(Run run)
    {
        Wall.Add(run.WallMs);
        Load.Add(run.LoadMs);
        Cpu.Add(run.CpuMs);
    }
}

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
Line("# Score series benchmark: endpoint query path vs naive recomputation");
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
var fingerprint = $"generator 1; seed {o.Seed}; outlets {o.Outlets}; articles {o.Articles}; annotators {o.Annotators}; ratings {o.Ratings}; {o.From:yyyy-MM-dd}..{o.To:yyyy-MM-dd}";
var reused = o.Reuse && File.Exists(o.DatabasePath) && File.Exists(metaPath) && File.ReadAllText(metaPath) == fingerprint;
if (reused)
{
    Line("- generation: skipped (--reuse, same options)");
}
else
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
        Line($"- generation: {total.Elapsed.TotalSeconds:F1} s in all: schema {schema.TotalSeconds:F1} s, insert {rows:N0} ratings {insert.TotalSeconds:F1} s " +
             $"({rows / insert.TotalSeconds:N0} rows/s), Annotations indexes {indexes.TotalSeconds:F1} s, rollups (set-based SQL) {rollups.TotalSeconds:F1} s");
    }

    await File.WriteAllTextAsync(metaPath, fingerprint);
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
                 ("ArticleDimensionStats", "SELECT COUNT(*) FROM ArticleDimensionStats"),
                 ("OutletDayStats", "SELECT COUNT(*) FROM OutletDayStats"),
                 ("OutletDayAnnotators", "SELECT COUNT(*) FROM OutletDayAnnotators"),
             })
    {
        counts[name] = await DataSet.ScalarAsync(connection, sql);
    }

    Line($"- rows: {counts["rating rows"]:N0} ratings ({counts["retracted"]:N0} retracted, {counts["hidden"]:N0} hidden, the rest current); rollups: " +
         $"{counts["ArticleDimensionStats"]:N0} ArticleDimensionStats, {counts["OutletDayStats"]:N0} OutletDayStats, {counts["OutletDayAnnotators"]:N0} OutletDayAnnotators; " +
         $"file {new FileInfo(o.DatabasePath).Length / 1048576.0:N0} MiB");
    if (counts["rating rows"] != o.Ratings)
    {
        failures.Add($"expected {o.Ratings} rating rows, found {counts["rating rows"]}");
    }

    var verifyClock = Stopwatch.StartNew();
    var verification = await BulkRollups.VerifyAsync(NewDb, connection, o.VerifyPairs, o.Seed);
    Line($"- rollup check: RollupMaintenance.RefreshAsync re-derived {verification.Pairs} random (article, dimension) pairs " +
         $"({verification.ArticleRowsChecked} article rows, {verification.DayRowsChecked} outlet-day rows, {verification.AnnotatorRowsChecked} day-annotator rows) " +
         $"and changed {(verification.Differences.Count == 0 ? "nothing" : $"{verification.Differences.Count} values")}; " +
         $"day rows hold {verification.RolledUpRatings:N0} ratings = {verification.CurrentRatings:N0} current ratings " +
         $"({verifyClock.Elapsed.TotalSeconds:F1} s)");
    failures.AddRange(verification.Differences.Take(20).Select(d => "rollup check: " + d));
}

// --- 2. Measurements ----------------------------------------------------------------------------------
string[] dimensions = ["factual_accuracy"];
SeriesRequest For(string outletId) => new(outletId, dimensions, o.From, o.To, Bucket.Week, MethodologyV1.DefaultHalfLifeDays);
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

async Task<(IReadOnlyList<SeriesPoint> Points, double TotalMs, double LoadMs, double CpuMs)> TimeEndpoint(string outletId)
{
    var cpu = CpuMs();
    var started = Stopwatch.GetTimestamp();
    await using var db = NewDb();
    var (points, load) = await ScorePaths.EndpointAsync(db, For(outletId));
    return (points, Stopwatch.GetElapsedTime(started).TotalMilliseconds, load, CpuMs() - cpu);
}

async Task<(IReadOnlyList<SeriesPoint> Points, double TotalMs, double CpuMs)> TimeNaive(string outletId)
{
    var cpu = CpuMs();
    var started = Stopwatch.GetTimestamp();
    await using var db = NewDb();
    var points = await ScorePaths.NaiveAsync(db, For(outletId));
    return (points, Stopwatch.GetElapsedTime(started).TotalMilliseconds, CpuMs() - cpu);
}

var loadBefore = LoadAverage();

// Cold: the first series of the process on a fresh connection (EF's model exists already, its queries are not compiled).
SqliteConnection.ClearAllPools();
var cold = await TimeEndpoint(single);
var singleRuns = new List<double>();
var singleLoads = new List<double>();
var singleCpu = new List<double>();
for (var i = 0; i < o.SingleOutletRuns; i++)
{
    var run = await TimeEndpoint(single);
    singleRuns.Add(run.TotalMs);
    singleLoads.Add(run.LoadMs);
    singleCpu.Add(run.CpuMs);
}

for (var i = 0; i < o.Warmup; i++)
{
    await TimeEndpoint(warmupOutlets[i % warmupOutlets.Count]);
    await TimeNaive(warmupOutlets[i % warmupOutlets.Count]);
}

var endpointRuns = new List<double>();
var endpointLoads = new List<double>();
var endpointCpu = new List<double>();
var naiveRuns = new List<double>();
var naiveCpu = new List<double>();
var compared = 0;
var nonEmptyBuckets = 0;
foreach (var outletId in measured)
{
    IReadOnlyList<SeriesPoint>? endpointPoints = null;
    for (var i = 0; i < o.EndpointRuns; i++)
    {
        var run = await TimeEndpoint(outletId);
        endpointRuns.Add(run.TotalMs);
        endpointLoads.Add(run.LoadMs);
        endpointCpu.Add(run.CpuMs);
        endpointPoints = run.Points;
    }

    IReadOnlyList<SeriesPoint>? naivePoints = null;
    for (var i = 0; i < o.NaiveRuns; i++)
    {
        var run = await TimeNaive(outletId);
        naiveRuns.Add(run.TotalMs);
        naiveCpu.Add(run.CpuMs);
        naivePoints = run.Points;
    }

    var differences = ScorePaths.Compare(naivePoints!, endpointPoints!);
    compared += endpointPoints!.Count;
    nonEmptyBuckets += endpointPoints.Count(p => p.Articles > 0);
    failures.AddRange(differences.Take(10).Select(d => $"{outletId}: naive vs endpoint: {d}"));
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

// --- 3. Report ----------------------------------------------------------------------------------------
var ratio = Median(naiveRuns) / Median(endpointRuns);
Line();
Line($"5-year weekly series ({o.From:yyyy-MM-dd}..{o.To:yyyy-MM-dd}, {Buckets.Count(o.From, o.To, Bucket.Week)} ISO weeks), dimension factual_accuracy, half-life 180 days; " +
     $"{o.MeasuredOutlets} random outlets, each timed {o.EndpointRuns}x on the endpoint path and {o.NaiveRuns}x naive, interleaved, after {o.Warmup} warm-up runs of each. " +
     "Every run includes creating the DbContext, as a request does. " +
     $"Load average (1 min) {loadBefore} before the measurements, {loadAfter} after; CPU ms is this process's CPU time per run, less sensitive to other load on the machine than wall time.");
Line();
Line("| path | runs | median ms | p95 ms | min ms | max ms | median CPU ms |");
Line("|---|--:|--:|--:|--:|--:|--:|");
Row("endpoint path: ScoreInputLoader.FromRollupsAsync + SeriesBuilder.Build", endpointRuns, endpointCpu);
Row("&nbsp;&nbsp;of which FromRollupsAsync (queries + materialisation)", endpointLoads);
Row("naive: current ratings of all outlets from Annotations, recomputed in memory", naiveRuns, naiveCpu);
Line();
Line($"**Ratio of medians (naive / endpoint path): {ratio:F1}x** (target: at least 50x)");
Line();
Line($"Single outlet (`{single}`), 5-year weekly series on the endpoint path:");
Line();
Line("| run | runs | median ms | p95 ms | min ms | max ms | median CPU ms |");
Line("|---|--:|--:|--:|--:|--:|--:|");
Row("cold: first series of the process, new connection, EF queries not yet compiled", [cold.TotalMs], [cold.CpuMs]);
Row("warm", singleRuns, singleCpu);
Row("&nbsp;&nbsp;of which FromRollupsAsync", singleLoads);
Row($"write path: RollupMaintenance.RefreshAsync of one random (article, dimension), rolled back", writeRuns);
Line();
Line($"Target \"well under 50 ms\" for the warm series: {(Median(singleRuns) < 25 ? "met" : Median(singleRuns) < 50 ? "under 50 ms, but not by much" : "NOT met")} (median {Median(singleRuns):F1} ms).");
Line();
Line($"Same numbers on both paths: {(failures.Count == 0 ? "yes" : "NO")} — {compared:N0} points compared ({nonEmptyBuckets:N0} with data): " +
     "articles, ratings, annotators, raw mean and sd, posterior mean/sd/interval, decayed score, alpha with its counts, and the prior " +
     "(counts exactly, doubles to 1e-9 relative, since the two paths sum in different orders).");
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

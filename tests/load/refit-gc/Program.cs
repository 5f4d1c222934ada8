using System.Diagnostics;
using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

// Issue 13: what methodology v2's refit does to the requests around it through the garbage collector. A "request" thread
// allocates short-lived garbage at a steady rate (NOISE_MBPS, default 180: what 1,700 rating writes a second allocate)
// and times the gaps in its own loop, while the refit (or one of its phases) runs; the GC's own pause of each collection
// is read beside it. Server GC and the API's first-generation budget, as the API runs.
//   dotnet run -c Release --project tests/load/refit-gc -- DB [DIMENSION] [RUNS] [refit|read|fit|priors|none]
//   dotnet run -c Release --project tests/load/refit-gc -- golden DB OUT   (every dimension's fit and priors, to the bit)
// DB: a copy of the load data set (the refit writes its rows). See docs/benchmarks/refit-gc-2026-12-07.md.
if (args is ["golden", var goldenDb, var goldenOut])
{
    await Golden.RunAsync(goldenDb, goldenOut);
    return;
}

var path = args[0];
var dimension = args.ElementAtOrDefault(1) ?? "factual_accuracy";
var runs = int.Parse(args.ElementAtOrDefault(2) ?? "3", System.Globalization.CultureInfo.InvariantCulture);
var mode = args.ElementAtOrDefault(3) ?? "refit";
var options = new DbContextOptionsBuilder<SqliteCredibilityDbContext>().UseSqlite($"Data Source={path}").Options;
List<RatingRow>? held = null;
if (mode is "fit" or "priors")
{
    await using var db = new SqliteCredibilityDbContext(options);
    held = await V2Model.CurrentRatingsAsync(db, dimension, CancellationToken.None);
    GC.Collect();
}

var probe = new Probe(double.Parse(Environment.GetEnvironmentVariable("NOISE_MBPS") ?? "180", System.Globalization.CultureInfo.InvariantCulture) * 1e6);
probe.Start();
for (var run = 0; run < runs; run++)
{
    await Task.Delay(1500);
    await using var db = new SqliteCredibilityDbContext(options);
    var fit = mode == "priors" ? V2Model.Fit(held!, 100, Methodology.V2) : null;
    probe.Reset();
    var started = Stopwatch.StartNew();
    var phases = "";
    switch (mode)
    {
        case "none":
            await Task.Delay(2300);
            break;
        case "read":
            await V2Model.CurrentRatingsAsync(db, dimension, CancellationToken.None);
            break;
        case "fit":
            V2Model.Fit(held!, 100, Methodology.V2);
            break;
        case "priors":
            _ = V2Model.Priors(held!, fit!, 100, Methodology.V2, Enum.GetValues<Bucket>()).Count();
            break;
        default:
            var result = await V2Refitter.RefitAsync(db, dimension, TimeProvider.System, CancellationToken.None);
            phases = $" (read {result.Read.TotalMilliseconds:0}, fit {result.Fit.TotalMilliseconds:0}, priors {result.PriorsTime.TotalMilliseconds:0}, write {result.Write.TotalMilliseconds:0})";
            break;
    }

    Console.WriteLine($"run {run} {mode}: {started.Elapsed.TotalMilliseconds:0} ms{phases}; {probe.Report()}");
}

probe.Stop();

/// <summary>The "request" thread: allocates at a steady rate, keeps the last 20,000 objects alive, and records its stalls and the GC's pauses.</summary>
internal sealed class Probe(double bytesPerSecond)
{
    private readonly object _gate = new();
    private readonly List<double> _gaps = [];
    private readonly List<(double At, double Gap)> _stalls = [];
    private readonly List<(int Generation, double Ms)> _pauses = [];
    private long _since = Stopwatch.GetTimestamp();
    private TimeSpan _pause0;
    private int[] _counts0 = [0, 0, 0];
    private long _allocated0;
    private volatile bool _stop;
    private Thread? _thread;

    public void Start()
    {
        _thread = new Thread(Loop) { IsBackground = true };
        _thread.Start();
    }

    public void Stop() => _stop = true;

    public void Reset()
    {
        lock (_gate)
        {
            _gaps.Clear();
            _stalls.Clear();
            _pauses.Clear();
            _since = Stopwatch.GetTimestamp();
            _pause0 = GC.GetTotalPauseDuration();
            _counts0 = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            _allocated0 = GC.GetTotalAllocatedBytes();
        }
    }

    public string Report()
    {
        lock (_gate)
        {
            var gaps = _gaps.Order().ToArray();
            return $"GC pause {(GC.GetTotalPauseDuration() - _pause0).TotalMilliseconds:0} ms, " +
                   $"gen0/1/2 {GC.CollectionCount(0) - _counts0[0]}/{GC.CollectionCount(1) - _counts0[1]}/{GC.CollectionCount(2) - _counts0[2]}, " +
                   $"allocated {(GC.GetTotalAllocatedBytes() - _allocated0) / 1e6:0} MB; " +
                   $"largest GC pauses {string.Join(" ", _pauses.OrderByDescending(p => p.Ms).Take(6).Select(p => $"g{p.Generation}:{p.Ms:0.0}"))}; " +
                   $"stalls >10 ms {gaps.Count(g => g > 10)}, >25 ms {gaps.Count(g => g > 25)}, max {(gaps.Length > 0 ? gaps[^1] : 0):0.0} ms; " +
                   $"at (ms:stall) {string.Join(" ", _stalls.Select(s => $"{s.At:0}:{s.Gap:0}"))}";
        }
    }

    private void Loop()
    {
        var ring = new object[20000];
        var i = 0;
        var begin = Stopwatch.GetTimestamp();
        var last = begin;
        long bytes = 0;
        long lastGc = 0;
        while (!_stop)
        {
            for (var n = 0; n < 200; n++)
            {
                var size = 64 + (i % 512);
                ring[i++ % ring.Length] = new byte[size];
                bytes += size + 24;
            }

            while (bytes > Stopwatch.GetElapsedTime(begin).TotalSeconds * bytesPerSecond)
            {
                Thread.Sleep(1);
            }

            var info = GC.GetGCMemoryInfo(GCKind.Any);
            var now = Stopwatch.GetTimestamp();
            var gap = Stopwatch.GetElapsedTime(last, now).TotalMilliseconds;
            lock (_gate)
            {
                if (info.Index != lastGc)
                {
                    lastGc = info.Index;
                    _pauses.Add((info.Generation, (info.PauseDurations[0] + info.PauseDurations[1]).TotalMilliseconds));
                }

                if (gap > 2)
                {
                    _gaps.Add(gap);
                }

                if (gap > 10)
                {
                    _stalls.Add((Stopwatch.GetElapsedTime(_since, now).TotalMilliseconds, gap));
                }
            }

            last = now;
        }
    }
}

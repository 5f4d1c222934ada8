using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Aggregation;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CredibilityApi.Tests.Reliability;

/// <summary>
/// Two API processes on one SQLite file (WAL), started at the same moment on an empty database, as two nodes behind
/// a load balancer. Shown: the first start creates exactly one admin and neither node crashes; writers on both nodes
/// and reads on both get no 5xx and no stall, and each writer reads its own rating back at once from the node it
/// wrote to; exactly one node applies the rollup queue at any time (every applied batch logs its node and interval,
/// and no two nodes' intervals overlap); killing the lease holder with SIGKILL hands the lease to the other node,
/// which drains the queue; and the rollups end equal to a recomputation from the raw rows.
/// <para>
/// The short form (one round) runs with the suite; <c>TWO_NODE_ROUNDS=20 dotnet test --filter TwoNode</c> runs more
/// rounds, each killing the holder and starting it again.
/// </para>
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class TwoNodeTests(ITestOutputHelper output)
{
    private const string AdminKey = "cred_twonode_admin_key_0123456789abcdef";
    private const double LeaseSeconds = 2;

    /// <summary>The read's bound (<c>Rollups:ReadWaitMilliseconds</c>, left at its default): only a read that waited it out may miss a write.</summary>
    private static readonly TimeSpan ReadWait = TimeSpan.FromMilliseconds(2000);
    private static readonly string[] Dimensions = ["factual_accuracy", "slant"];

    [Fact]
    public async Task Two_nodes_on_one_database_start_together_apply_one_at_a_time_and_hand_the_lease_over()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("TWO_NODE_ROUNDS"), CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 1;
        var total = Stopwatch.StartNew();
        var databasePath = Path.Combine(Path.GetTempPath(), $"credibility-two-nodes-{Guid.NewGuid():N}.db");
        await using var a = new ApiProcess(databasePath, AdminKey, Settings("node-a"));
        await using var b = new ApiProcess(databasePath, AdminKey, Settings("node-b"));
        var nodes = new Dictionary<string, ApiProcess> { ["node-a"] = a, ["node-b"] = b };
        try
        {
            // Both at the same moment, on a file that does not exist yet.
            var starts = await Task.WhenAll(a.StartAsync(TimeSpan.FromSeconds(90)), b.StartAsync(TimeSpan.FromSeconds(90)));
            output.WriteLine($"started together: node-a ready in {starts[0].TotalMilliseconds:0} ms, node-b in {starts[1].TotalMilliseconds:0} ms");
            await using (var db = OpenReadOnly(databasePath))
            {
                (await db.Accounts.CountAsync(x => x.Role == CredibilityApi.Domain.Role.Admin)).ShouldBe(1, "two nodes starting together create one admin");
                (await db.ApiKeys.CountAsync()).ShouldBe(1);
            }

            a.Running.ShouldBeTrue();
            b.Running.ShouldBeTrue();
            JournalMode(databasePath).ShouldBe("wal");

            // A key revoked on node A is refused on node B within Auth:RevocationCheckSeconds (1 s), though B had it cached.
            var adminA = a.CreateApiClient(AdminKey);
            var account = await adminA.CreateAccountAsync(new CreateAccountRequest { Name = "Revoked across nodes", Role = CredibilityApi.Client.Role.Researcher });
            var issued = await adminA.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "revoked on a" });
            using (var onB = b.CreateHttpClient(issued.Key))
            {
                (await onB.GetAsync("/api/v1/me")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
                await adminA.RevokeKeyAsync(account.Id, issued.Id);
                var revoked = Stopwatch.StartNew();
                System.Net.HttpStatusCode status;
                do
                {
                    status = (await onB.GetAsync("/api/v1/me")).StatusCode;
                }
                while (status == System.Net.HttpStatusCode.OK && revoked.Elapsed < TimeSpan.FromSeconds(10) && await Delay());

                status.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
                revoked.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3), "node B refuses a key revoked on node A within about Auth:RevocationCheckSeconds");
                output.WriteLine($"a key revoked on node-a was refused by node-b after {revoked.Elapsed.TotalMilliseconds:0} ms");
            }

            var world = await World.CreateAsync(a.CreateApiClient(AdminKey), b.CreateApiClient(AdminKey));
            var readAfterWrite = new ConcurrentBag<(ApiProcess Node, DateTime EndedAt, double Milliseconds)>();
            var steady = new List<(bool OnHolder, double Milliseconds)>();
            for (var round = 1; round <= rounds; round++)
            {
                var holder = await HolderAsync(databasePath);
                holder.ShouldNotBeNull("one node holds the rollup lease");
                var survivorName = holder == "node-a" ? "node-b" : "node-a";
                var (leader, survivor) = (nodes[holder], nodes[survivorName]);

                // Writers on both nodes, each reading its own rating back from the node it wrote to, plus readers of the ranking.
                using var stop = new CancellationTokenSource();
                var writers = world.Writers.Select((w, i) => new Writer(w, i % 2 == 0 ? a : b, world, new Random(i + (round * 10)), readAfterWrite)).ToList();
                var running = writers.Select(w => Task.Run(() => w.RunAsync(stop.Token))).ToList();
                var readers = new[] { a, b }.Select(n => Task.Run(() => ReadRankingsAsync(n, stop.Token))).ToList();

                // The kill lands once every writer has read its own writes back a few times (the first requests after a start are slow).
                var warm = Stopwatch.StartNew();
                while (writers.Any(w => w.Reads < 5) && warm.Elapsed < TimeSpan.FromSeconds(20) && running.All(t => !t.IsCompleted))
                {
                    await Task.Delay(50);
                }

                // The holder dies the hard way while writes flow; the other node must take the lease over and drain the queue.
                var killedAt = Stopwatch.StartNew();
                var killedAtUtc = DateTime.UtcNow;
                leader.Kill().ShouldBe(137);
                string? owner = holder;
                while (owner != survivorName && killedAt.Elapsed < TimeSpan.FromSeconds(20))
                {
                    await Task.Delay(50);
                    owner = await HolderAsync(databasePath);
                }

                var takeover = killedAt.Elapsed;

                // Reads that ended before the kill: on the lease holder (its own applier, nudged) or on the other node (polling).
                steady.AddRange(readAfterWrite.Where(x => x.EndedAt < killedAtUtc).Select(x => (x.Node == leader, x.Milliseconds)));
                readAfterWrite.Clear();
                owner.ShouldBe(survivorName, $"the lease passes to {survivorName} after {holder} is killed");
                await Task.Delay(TimeSpan.FromSeconds(1));
                await stop.CancelAsync();
                await Task.WhenAll(running.Concat(readers));

                var drained = await DrainedAsync(databasePath, TimeSpan.FromSeconds(20));
                drained.ShouldNotBeNull($"{survivorName} drains the queue");
                survivor.Running.ShouldBeTrue($"{survivorName} kept running");
                var failures = writers.SelectMany(w => w.Failures).ToList();
                failures.ShouldBeEmpty();

                // Read-your-writes holds while a node holds the lease. Between the holder's death and the takeover nobody
                // applies: a read there waits out its bound and answers without the newest rating. Any other stale read is a bug.
                var stale = writers.SelectMany(w => w.Stale).ToList();
                foreach (var read in stale)
                {
                    read.Elapsed.ShouldBeGreaterThanOrEqualTo(ReadWait - TimeSpan.FromMilliseconds(50), $"a read answered without its own write after only {read.Elapsed.TotalMilliseconds:0} ms");
                    (read.StartedAt + read.Elapsed).ShouldBeGreaterThanOrEqualTo(killedAtUtc, "a read missed its own write while the lease holder was alive");
                }
                writers.Sum(w => w.Acknowledged).ShouldBeGreaterThan(0);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: {writers.Sum(w => w.Acknowledged)} ratings acknowledged ({writers.Sum(w => w.Refused)} refused with 409 as concurrent), {writers.Sum(w => w.Reads)} reads of their own writes " +
                    $"({stale.Count} waited out the {ReadWait.TotalMilliseconds:0} ms bound during the takeover); killed {holder}; " +
                    $"{survivorName} held the lease after {takeover.TotalMilliseconds:0} ms (lease {LeaseSeconds} s) and drained the queue {drained!.Value.TotalMilliseconds:0} ms later"));

                // The killed node joins again, and the next round kills the holder then (the long form; the short form stops here).
                if (round < rounds)
                {
                    var restart = await leader.StartAsync(TimeSpan.FromSeconds(90));
                    output.WriteLine($"round {round}: {holder} restarted in {restart.TotalMilliseconds:0} ms");
                }
            }

            foreach (var onHolder in new[] { true, false })
            {
                var latencies = steady.Where(x => x.OnHolder == onHolder).Select(x => x.Milliseconds).Order().ToList();
                latencies.Count.ShouldBeGreaterThan(0);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"read right after a write, same node, {(onHolder ? "the lease holder" : "the other node")}: n={latencies.Count}, " +
                    $"median {Percentile(latencies, 0.5):0} ms, p95 {Percentile(latencies, 0.95):0} ms, max {latencies[^1]:0} ms"));
            }

            (await DrainedAsync(databasePath, TimeSpan.FromSeconds(20))).ShouldNotBeNull();
            a.Kill();
            b.Kill();

            // Each node was killed once per round it held the lease, and both at the end: no more lines may be cut than that.
            (CutLines(a.Output) + CutLines(b.Output)).ShouldBeLessThanOrEqualTo(rounds + 2, "log lines that are not whole JSON entries (only a kill may cut one)");
            var batches = Batches(a.Output.Concat(b.Output)).OrderBy(x => x.Start).ToList();
            batches.Select(x => x.Node).Distinct().Count().ShouldBe(2, "both nodes applied batches: the first holder, then the one that took over");
            foreach (var (first, second) in batches.Zip(batches.Skip(1)))
            {
                if (first.Node != second.Node)
                {
                    second.Start.ShouldBeGreaterThanOrEqualTo(first.End, $"{first.Node}'s batch ({first.Start:O}..{first.End:O}) overlaps {second.Node}'s ({second.Start:O})");
                }
            }

            output.WriteLine($"{batches.Count} applied batches: {string.Join(", ", batches.GroupBy(x => x.Node).Select(g => $"{g.Key} {g.Count()}"))}, no two nodes' batches overlapping");

            // Each hand-over is in the log: the node taking the rollup lease says so, with the lease's generation.
            var acquisitions = LeaseEvents(a.Output.Concat(b.Output), "acquired", LeaseStore.Rollups).ToList();
            acquisitions.Select(x => x.Node).Distinct().Count().ShouldBe(2);
            acquisitions.Count.ShouldBeGreaterThanOrEqualTo(1 + rounds, "a first holder, then one take-over per kill");
            output.WriteLine($"rollup lease acquisitions logged: {string.Join(", ", acquisitions.Select(x => $"{x.Node} (generation {x.Generation})"))}");
            await using (var db = OpenReadOnly(databasePath))
            {
                (await db.PendingRollups.CountAsync()).ShouldBe(0);
                foreach (var outlet in world.OutletIds)
                {
                    await RollupReference.AssertMatchesAsync(db, outlet);
                }
            }

            output.WriteLine($"TwoNode: {rounds} rounds in {total.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            a.Kill();
            b.Kill();
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(databasePath + suffix);
            }
        }
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(25);
        return true;
    }

    private static Dictionary<string, string> Settings(string node) => new()
    {
        ["Node__Id"] = node,
        ["Rollups__LeaseSeconds"] = LeaseSeconds.ToString(CultureInfo.InvariantCulture),
        ["Logging__LogLevel__CredibilityApi.Aggregation.RollupApplier"] = "Debug",
        ["Logging__LogLevel__CredibilityApi.Data.LeaseStore"] = "Information",
        ["Logging__Console__FormatterName"] = "json",
    };

    private static async Task ReadRankingsAsync(ApiProcess node, CancellationToken stop)
    {
        var client = node.CreateApiClient(AdminKey);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var watch = Stopwatch.StartNew();
                await client.RankOutletsAsync("factual_accuracy", new DateOnly(2023, 1, 1), new DateOnly(2024, 1, 1), minArticles: 1, cancellationToken: CancellationToken.None);
                watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "a read stalled");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // The node was killed under the reader (its exit is seen a moment after the refused connection).
                await Task.Delay(500, CancellationToken.None);
                node.Running.ShouldBeFalse($"a read failed while the node was running: {e.Message}");
                return;
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>The node holding the rollup lease now (owner and unexpired), or null.</summary>
    private static async Task<string?> HolderAsync(string path)
    {
        await using var db = OpenReadOnly(path);
        var lease = await db.Leases.AsNoTracking().SingleOrDefaultAsync(l => l.Name == LeaseStore.Rollups);
        return lease is not null && lease.Owner != "" && lease.ExpiresAt > DateTime.UtcNow ? lease.Owner : null;
    }

    /// <summary>How long until the queue was empty, or null if it was not within <paramref name="timeout"/>.</summary>
    private static async Task<TimeSpan?> DrainedAsync(string path, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            await using (var db = OpenReadOnly(path))
            {
                if (!await db.PendingRollups.AnyAsync())
                {
                    return watch.Elapsed;
                }
            }

            await Task.Delay(50);
        }

        return null;
    }

    private sealed record Batch(string Node, int Changes, DateTimeOffset Start, DateTimeOffset End);

    /// <summary>The applied batches the nodes logged (JSON console log, one entry a line).</summary>
    private static IEnumerable<Batch> Batches(IEnumerable<string> lines)
    {
        foreach (var state in States(lines, "pending rollup changes from"))
        {
            yield return new Batch(
                state.GetProperty("NodeId").GetString()!,
                state.GetProperty("Pending").GetInt32(),
                DateTimeOffset.Parse(state.GetProperty("BatchStart").GetString()!, CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(state.GetProperty("BatchEnd").GetString()!, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The lease events the nodes logged (<see cref="LeaseStore"/>), e.g. every acquisition of one lease.</summary>
    private static IEnumerable<(string Node, long Generation)> LeaseEvents(IEnumerable<string> lines, string verb, string lease)
    {
        foreach (var state in States(lines, $" {verb} lease {lease} "))
        {
            yield return (state.GetProperty("NodeId").GetString()!, state.GetProperty("Generation").GetInt64());
        }
    }

    /// <summary>
    /// The <c>State</c> of every log entry whose line contains <paramref name="text"/>. A node killed while writing a line
    /// leaves it cut (the console writes a long line in 256-character pieces): such a line is not an entry, and is skipped.
    /// At most one line is cut per kill (<see cref="CutLines"/>).
    /// </summary>
    private static IEnumerable<JsonElement> States(IEnumerable<string> lines, string text)
    {
        foreach (var line in lines.Where(l => l.StartsWith('{') && l.Contains(text, StringComparison.Ordinal)))
        {
            if (Entry(line) is { } entry)
            {
                yield return entry.GetProperty("State");
            }
        }
    }

    /// <summary>The log lines of a node's output that are not whole JSON entries: those a kill cut off.</summary>
    private static int CutLines(IEnumerable<string> lines) => lines.Count(l => l.StartsWith('{') && Entry(l) is null);

    private static JsonElement? Entry(string line)
    {
        try
        {
            using var entry = JsonDocument.Parse(line);
            return entry.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string JournalMode(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        return (string)command.ExecuteScalar()!;
    }

    private static SqliteCredibilityDbContext OpenReadOnly(string path) =>
        new(new DbContextOptionsBuilder<SqliteCredibilityDbContext>()
            .UseSqlite($"Data Source={path};Mode=ReadOnly;Pooling=False")
            .Options);

    /// <summary>
    /// Two annotators (each writing through both nodes), shared outlets whose articles all writers rate, and for every
    /// writer an outlet of its own whose one article only it rates, so the rating it reads back is exactly its last one.
    /// </summary>
    private sealed record World(IReadOnlyList<WriterSetup> Writers, IReadOnlyList<string> OutletIds, IReadOnlyList<string> SharedArticles)
    {
        public static async Task<World> CreateAsync(CredibilityApiClient adminA, CredibilityApiClient adminB)
        {
            var annotators = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                var account = await adminA.CreateAccountAsync(new CreateAccountRequest { Name = $"Node annotator {i}", Role = Role.Annotator });
                annotators.Add((await adminA.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "two-nodes" })).Key);
            }

            var outlets = new List<string>();
            var shared = new List<string>();
            for (var o = 0; o < 2; o++)
            {
                var domain = Unique.Domain();
                outlets.Add((await adminB.RegisterOutletAsync(Requests.Outlet(domain))).Id);
                for (var x = 0; x < 3; x++)
                {
                    var published = new DateTimeOffset(2023, 3, 1 + x, 8 + o, 0, 0, TimeSpan.Zero);
                    shared.Add((await adminB.RegisterArticleAsync(Requests.Article($"https://{domain}/shared/{x}", publishedAt: published))).Id);
                }
            }

            var writers = new List<WriterSetup>();
            for (var w = 0; w < 4; w++)
            {
                var domain = Unique.Domain();
                var outlet = await adminA.RegisterOutletAsync(Requests.Outlet(domain));
                outlets.Add(outlet.Id);
                var day = new DateTimeOffset(2023, 5, 1 + w, 12, 0, 0, TimeSpan.Zero);
                var own = await adminA.RegisterArticleAsync(Requests.Article($"https://{domain}/own", publishedAt: day));
                writers.Add(new WriterSetup(annotators[w / 2], outlet.Id, own.Id, DateOnly.FromDateTime(day.UtcDateTime)));
            }

            return new World(writers, outlets, shared);
        }
    }

    private sealed record WriterSetup(string Key, string OutletId, string OwnArticleId, DateOnly Day);

    /// <summary>Rates shared articles and its own, through one node, and reads its own rating back from that node at once.</summary>
    private sealed class Writer(WriterSetup setup, ApiProcess node, World world, Random random, ConcurrentBag<(ApiProcess Node, DateTime EndedAt, double Milliseconds)> readAfterWrite)
    {
        public int Acknowledged { get; private set; }
        public int Reads { get; private set; }
        public int Refused { get; private set; }
        public List<string> Failures { get; } = [];

        /// <summary>Reads that answered without the rating just written: when they began and how long they waited.</summary>
        public List<(DateTime StartedAt, TimeSpan Elapsed)> Stale { get; } = [];

        public async Task RunAsync(CancellationToken stop)
        {
            var client = node.CreateApiClient(setup.Key);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var shared = world.SharedArticles[random.Next(world.SharedArticles.Count)];
                    await client.RateArticleAsync(shared, Rating(random.Next(0, 101)), Guid.NewGuid().ToString("N"), CancellationToken.None);
                    Acknowledged++;

                    var value = random.Next(0, 101);
                    await client.RateArticleAsync(setup.OwnArticleId, Rating(value), Guid.NewGuid().ToString("N"), CancellationToken.None);
                    Acknowledged++;

                    var startedAt = DateTime.UtcNow;
                    var watch = Stopwatch.StartNew();
                    var series = await client.GetScoreSeriesAsync(setup.OutletId, "factual_accuracy", Bucket.Day, setup.Day, setup.Day.AddDays(1), cancellationToken: CancellationToken.None);
                    if (Reads >= 2)
                    {
                        // A writer's first reads of a round are left out of the latencies: they meet a freshly started node's cold code.
                        readAfterWrite.Add((node, DateTime.UtcNow, watch.Elapsed.TotalMilliseconds));
                    }

                    Reads++;
                    watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "a read stalled");
                    var point = series.Points.Single();
                    if (point.RawMean != value)
                    {
                        Stale.Add((startedAt, watch.Elapsed));
                    }
                }
                catch (ApiException e) when (e.StatusCode == 409)
                {
                    // The same annotator rated the same shared article through the other node at the same moment: a
                    // refusal that changes nothing, as the API documents.
                    Refused++;
                }
                catch (ApiException e) when (e.StatusCode >= 500)
                {
                    Failures.Add($"{e.StatusCode}: {e.Response}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The node was killed under this writer (its exit is seen a moment after the refused connection); the
                    // round goes on with the other node's writers.
                    await Task.Delay(500, CancellationToken.None);
                    if (node.Running)
                    {
                        Failures.Add($"a request failed while the node was running: {e.Message}");
                    }

                    return;
                }
            }
        }

        private static RateArticleRequest Rating(int value) => new()
        {
            RubricVersion = 1,
            Values = Dimensions.Select(d => new RatingValue { Dimension = d, Value = d == "slant" ? value - 50 : value }).ToList(),
            Tags = [],
        };
    }
}

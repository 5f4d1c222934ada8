using System.Diagnostics;
using System.Globalization;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Aggregation;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using DomainKind = CredibilityApi.Domain.AnnotationKind;
using DomainStatus = CredibilityApi.Domain.AnnotationStatus;

namespace CredibilityApi.Tests.Reliability;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection
{
    public const string Name = "crash";
}

/// <summary>
/// The API runs as its own process on a SQLite file while several annotators write at once; at a random
/// moment the process is killed with SIGKILL, then started again on the same file, round after round.
/// After every kill: each write that was answered 2xx is there with the content it was answered with (or a
/// later acknowledged one); a write in flight at the kill is either wholly there or not at all; the file
/// passes <c>PRAGMA integrity_check</c> and <c>foreign_key_check</c>; every annotation has all its revisions;
/// the rollups equal a recomputation from the raw rows; and a retry of an Idempotency-Key whose request
/// died with the process gets a final answer instead of "in progress" for ever.
/// <para>
/// The short form (3 rounds, 2 if starts are slow) runs with the suite; <c>CRASH_ROUNDS=200 dotnet test --filter CrashSafety</c> runs
/// more, and <c>CRASH_SEED</c> repeats a run's choices (the seed is printed).
/// </para>
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const string AdminKey = "cred_crash_admin_key_0123456789abcdef";
    private const int DefaultRounds = 3;

    private static readonly string[] Dimensions = ["factual_accuracy", "slant"];

    private const string Body =
        "Forces advanced 40 km overnight, a spokesman said on Twitter. " +
        "A resident, quoted by the Daily Example, said the town fell at dawn. " +
        "An unnamed official said the bridge was destroyed. " +
        "Officials called them marauding militants; the mayor denied any damage. " +
        "Prices of bread doubled within a week, traders reported.";

    private static readonly string[] Quotes =
    [
        "Forces advanced 40 km overnight", "the town fell at dawn", "the bridge was destroyed",
        "the mayor denied any damage", "Prices of bread doubled within a week",
    ];

    [Fact]
    public async Task Acknowledged_writes_survive_SIGKILL_and_nothing_half_written_is_visible()
    {
        var rounds = ReadSetting("CRASH_ROUNDS", 0);
        var shortForm = rounds == 0;
        rounds = shortForm ? DefaultRounds : rounds;
        var seed = ReadSetting("CRASH_SEED", Environment.TickCount & 0x7fffffff);
        output.WriteLine($"CrashSafety: {rounds} rounds, seed {seed} (CRASH_ROUNDS, CRASH_SEED), API {ApiProcess.ApiAssembly}");
        var random = new Random(seed);
        var total = Stopwatch.StartNew();

        var databasePath = Path.Combine(Path.GetTempPath(), $"credibility-crash-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string> { ["Idempotency__InFlightTimeoutSeconds"] = "1" };
        await using var api = new ApiProcess(databasePath, AdminKey, settings);
        try
        {
            var startup = await api.StartAsync(TimeSpan.FromSeconds(90));
            output.WriteLine($"first start: {startup.TotalMilliseconds:0} ms");
            var world = await World.CreateAsync(api, random);
            var writers = world.Annotators.Select((a, i) => new Writer(a.Id, a.Key, world, new Random(seed + i + 1))).ToList();

            var completed = 0;
            for (var round = 1; round <= rounds; round++)
            {
                // Writers run until the process dies under them.
                using var stop = new CancellationTokenSource();
                var clients = writers.Select(w => api.CreateApiClient(w.Key)).ToList();
                var running = writers.Select((w, i) => Task.Run(() => w.RunAsync(clients[i], stop.Token))).ToList();

                // The kill lands at a random moment once every writer's writes flow (the first requests after a start are slow).
                var warm = Stopwatch.StartNew();
                while (writers.Any(w => w.AcknowledgedThisRound == 0) && warm.Elapsed < TimeSpan.FromSeconds(30) && running.All(t => !t.IsCompleted))
                {
                    await Task.Delay(20);
                }

                await Task.Delay(random.Next(0, 1500));
                var exitCode = api.Kill();
                stop.Cancel();
                await Task.WhenAll(running);
                exitCode.ShouldBe(137, "Process.Kill sends SIGKILL on Linux: 128 + 9");
                writers.Select(w => w.ServerError).OfType<string>().ShouldBeEmpty("server errors while writing");

                // The file as the crash left it, before the API touches it again.
                AssertFileIsSound(databasePath);
                var applied = 0;
                await using (var db = OpenReadOnly(databasePath))
                {
                    foreach (var writer in writers)
                    {
                        applied += await writer.AssertDurableAsync(db, replayed: false) ? 1 : 0;
                    }
                }

                await AssertWholeAsync(databasePath, world);

                var recovery = await api.StartAsync(TimeSpan.FromSeconds(90));

                // Retries of Idempotency-Keys whose requests were cut off get a final answer, and apply at most once.
                var retried = 0;
                foreach (var writer in writers)
                {
                    retried += await writer.RetryCutOffAsync(api.CreateApiClient(writer.Key));
                }

                await using (var db = OpenReadOnly(databasePath))
                {
                    foreach (var writer in writers)
                    {
                        await writer.AssertDurableAsync(db, replayed: true);
                        await writer.SyncAsync(db);
                    }
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round,3}: acknowledged {writers.Sum(w => w.AcknowledgedThisRound),4} writes ({writers.Sum(w => w.AcknowledgedTotal)} in all), " +
                    $"in flight at kill {writers.Count(w => w.CutOff is not null)} ({applied} of them applied), keyed retries {retried}, " +
                    $"other answers {writers.Sum(w => w.RefusedThisRound)}, restart to ready {recovery.TotalMilliseconds:0} ms"));
                foreach (var writer in writers)
                {
                    writer.NextRound();
                }

                completed = round;

                // On a loaded machine each start takes seconds: the short form stops early rather than hold up the suite.
                if (shortForm && round >= 2 && round < rounds && total.Elapsed > TimeSpan.FromSeconds(40))
                {
                    output.WriteLine($"short form: stopping after {round} rounds, {total.Elapsed.TotalSeconds:0} s in");
                    break;
                }
            }

            // The final state once more, with the API stopped.
            api.Kill();
            AssertFileIsSound(databasePath);
            await AssertWholeAsync(databasePath, world);

            writers.Sum(w => w.AcknowledgedTotal).ShouldBeGreaterThan(0);
            output.WriteLine($"CrashSafety: {completed} rounds in {total.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            api.Kill();
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(databasePath + suffix);
            }
        }
    }

    private static int ReadSetting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private static SqliteCredibilityDbContext OpenReadOnly(string path) =>
        new(new DbContextOptionsBuilder<SqliteCredibilityDbContext>()
            .UseSqlite($"Data Source={path};Mode=ReadOnly;Pooling=False")
            .Options);

    /// <summary>The SQLite file itself: no corruption, no dangling reference.</summary>
    private static void AssertFileIsSound(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var integrity = connection.CreateCommand();
        integrity.CommandText = "PRAGMA integrity_check;";
        var problems = new List<string>();
        using (var reader = integrity.ExecuteReader())
        {
            while (reader.Read())
            {
                problems.Add(reader.GetString(0));
            }
        }

        problems.ShouldBe(["ok"]);

        using var foreignKeys = connection.CreateCommand();
        foreignKeys.CommandText = "PRAGMA foreign_key_check;";
        var dangling = new List<string>();
        using (var reader = foreignKeys.ExecuteReader())
        {
            while (reader.Read())
            {
                dangling.Add($"{reader.GetString(0)} row {reader.GetValue(1)} -> {reader.GetString(2)}");
            }
        }

        dangling.ShouldBeEmpty();
    }

    /// <summary>
    /// Nothing half-written anywhere: every revision of every annotation, rollups that add up. A rating change
    /// commits with a queued rollup change (<c>PendingRollups</c>) that the app folds in later, so the file as
    /// the crash left it is checked on a scratch copy with its queued changes folded in, as the next start does:
    /// the rollups on disk plus what is queued must equal a recomputation from the raw rows.
    /// </summary>
    private static async Task AssertWholeAsync(string databasePath, World world)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"credibility-crash-check-{Guid.NewGuid():N}.db");
        try
        {
            // The main file and its write-ahead log hold every committed transaction between them.
            File.Copy(databasePath, copy);
            if (File.Exists(databasePath + "-wal"))
            {
                File.Copy(databasePath + "-wal", copy + "-wal");
            }

            await using var db = new SqliteCredibilityDbContext(new DbContextOptionsBuilder<SqliteCredibilityDbContext>()
                .UseSqlite($"Data Source={copy};Pooling=False")
                .Options);
            var pending = await db.PendingRollups.AsNoTracking().Select(p => new { p.ArticleId, p.Dimension }).ToListAsync();
            await CredibilityApi.Aggregation.RollupMaintenance.RefreshAsync(db, pending.Select(p => (p.ArticleId, p.Dimension)).Distinct().ToList(), CancellationToken.None);
            await db.PendingRollups.ExecuteDeleteAsync();
            await AssertWholeAsync(db, world);
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(copy + suffix);
            }
        }
    }

    private static async Task AssertWholeAsync(CredibilityDbContext db, World world)
    {
        var versions = await db.Annotations.AsNoTracking().Select(a => new { a.Id, a.Version }).ToListAsync();
        var revisions = (await db.AnnotationRevisions.AsNoTracking().Select(r => new { r.AnnotationId, r.Revision }).ToListAsync())
            .ToLookup(r => r.AnnotationId, r => r.Revision);
        foreach (var annotation in versions)
        {
            revisions[annotation.Id].Order().ShouldBe(Enumerable.Range(1, annotation.Version), $"revisions of {annotation.Id}");
        }

        var annotationIds = versions.Select(a => a.Id).ToHashSet();
        revisions.Select(g => g.Key).Where(id => !annotationIds.Contains(id)).ShouldBeEmpty("revisions without their annotation");

        foreach (var outlet in world.OutletIds)
        {
            await RollupReference.AssertMatchesAsync(db, outlet);
        }
    }

    /// <summary>Accounts, outlets and articles made once, before the first kill.</summary>
    private sealed record World(IReadOnlyList<(string Id, string Key)> Annotators, IReadOnlyList<string> OutletIds, IReadOnlyList<string> ArticleIds)
    {
        public static async Task<World> CreateAsync(ApiProcess api, Random random)
        {
            var admin = api.CreateApiClient(AdminKey);
            var annotators = new List<(string, string)>();
            for (var i = 0; i < 4; i++)
            {
                var account = await admin.CreateAccountAsync(new CreateAccountRequest { Name = $"Crash annotator {i}", Role = Role.Annotator });
                var key = await admin.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "crash" });
                annotators.Add((account.Id, key.Key));
            }

            var outlets = new List<string>();
            var articles = new List<string>();
            for (var o = 0; o < 2; o++)
            {
                var domain = Unique.Domain();
                var outlet = await admin.RegisterOutletAsync(Requests.Outlet(domain));
                outlets.Add(outlet.Id);
                for (var a = 0; a < 3; a++)
                {
                    // Two articles of an outlet share a day, and the outlets share days and weeks, so rollup rows merge.
                    var published = new DateTimeOffset(2022, 2, 1 + (a / 2), 6 + a, random.Next(60), 0, TimeSpan.Zero);
                    var article = await admin.RegisterArticleAsync(Requests.Article($"https://{domain}/crash/{a}", Body, published));
                    articles.Add(article.Id);
                }
            }

            return new World(annotators, outlets, articles);
        }
    }

    private sealed record RatingState(int Version, bool Retracted, double Value);

    /// <summary>What a request that got no answer may have done: the ratings it would set, or the marker of what it created.</summary>
    private sealed record Intent(
        string Description,
        string ArticleId,
        IReadOnlyDictionary<(string ArticleId, string Dimension), RatingState> Ratings,
        string? Marker = null,
        string? IdempotencyKey = null,
        string? Quote = null);

    /// <summary>
    /// One annotator writing in a loop. Only this writer changes its own annotations, so the last state it was
    /// answered with is the state the database must hold, unless the one request cut off by the kill went through.
    /// </summary>
    private sealed class Writer(string accountId, string key, World world, Random random)
    {
        private readonly Dictionary<(string ArticleId, string Dimension), RatingState> _ratings = [];
        private readonly Dictionary<(string ArticleId, string Dimension), string> _ratingIds = [];
        private readonly Dictionary<string, string> _created = [];   // marker -> id of an acknowledged note or claim
        private readonly List<string> _unanswered = [];              // markers of creations that got no answer

        public string Key => key;
        public int AcknowledgedThisRound { get; private set; }
        public int AcknowledgedTotal { get; private set; }
        public int RefusedThisRound { get; private set; }
        public Intent? CutOff { get; private set; }
        public string? ServerError { get; private set; }

        public void NextRound()
        {
            AcknowledgedThisRound = 0;
            RefusedThisRound = 0;
            CutOff = null;
        }

        public async Task RunAsync(CredibilityApiClient client, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var intent = Choose();
                try
                {
                    await Send(client, intent);
                    AcknowledgedThisRound++;
                    AcknowledgedTotal++;
                }
                catch (ApiException e) when (e.StatusCode < 500)
                {
                    // A refusal changes nothing; the model stays as it was.
                    RefusedThisRound++;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or ApiException)
                {
                    // No answer: the outcome is unknown, and this writer is done until the restart. A SIGKILL never
                    // produces a 5xx, so one is a fault of the API, reported after the round.
                    if (e is ApiException server)
                    {
                        ServerError = $"{intent.Description}: {server.StatusCode} {server.Response}";
                    }

                    CutOff = intent;
                    if (intent.Marker is not null)
                    {
                        _unanswered.Add(intent.Marker);
                    }

                    return;
                }
            }
        }

        private Intent Choose()
        {
            var articleId = world.ArticleIds[random.Next(world.ArticleIds.Count)];
            var keyed = random.Next(3) == 0 ? Guid.NewGuid().ToString() : null;
            var roll = random.Next(100);
            var mine = _ratings.Where(r => !r.Value.Retracted).Select(r => r.Key).ToList();

            if (roll < 15 && mine.Count > 0)
            {
                var target = mine[random.Next(mine.Count)];
                var state = _ratings[target];
                return new Intent("retract", target.ArticleId, new Dictionary<(string, string), RatingState> { [target] = state with { Version = state.Version + 1, Retracted = true } });
            }

            if (roll < 30 && mine.Count > 0)
            {
                var target = mine[random.Next(mine.Count)];
                var state = _ratings[target];
                return new Intent("edit", target.ArticleId, new Dictionary<(string, string), RatingState> { [target] = new(state.Version + 1, false, ValueFor(target.Dimension)) });
            }

            if (roll < 70)
            {
                // One or both dimensions in one request: both change, or neither.
                string[] dimensions = random.Next(3) == 0 ? Dimensions : [Dimensions[random.Next(Dimensions.Length)]];
                var ratings = dimensions.ToDictionary(d => (articleId, d), d =>
                    new RatingState(_ratings.TryGetValue((articleId, d), out var s) ? s.Version + 1 : 1, false, ValueFor(d)));
                return new Intent("rate", articleId, ratings, IdempotencyKey: keyed);
            }

            var marker = $"crash-{Guid.NewGuid():N}";
            var kind = roll < 80 ? "provenance" : roll < 90 ? "framing" : "claim";
            return new Intent(kind, articleId, new Dictionary<(string, string), RatingState>(), marker, keyed, Quotes[random.Next(Quotes.Length)]);
        }

        private double ValueFor(string dimension) => dimension == "slant" ? random.Next(-100, 101) : random.Next(0, 101);

        private async Task Send(CredibilityApiClient client, Intent intent)
        {
            switch (intent.Description)
            {
                case "retract":
                {
                    var (target, state) = intent.Ratings.Single();
                    var answered = await client.RetractAnnotationAsync(_ratingIds[target], new ReasonRequest { Reason = "crash test retraction" });
                    answered.Status.ShouldBe(AnnotationStatus.Retracted);
                    answered.Revision.ShouldBe(state.Version);
                    _ratings[target] = state;
                    break;
                }

                case "edit":
                {
                    var (target, state) = intent.Ratings.Single();
                    var current = await client.GetAnnotationAsync(_ratingIds[target]);
                    current.Revision.ShouldBe(state.Version - 1, "only this writer changes its ratings");
                    var answered = await client.EditAnnotationAsync(current.Id, current.Etag, new EditAnnotationRequest
                    {
                        Rating = new RatingEditInput { Value = state.Value },
                        Tags = [],
                    });
                    answered.Revision.ShouldBe(state.Version);
                    answered.Rating!.Value.ShouldBe(state.Value);
                    _ratings[target] = state;
                    break;
                }

                case "rate":
                {
                    var answered = await client.RateArticleAsync(intent.ArticleId, RateRequest(intent), intent.IdempotencyKey);
                    Acknowledge(intent, answered);
                    break;
                }

                default:
                {
                    var id = await Create(client, intent);
                    _created[intent.Marker!] = id;
                    break;
                }
            }
        }

        private static RateArticleRequest RateRequest(Intent intent) => new()
        {
            RubricVersion = 1,
            Values = intent.Ratings.Select(r => new RatingValue { Dimension = r.Key.Dimension, Value = r.Value.Value }).ToList(),
            Tags = [],
        };

        private void Acknowledge(Intent intent, RateArticleResponse answered)
        {
            foreach (var rating in answered.Ratings)
            {
                var target = (rating.ArticleId!, rating.Rating!.Dimension);
                var state = intent.Ratings[target];
                rating.Rating.Value.ShouldBe(state.Value);
                rating.Status.ShouldBe(AnnotationStatus.Active);
                _ratingIds[target] = rating.Id;
                _ratings[target] = state with { Version = rating.Revision };
            }
        }

        private async Task<string> Create(CredibilityApiClient client, Intent intent)
        {
            var articleId = intent.ArticleId;
            switch (intent.Description)
            {
                case "provenance":
                    return (await client.RecordProvenanceAsync(new RecordProvenanceRequest
                    {
                        Target = new AnnotationTarget { Type = TargetType.Article, Id = articleId },
                        Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Byline, Explanation = intent.Marker, EvidenceUrls = [] },
                        Tags = [],
                    }, intent.IdempotencyKey)).Id;
                case "framing":
                    return (await client.RecordFramingAsync(articleId, new RecordFramingRequest
                    {
                        Framing = new FramingInput { Technique = "loaded-language", Severity = 2, Comment = intent.Marker, Selector = new TextSelector { Exact = "marauding militants" } },
                        Tags = [],
                    }, intent.IdempotencyKey)).Id;
                default:
                    return (await client.RegisterClaimAsync(articleId, new RegisterClaimRequest
                    {
                        Selector = new TextSelector { Exact = intent.Quote! },
                        Claimant = new Claimant { Name = intent.Marker, Type = SourceType.Government },
                        Attribution = [],
                        Tags = [],
                    }, intent.IdempotencyKey)).Id;
            }
        }

        /// <summary>
        /// Every acknowledged write is there as acknowledged. The write cut off by the kill is there wholly or
        /// not at all (before its keyed retry), or exactly once (after it).
        /// </summary>
        /// <returns>Whether the cut-off write is in the database.</returns>
        public async Task<bool> AssertDurableAsync(CredibilityDbContext db, bool replayed)
        {
            var stored = await db.Annotations.AsNoTracking()
                .Where(a => a.AuthorId == accountId && a.Kind == DomainKind.Rating)
                .ToDictionaryAsync(a => (a.ArticleId!, a.Dimension!), a => new RatingState(a.Version, a.Status == DomainStatus.Retracted, a.Value!.Value));

            var cutOff = CutOff?.Ratings ?? new Dictionary<(string, string), RatingState>();
            var applied = 0;
            foreach (var target in _ratings.Keys.Union(cutOff.Keys))
            {
                var acknowledged = _ratings.GetValueOrDefault(target);
                var actual = stored.GetValueOrDefault(target);
                if (actual == acknowledged)
                {
                    continue;
                }

                cutOff.TryGetValue(target, out var possible);
                actual.ShouldBe(possible, $"rating {target} of {accountId}: acknowledged {acknowledged}, cut off {possible?.ToString() ?? "nothing"}");
                applied++;
            }

            // A rating nobody was answered for, and nobody sent, must not exist.
            stored.Keys.Except(_ratings.Keys).Except(cutOff.Keys).ShouldBeEmpty($"ratings of {accountId} that were never sent");
            if (applied > 0)
            {
                applied.ShouldBe(cutOff.Count, "a rating request with several dimensions applies all of them or none");
            }

            var markers = _created.Keys.Concat(_unanswered).ToList();
            var notes = await db.Annotations.AsNoTracking()
                .Where(a => a.AuthorId == accountId && (markers.Contains(a.Explanation!) || markers.Contains(a.Comment!)))
                .Select(a => new { a.Id, Marker = a.Explanation ?? a.Comment })
                .ToListAsync();
            var claims = await db.Claims.AsNoTracking()
                .Where(c => c.CreatedBy == accountId && markers.Contains(c.ClaimantName!))
                .Select(c => new { c.Id, Marker = c.ClaimantName })
                .ToListAsync();
            var found = notes.Concat(claims).ToLookup(x => x.Marker!, x => x.Id);
            foreach (var (marker, id) in _created)
            {
                found[marker].ShouldBe([id], $"acknowledged {marker}");
            }

            foreach (var marker in _unanswered)
            {
                found[marker].Count().ShouldBeLessThanOrEqualTo(1, $"unanswered {marker} applied more than once");
            }

            if (replayed && CutOff is { IdempotencyKey: not null, Marker: { } retried })
            {
                found[retried].Count().ShouldBe(1, $"{retried} retried with its Idempotency-Key applies exactly once");
            }

            return applied > 0 || (CutOff?.Marker is { } cut && found[cut].Any());
        }

        /// <summary>
        /// Retries the cut-off request if it carried an Idempotency-Key, as a client would: until the answer is not
        /// "in progress". The answer is its response (first or replayed), or a 409 saying it was applied but its
        /// response was lost with the process.
        /// </summary>
        public async Task<int> RetryCutOffAsync(CredibilityApiClient client)
        {
            if (CutOff is not { IdempotencyKey: not null } intent)
            {
                return 0;
            }

            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    if (intent.Description == "rate")
                    {
                        Acknowledge(intent, await client.RateArticleAsync(intent.ArticleId, RateRequest(intent), intent.IdempotencyKey));
                    }
                    else
                    {
                        _created[intent.Marker!] = await Create(client, intent);
                    }

                    return 1;
                }
                catch (ApiException e) when (e.StatusCode == 409 && e.Header("Retry-After") is not null)
                {
                    deadline.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "a retry after a crash is answered 'in progress' for ever");
                    await Task.Delay(250);
                }
                catch (ApiException e) when (e.StatusCode == 409)
                {
                    // Applied before the kill, response lost: the write itself must be there (checked next).
                    (e.Response ?? "").ShouldContain("applied");
                    return 1;
                }
            }
        }

        /// <summary>After the checks, the database is the model: the cut-off write is now known to be in or out.</summary>
        public async Task SyncAsync(CredibilityDbContext db)
        {
            var stored = await db.Annotations.AsNoTracking()
                .Where(a => a.AuthorId == accountId && a.Kind == DomainKind.Rating)
                .Select(a => new { a.Id, a.ArticleId, a.Dimension, a.Version, a.Status, a.Value })
                .ToListAsync();
            _ratings.Clear();
            _ratingIds.Clear();
            foreach (var a in stored)
            {
                _ratings[(a.ArticleId!, a.Dimension!)] = new RatingState(a.Version, a.Status == DomainStatus.Retracted, a.Value!.Value);
                _ratingIds[(a.ArticleId!, a.Dimension!)] = a.Id;
            }

            var unanswered = _unanswered.ToList();
            var notes = await db.Annotations.AsNoTracking()
                .Where(a => a.AuthorId == accountId && (unanswered.Contains(a.Explanation!) || unanswered.Contains(a.Comment!)))
                .Select(a => new { a.Id, Marker = a.Explanation ?? a.Comment })
                .ToListAsync();
            var claims = await db.Claims.AsNoTracking()
                .Where(c => c.CreatedBy == accountId && unanswered.Contains(c.ClaimantName!))
                .Select(c => new { c.Id, Marker = c.ClaimantName })
                .ToListAsync();
            foreach (var created in notes.Concat(claims))
            {
                _created[created.Marker!] = created.Id;
                _unanswered.Remove(created.Marker!);
            }
        }
    }
}

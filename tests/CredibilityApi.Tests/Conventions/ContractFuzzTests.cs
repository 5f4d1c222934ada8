using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredibilityApi.Tests.Fuzzing;
using CredibilityApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// Fuzzing from the contract: every write operation of the served OpenAPI document, sent requests
/// derived from its schema and a valid seed (wrong types, missing and extra fields, huge, empty and
/// hostile strings, extreme numbers, deep nesting, duplicated keys, broken JSON and headers, hostile
/// path and query values). No case may get a 5xx; every 4xx is a problem document that names no server
/// type; and a rejected request leaves the database exactly as it was.
/// </summary>
/// <remarks>
/// Runs on an app and database of its own, so other tests' writes never move the fingerprint.
/// <c>FUZZ_CASES</c> (default 3000) sets how many cases run, <c>FUZZ_SEED</c> the random seed, and
/// <c>FUZZ_CASE</c> replays one case of that seed alone.
/// </remarks>
public sealed class ContractFuzzTests(ApiFixture api, ITestOutputHelper output) : IClassFixture<ApiFixture>
{
    private const int DefaultCases = 3000;
    private const int DefaultSeed = 20261125;

    private static readonly string[] ServerInternals = ["   at ", "Exception", "System.", "Microsoft.", "CredibilityApi.", "FastEndpoints."];

    [Fact]
    public async Task Every_write_operation_in_the_contract_has_a_valid_seed_request()
    {
        var operations = await LoadOperationsAsync();
        var world = new FuzzWorld(api);
        world.Load(operations);

        operations.ShouldNotBeEmpty("the contract lists write operations");
        foreach (var operation in operations)
        {
            var (request, _, slots) = await world.SeedAsync(operation);
            using var response = await world.ClientFor(request.Role).SendAsync(request.ToMessage());
            var text = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).ShouldBeInRange(200, 299, $"the seed of {operation} must be valid, or its mutations test nothing:\n{request.Describe()}\n-> {(int)response.StatusCode} {text}");
            await world.AfterSuccessAsync(new FuzzCase(0, operation, "none", request) { Slots = slots }, (int)response.StatusCode);
        }
    }

    [Fact]
    public async Task Hostile_requests_derived_from_the_contract_get_4xx_problems_and_leave_the_database_unchanged()
    {
        var seed = Setting("FUZZ_SEED") ?? DefaultSeed;
        var cases = Setting("FUZZ_CASES") ?? DefaultCases;
        var only = Setting("FUZZ_CASE");
        var operations = await LoadOperationsAsync();
        var world = new FuzzWorld(api);
        world.Load(operations);
        var mutator = new Mutator(ContractDocument.Parse(await ReadContractAsync()));
        await using var snapshot = await DatabaseSnapshot.OpenAsync(api.Factory);

        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var reachedRows = new HashSet<string>();
        var clock = Stopwatch.StartNew();
        var inSeeds = new Stopwatch();
        var inSnapshots = new Stopwatch();
        var byKind = new Dictionary<string, TimeSpan>();
        var undeclared = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var run = 0;

        for (var index = only ?? 0; index < (only is null ? cases : only.Value + 1); index++)
        {
            // Each operation meets each kind of mutation in turn; the details come from a generator of the case's own.
            var operation = operations[index % operations.Count];
            var kind = Mutator.Kinds[index / operations.Count % Mutator.Kinds.Length];
            var random = new Random(unchecked((seed * 1_000_003) + index));

            inSeeds.Start();
            var (seedRequest, seedBody, slots) = await world.SeedAsync(operation);
            inSeeds.Stop();
            var (request, mutation, prelude) = mutator.Mutate(operation, seedRequest, seedBody, kind, random);
            string? freshKey = null;
            if (operation.Method == "POST" && prelude is null && request.Header("Idempotency-Key") is null && random.Next(4) == 0)
            {
                // Some hostile bodies also pass through the idempotency store, which must keep nothing but their answer.
                freshKey = $"fuzz-{seed}-{index}";
                request = request.WithHeader("Idempotency-Key", freshKey);
            }

            var fuzzCase = new FuzzCase(index, operation, mutation, request, prelude) { Slots = slots };
            var caseStarted = clock.Elapsed;
            run++;
            try
            {
                if (prelude is not null)
                {
                    var (preludeStatus, _, preludeText) = await SendAsync(world, prelude);
                    if (preludeStatus is < 200 or > 299)
                    {
                        failures.Add($"The seed sent first did not succeed: {preludeStatus} {preludeText}\n{fuzzCase.Describe(seed)}");
                        continue;
                    }

                    await world.AfterSuccessAsync(fuzzCase, preludeStatus);
                }

                inSnapshots.Start();

                // Rating writes queue rollup changes that a background worker folds in; fold them in now, so
                // nothing but the request itself can change the database between the two fingerprints.
                await api.Factory.ApplyPendingRollupsAsync();
                var before = await snapshot.TakeAsync(null);
                inSnapshots.Stop();
                var (status, mediaType, text) = await SendAsync(world, request);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (!operation.Statuses.Contains(status.ToString(CultureInfo.InvariantCulture)))
                {
                    undeclared.TryAdd($"{operation.OperationId} {status} ({kind})", index);
                }

                if (status != 404)
                {
                    reachedRows.Add(operation.OperationId);
                }

                if (only is not null)
                {
                    output.WriteLine($"{fuzzCase.Describe(seed)}-> {status} {mediaType}\n{Shorten(text)}");
                }

                var problem = Judge(operation, status, mediaType, text);
                if (problem is not null)
                {
                    failures.Add($"{problem}\n{fuzzCase.Describe(seed)}-> {status} {mediaType}\n{Shorten(text)}");
                }

                if (status is >= 200 and <= 299)
                {
                    inSeeds.Start();
                    await world.AfterSuccessAsync(fuzzCase, status);
                    inSeeds.Stop();
                    continue;
                }

                inSnapshots.Start();
                var changed = !await snapshot.CertainlyUnchangedAsync() && await snapshot.TakeAsync(freshKey) != before;
                inSnapshots.Stop();
                if (changed)
                {
                    failures.Add($"The database changed although the request was rejected with {status}.\n{fuzzCase.Describe(seed)}-> {status} {mediaType}\n{Shorten(text)}");
                }
            }
            catch (Exception e) when (e is not ShouldAssertException)
            {
                failures.Add($"The request could not complete: {e.GetType().Name}: {e.Message}\n{e.StackTrace?.Split('\n').Take(6).Aggregate((a, b) => a + "\n" + b)}\n{fuzzCase.Describe(seed)}");
            }
            finally
            {
                byKind[kind] = byKind.GetValueOrDefault(kind) + (clock.Elapsed - caseStarted);
            }
        }

        output.WriteLine($"{run} cases (FUZZ_SEED={seed}) in {clock.Elapsed.TotalSeconds:F1} s over {operations.Count} write operations and {Mutator.Kinds.Length} kinds of mutation.");
        output.WriteLine($"Of which making seeds and resources {inSeeds.Elapsed.TotalSeconds:F1} s, database fingerprints {inSnapshots.Elapsed.TotalSeconds:F1} s.");
        output.WriteLine("Statuses the operation does not declare (other routes matched, or gaps in the contract): " + string.Join("; ", undeclared.Select(u => $"{u.Key} first in case {u.Value}")));
        output.WriteLine("Slowest kinds: " + string.Join(", ", byKind.OrderByDescending(k => k.Value).Take(8).Select(k => $"{k.Key} {k.Value.TotalSeconds:F1} s")));
        output.WriteLine("Statuses: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        var failed = failures.Count == 0
            ? ""
            : $"{failures.Count} of {run} cases failed (FUZZ_SEED={seed}); the first {Math.Min(failures.Count, 10)}:\n\n" + string.Join("\n\n", failures.Take(10));
        failed.ShouldBeEmpty();
        if (only is null && cases >= operations.Count * 4)
        {
            operations.Select(o => o.OperationId).Except(reachedRows).ShouldBeEmpty("every operation answers some cases about its real resources, not only 404s");
        }
    }

    /// <summary>The oracle for one response: null when it is acceptable, else what is wrong with it.</summary>
    private static string? Judge(WriteOperation operation, int status, string? mediaType, string text)
    {
        if (status >= 500)
        {
            return $"Server error {status}.";
        }

        if (status is < 200 or (>= 300 and < 400))
        {
            return $"Unexpected status {status}: a write answers 2xx or a 4xx problem.";
        }

        if (status < 400)
        {
            // A success must be one the contract promises, and must not carry a problem document.
            if (!operation.Statuses.Contains(status.ToString(CultureInfo.InvariantCulture)))
            {
                return $"Success status {status} is not one the contract declares for {operation.OperationId} ({string.Join(", ", operation.Statuses.Where(s => s.StartsWith('2')))}).";
            }

            return mediaType == "application/problem+json" ? $"A {status} success carries a problem document." : null;
        }

        if (mediaType != "application/problem+json")
        {
            return $"A {status} must be application/problem+json, not {mediaType ?? "untyped"}.";
        }

        try
        {
            var document = JsonNode.Parse(text) as JsonObject;
            if (document?["status"] is not JsonValue statusValue || !statusValue.TryGetValue<int>(out var stated) || stated != status)
            {
                return $"The problem document of a {status} must state \"status\": {status}.";
            }

            if (document["title"] is not JsonValue titleValue || !titleValue.TryGetValue<string>(out var title) || string.IsNullOrWhiteSpace(title))
            {
                return $"The problem document of a {status} must have a title.";
            }
        }
        catch (JsonException)
        {
            return $"The body of a {status} is not JSON.";
        }

        var leak = ServerInternals.FirstOrDefault(s => text.Contains(s, StringComparison.Ordinal));
        return leak is null ? null : $"The problem document of a {status} shows server internals ('{leak.Trim()}').";
    }

    private static async Task<(int Status, string? MediaType, string Text)> SendAsync(FuzzWorld world, FuzzRequest request)
    {
        using var message = request.ToMessage();
        using var response = await world.ClientFor(request.Role).SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
    }

    private async Task<string> ReadContractAsync()
    {
        using var http = api.Factory.CreateHttpClient(null);
        return await http.GetStringAsync("/openapi/v1.json");
    }

    private async Task<IReadOnlyList<WriteOperation>> LoadOperationsAsync() =>
        ContractDocument.Parse(await ReadContractAsync()).WriteOperations().OrderBy(o => o.OperationId, StringComparer.Ordinal).ToList();

    private static int? Setting(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + $"… ({text.Length} characters)";
}

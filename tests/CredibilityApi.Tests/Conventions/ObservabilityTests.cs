using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CredibilityApi.Tests.Conventions;

/// <summary>Every log entry the app writes, with its structured values and scopes, for assertions.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values, IReadOnlyList<string> Scopes, string? Exception);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>Everything an entry shows, as one string: message, values, scopes and exception.</summary>
    public static string Everything(Entry e) =>
        string.Join('\n', new[] { e.Message, e.Exception ?? "" }
            .Concat(e.Values.Select(v => $"{v.Key}={v.Value}"))
            .Concat(e.Scopes));

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value)
                : new Dictionary<string, object?>();
            var scopes = new List<string>();
            owner._scopes.ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> items)
                {
                    list.AddRange(items.Select(i => $"{i.Key}={i.Value}"));
                }
                else if (scope is IEnumerable<KeyValuePair<string, object>> objects)
                {
                    list.AddRange(objects.Select(i => $"{i.Key}={i.Value}"));
                }
                else
                {
                    list.Add(scope?.ToString() ?? "");
                }
            }, scopes);
            owner.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), values, scopes, exception?.ToString()));
        }
    }
}

/// <summary>An app of its own whose logs are captured at every level.</summary>
public sealed class LoggedApiFactory : ApiFactory
{
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));

        // Every request logged: these tests look up the entry of one successful read by its request id.
        builder.UseSetting("RequestLogging:SuccessfulReadSampleEvery", "1");

        // Two entries every request writes at Debug, one before authentication (routing's) and one after (authorization's).
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Routing", "Debug");
        builder.UseSetting("Logging:LogLevel:CredibilityApi.Infrastructure.RoleAuthorizationMiddleware", "Debug");
    }
}

/// <summary>An app of its own that logs one successful read in four (the shipped setting says 100).</summary>
public sealed class SampledLogApiFactory : ApiFactory
{
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.UseSetting("RequestLogging:SuccessfulReadSampleEvery", "4");
        builder.UseSetting("Rollups:ApplyInBackground", "false");
    }
}

public sealed class RequestLogSamplingTests(SampledLogApiFactory factory) : IClassFixture<SampledLogApiFactory>
{
    [Fact]
    public async Task Successful_reads_are_logged_one_in_n_with_the_rate_while_writes_and_refusals_are_all_logged()
    {
        var admin = factory.CreateHttpClient(ApiFactory.AdminKey);
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var read = await admin.GetAsync("/api/v1/me");
            read.StatusCode.ShouldBe(HttpStatusCode.OK);
            ids.Add(read.Headers.GetValues("X-Request-Id").Single());
        }

        var missing = await admin.GetAsync("/api/v1/outlets/out_00000000000000000000000000000000");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var write = await admin.PostAsJsonAsync("/api/v1/accounts", new { name = $"Sampled {Unique.Label()}", role = "researcher" });
        write.StatusCode.ShouldBe(HttpStatusCode.Created);
        var always = new[] { missing, write }.Select(r => r.Headers.GetValues("X-Request-Id").Single()).ToList();

        // The completions are written as the responses finish: wait until both always-logged ones are in.
        for (var i = 0; i < 100 && always.Any(id => Completion(id) is null); i++)
        {
            await Task.Delay(20);
        }

        foreach (var id in always)
        {
            var entry = Completion(id).ShouldNotBeNull($"request {id} is always logged");
            entry.Values["SampleEvery"].ShouldBe(1);
        }

        // Exactly one read in four of the twelve, each standing for four; the counter is the app's own, and no other read ran.
        var sampled = ids.Select(Completion).Where(e => e is not null).ToList();
        sampled.Count.ShouldBe(3);
        sampled.ShouldAllBe(e => (int)e!.Values["SampleEvery"]! == 4 && (string?)e.Values["Route"] == "/api/v1/me");
    }

    private CapturedLogs.Entry? Completion(string requestId) =>
        factory.Logs.Entries.FirstOrDefault(e => e.Message.Contains("answered", StringComparison.Ordinal)
            && e.Values.TryGetValue("RequestId", out var id) && (string?)id == requestId);
}

public sealed class ObservabilityTests(LoggedApiFactory factory) : IClassFixture<LoggedApiFactory>
{
    [Fact]
    public async Task Each_request_logs_one_structured_entry_with_request_id_account_status_and_duration()
    {
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        var account = await admin.CreateAccountAsync(new CreateAccountRequest { Name = $"Logged {Unique.Label()}", Role = Role.Annotator });
        var key = (await admin.IssueKeyAsync(account.Id, new IssueKeyRequest())).Key;

        var response = await factory.CreateHttpClient(key).GetAsync("/api/v1/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        var entry = await WaitForCompletionAsync(requestId);
        entry.Values["Method"].ShouldBe("GET");
        entry.Values["Route"].ShouldBe("/api/v1/me");
        entry.Values["StatusCode"].ShouldBe(200);
        entry.Values["AccountId"].ShouldBe(account.Id);
        entry.Values["KeyId"].ShouldNotBeNull();
        entry.Values["SampleEvery"].ShouldBe(1);
        ((double)entry.Values["ElapsedMs"]!).ShouldBeGreaterThan(0);
        entry.Level.ShouldBe(LogLevel.Information);
    }

    [Fact]
    public async Task Everything_a_request_logs_carries_its_request_id_and_after_authentication_its_account_in_one_scope()
    {
        var response = await factory.CreateHttpClient(ApiFactory.AdminKey).GetAsync("/api/v1/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        var accountId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accountId").GetString();
        var completion = await WaitForCompletionAsync(requestId);
        var entries = factory.Logs.Entries.Where(e => e.Scopes.Contains($"RequestId={requestId}")).ToList();

        // Routing logs before authentication (no account yet); authorization after it (the account has joined the scope).
        var routed = entries.First(e => e.Category.StartsWith("Microsoft.AspNetCore.Routing", StringComparison.Ordinal));
        routed.Scopes.ShouldContain("RequestPath=/api/v1/me");
        routed.Scopes.ShouldNotContain(s => s.StartsWith("AccountId=", StringComparison.Ordinal));
        var authorized = entries.First(e => e.Category == typeof(CredibilityApi.Infrastructure.RoleAuthorizationMiddleware).FullName);
        authorized.Message.ShouldBe("Authorized as admin");
        authorized.Scopes.ShouldContain($"AccountId={accountId}");
        completion.Scopes.ShouldContain($"AccountId={accountId}");

        // One request scope, not the host's beside ours: the request id is listed once per entry, and no activity's ids.
        entries.Count.ShouldBeGreaterThanOrEqualTo(3);
        entries.ShouldAllBe(e => e.Scopes.Count(s => s.StartsWith("RequestId=", StringComparison.Ordinal)) == 1);
        entries.ShouldAllBe(e => !e.Scopes.Any(s => s.StartsWith("SpanId=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_generated_client_sends_its_name_and_version_which_the_request_log_records()
    {
        ClientInfo.Version.ShouldMatch(@"^\d+\.\d+\.\d+");
        ClientInfo.Version.ShouldBe(typeof(Program).Assembly.GetName().Version!.ToString(3), "the client is versioned with the API");
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);

        var me = await admin.GetMeAsync();

        me.Role.ShouldBe(Role.Admin);
        var entry = await WaitForAsync(e => e.Values.TryGetValue("UserAgent", out var agent) && agent is string s && s.StartsWith("CredibilityApi.Client/", StringComparison.Ordinal) && (string?)e.Values["Route"] == "/api/v1/me");
        ((string)entry.Values["UserAgent"]!).ShouldStartWith($"CredibilityApi.Client/{ClientInfo.Version} (.NET ");

        // A caller's own User-Agent wins; control characters never reach the log.
        using var http = factory.CreateHttpClient(ApiFactory.AdminKey);
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "notebook/1.0");
        await new CredibilityApiClient(http).GetMeAsync();
        await WaitForAsync(e => (string?)e.Values.GetValueOrDefault("UserAgent") == "notebook/1.0");
    }

    [Fact]
    public async Task A_refused_request_is_logged_with_its_status_and_the_same_id_as_its_problem()
    {
        var response = await factory.CreateHttpClient("cred_not_a_real_key_but_long_enough_0000").GetAsync("/api/v1/me");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("traceId").GetString().ShouldBe(requestId);
        var entry = await WaitForCompletionAsync(requestId);
        entry.Values["StatusCode"].ShouldBe(401);
        entry.Values["AccountId"].ShouldBeNull();
    }

    [Fact]
    public async Task A_lost_race_is_answered_409_without_an_error_in_the_log()
    {
        // Racing retractions: the losers fail on the revision's key and are answered 409. EF logs a failed save at error
        // level unless told otherwise; the log's errors must be failures, not expected races.
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        var f = await ArticleFixture.CreateAsync(admin);
        var note = await admin.RecordProvenanceAsync(new CredibilityApi.Client.RecordProvenanceRequest
        {
            Target = new CredibilityApi.Client.AnnotationTarget { Type = CredibilityApi.Client.TargetType.Article, Id = f.Article.Id },
            Provenance = new CredibilityApi.Client.ProvenanceInput { Aspect = CredibilityApi.Client.ProvenanceAspect.Byline, Explanation = "Raced.", EvidenceUrls = [] },
            Tags = [],
        });
        var http = factory.CreateHttpClient(ApiFactory.AdminKey);
        var before = factory.Logs.Entries.Count;

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i => (await http.PostAsync($"/api/v1/annotations/{note.Id}/retract",
            new StringContent($$"""{"reason":"race {{i}}"}""", System.Text.Encoding.UTF8, "application/json"))).StatusCode));

        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1);
        statuses.ShouldAllBe(s => s == HttpStatusCode.OK || s == HttpStatusCode.Conflict);
        factory.Logs.Entries.Skip(before).Where(e => e.Level >= LogLevel.Error).Select(CapturedLogs.Everything).ShouldBeEmpty();
    }

    [Fact]
    public async Task No_log_entry_ever_contains_an_api_key_valid_or_not()
    {
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        var account = await admin.CreateAccountAsync(new CreateAccountRequest { Name = $"Secret {Unique.Label()}", Role = Role.Researcher });
        var issued = (await admin.IssueKeyAsync(account.Id, new IssueKeyRequest())).Key;
        const string bogus = "cred_bogus_key_that_must_never_be_logged_42";

        var ids = new List<string>();
        foreach (var (header, value) in new[] { ("X-Api-Key", issued), ("Authorization", $"Bearer {issued}"), ("X-Api-Key", bogus), ("Authorization", $"Bearer {bogus}") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
            request.Headers.TryAddWithoutValidation(header, value);
            var response = await factory.CreateHttpClient(apiKey: null).SendAsync(request);
            ids.Add(response.Headers.GetValues("X-Request-Id").Single());
        }

        foreach (var id in ids)
        {
            await WaitForCompletionAsync(id);
        }

        factory.Logs.Entries.Count.ShouldBeGreaterThan(4);
        foreach (var entry in factory.Logs.Entries)
        {
            var text = CapturedLogs.Everything(entry);
            text.ShouldNotContain(issued, customMessage: $"{entry.Category} logged a key");
            text.ShouldNotContain(bogus, customMessage: $"{entry.Category} logged a presented key");
            text.ShouldNotContain(ApiFactory.AdminKey, customMessage: $"{entry.Category} logged the admin key");
        }
    }

    private async Task<CapturedLogs.Entry> WaitForAsync(Func<CapturedLogs.Entry, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            var entry = factory.Logs.Entries.FirstOrDefault(e => e.Message.Contains("answered", StringComparison.Ordinal) && match(e));
            if (entry is not null)
            {
                return entry;
            }

            await Task.Delay(20);
        }

        throw new ShouldAssertException("No matching completion entry was logged.");
    }

    private async Task<CapturedLogs.Entry> WaitForCompletionAsync(string requestId)
    {
        // The entry is written as the response completes, which can be a moment after the client has it.
        for (var i = 0; i < 100; i++)
        {
            var entry = factory.Logs.Entries.FirstOrDefault(e => e.Message.Contains("answered", StringComparison.Ordinal)
                && e.Values.TryGetValue("RequestId", out var id) && (string?)id == requestId);
            if (entry is not null)
            {
                return entry;
            }

            await Task.Delay(20);
        }

        throw new ShouldAssertException($"No completion entry was logged for request {requestId}.");
    }
}

/// <summary>
/// An app of its own, so taking its database away disturbs no other test; its background rollup worker is
/// off, so nothing but the probe touches the database while it is away.
/// </summary>
public sealed class ReadinessApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rollups:ApplyInBackground", "false");
    }
}

public sealed class ReadinessTests(ReadinessApiFactory factory) : IClassFixture<ReadinessApiFactory>
{
    [SkippableFact]
    public async Task Ready_turns_503_while_the_database_is_unreachable_and_200_again_when_it_is_back()
    {
        // Taking a server away is not something a test can do to a shared SQL Server; the SQLite file is.
        Skip.If(factory.OnSqlServer, "SQLite only: the test moves the database file away.");

        var http = factory.CreateHttpClient(apiKey: null);
        (await http.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var path = factory.SqlitePath;
        var aside = path + ".aside";
        SqliteConnection.ClearAllPools();
        File.Move(path, aside);
        try
        {
            var unready = await http.GetAsync("/health/ready");
            unready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await unready.Content.ReadAsStringAsync()).ShouldBe("Unhealthy");
            File.Exists(path).ShouldBeFalse("the probe must not create an empty database where the real one was");

            // Liveness is about the process, not its dependencies.
            (await http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Move(aside, path, overwrite: true);
        }

        (await http.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

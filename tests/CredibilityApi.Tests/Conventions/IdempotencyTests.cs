using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Conventions;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiFixture api)
{
    [Fact]
    public async Task A_retry_with_the_same_key_replays_the_first_response_and_creates_nothing_more()
    {
        var key = Guid.NewGuid().ToString();
        var request = Requests.Outlet(Unique.Domain());

        var first = await api.Annotator.RegisterOutletAsync(request, key);
        var retry = await api.Annotator.RegisterOutletAsync(request, key);

        retry.Id.ShouldBe(first.Id);
        retry.Etag.ShouldBe(first.Etag);
        var listed = await api.Researcher.ListOutletsAsync(name: request.Name, limit: 500);
        listed.Items.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_replay_keeps_status_location_and_etag_and_says_it_is_a_replay()
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var body = new { name = "Replay", primaryDomain = Unique.Domain() };
        var key = Guid.NewGuid().ToString();

        using var first = await Send(http, body, key);
        using var second = await Send(http, body, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.Headers.Location.ShouldBe(first.Headers.Location);
        second.Headers.ETag.ShouldBe(first.Headers.ETag);
        second.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        first.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_422()
    {
        var key = Guid.NewGuid().ToString();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()), key);

        var e = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()), key).ShouldFailWith(422);
        e.Response!.ShouldContain("different request");
    }

    [Fact]
    public async Task Keys_are_scoped_per_account()
    {
        var key = Guid.NewGuid().ToString();
        var mine = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()), key);
        var theirs = await api.OtherAnnotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()), key);
        theirs.Id.ShouldNotBe(mine.Id);
    }

    [Fact]
    public async Task An_error_response_is_replayed_too_so_a_retry_cannot_change_the_outcome()
    {
        var key = Guid.NewGuid().ToString();
        var url = $"https://{Unique.Domain()}/not-yet";

        await api.Annotator.RegisterArticleAsync(Requests.Article(url), key).ShouldFailWith(422);
        var domain = new Uri(url).Host;
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));

        await api.Annotator.RegisterArticleAsync(Requests.Article(url), key).ShouldFailWith(422);
        (await api.Annotator.RegisterArticleAsync(Requests.Article(url), Guid.NewGuid().ToString())).OutletId.ShouldStartWith("out_");
    }

    [Fact]
    public async Task An_overlong_key_is_400()
    {
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()), new string('k', 256)).ShouldFailWith(400);
    }

    [Fact]
    public async Task A_request_that_writes_marks_its_key_applied_and_a_refused_one_does_not()
    {
        var written = Guid.NewGuid().ToString();
        var refused = Guid.NewGuid().ToString();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()), written);
        await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{Unique.Domain()}/no-outlet"), refused).ShouldFailWith(422);

        (await RecordAsync(written)).AppliedAt.ShouldNotBeNull();
        (await RecordAsync(refused)).AppliedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_key_whose_request_died_before_writing_is_taken_over_by_the_retry_after_the_in_flight_timeout()
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var domain = Unique.Domain();
        var body = $$"""{"name":"Died","primaryDomain":"{{domain}}"}""";
        var key = Guid.NewGuid().ToString();
        await LeaveInFlightAsync(key, body, startedAgo: TimeSpan.FromMinutes(5), applied: false);

        using var retry = await SendRaw(http, body, key);

        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.Researcher.ListOutletsAsync(name: "Died", limit: 500)).Items.Count(o => o.PrimaryDomain == domain).ShouldBe(1);
        using var replay = await SendRaw(http, body, key);
        replay.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
    }

    [Fact]
    public async Task A_key_whose_request_died_after_writing_gets_a_final_409_and_is_never_applied_twice()
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var domain = Unique.Domain();
        var body = $$"""{"name":"Applied","primaryDomain":"{{domain}}"}""";
        var key = Guid.NewGuid().ToString();
        await LeaveInFlightAsync(key, body, startedAgo: TimeSpan.FromMinutes(5), applied: true);

        using var retry = await SendRaw(http, body, key);

        retry.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        retry.Headers.Contains("Retry-After").ShouldBeFalse();
        (await retry.Content.ReadAsStringAsync()).ShouldContain("Request applied, response lost");
        (await api.Researcher.ListOutletsAsync(name: "Applied", limit: 500)).Items.ShouldNotContain(o => o.PrimaryDomain == domain);
    }

    [Fact]
    public async Task A_key_whose_request_started_recently_is_still_in_progress()
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var body = $$"""{"name":"Running","primaryDomain":"{{Unique.Domain()}}"}""";
        var key = Guid.NewGuid().ToString();
        await LeaveInFlightAsync(key, body, startedAgo: TimeSpan.FromSeconds(1), applied: false);

        using var retry = await SendRaw(http, body, key);

        retry.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        retry.Headers.GetValues("Retry-After").ShouldBe(["1"]);
        (await retry.Content.ReadAsStringAsync()).ShouldContain("Request in progress");
    }

    [Fact]
    public async Task A_retry_of_key_issuance_is_409_and_the_secret_is_never_stored_or_replayed()
    {
        var (account, ownKey) = await api.CreateAccountAsync("Idem Potent", CredibilityApi.Client.Role.Annotator);
        var client = api.Factory.CreateApiClient(ownKey);
        var idempotencyKey = Guid.NewGuid().ToString();
        var request = new CredibilityApi.Client.IssueKeyRequest { Name = "retried" };

        var issued = await client.IssueKeyAsync(account.Id, request, idempotencyKey);
        var retry = await client.IssueKeyAsync(account.Id, request, idempotencyKey).ShouldFailWith(409);
        await client.RevokeKeyAsync(account.Id, issued.Id);
        var afterRevocation = await client.IssueKeyAsync(account.Id, request, idempotencyKey).ShouldFailWith(409);

        retry.Response!.ShouldContain("carried a secret");
        retry.Response!.ShouldContain("revoke");
        retry.Response!.ShouldNotContain(issued.Key);
        afterRevocation.Response!.ShouldNotContain(issued.Key);
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var record = await db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.AccountId == account.Id && r.Key == idempotencyKey);
        record.StatusCode.ShouldBe(409);
        Encoding.UTF8.GetString(record.Body ?? []).ShouldNotContain(issued.Key);
        (await client.ListKeysAsync(account.Id)).Items.Count(k => k.Name == "retried").ShouldBe(1);
    }

    /// <summary>What a process killed mid-request leaves behind: a record with no response.</summary>
    private async Task LeaveInFlightAsync(string key, string body, TimeSpan startedAgo, bool applied)
    {
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var now = DateTime.UtcNow;

        // The middleware's request identity: method, path and query, a newline, then the body bytes.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("POST /api/v1/outlets\n" + body)));
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            AccountId = api.AnnotatorAccount.Id,
            Key = key,
            RequestHash = hash,
            CreatedAt = now - startedAgo,
            AppliedAt = applied ? now - startedAgo : null,
        });
        await db.SaveChangesAsync();
    }

    private async Task<IdempotencyRecord> RecordAsync(string key)
    {
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        return await db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.AccountId == api.AnnotatorAccount.Id && r.Key == key);
    }

    private static Task<HttpResponseMessage> SendRaw(HttpClient http, string body, string key)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/outlets") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        message.Headers.Add("Idempotency-Key", key);
        return http.SendAsync(message);
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, object body, string key)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/outlets") { Content = JsonContent.Create(body) };
        message.Headers.Add("Idempotency-Key", key);
        return http.SendAsync(message);
    }

    [Fact]
    public async Task Hashing_a_large_body_keeps_it_in_memory_and_leaves_it_readable_from_the_start()
    {
        // An import batch is a few hundred KiB; ASP.NET Core's default buffering would move everything past 30 KiB to a
        // temporary file, written and read back on every request with an Idempotency-Key.
        var body = Encoding.UTF8.GetBytes(new string('x', 512 * 1024));
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/api/v1/imports/annotations";
        context.Request.Body = new ForwardOnly(new MemoryStream(body)); // as Kestrel's request body: not seekable

        var hash = await CredibilityApi.Infrastructure.IdempotencyMiddleware.HashRequestAsync(context.Request);

        // Disposed at the end either way: a spilled buffer's temporary file goes with it.
        await using var buffered = context.Request.Body.ShouldBeOfType<Microsoft.AspNetCore.WebUtilities.FileBufferingReadStream>();
        buffered.InMemory.ShouldBeTrue();
        buffered.TempFileName.ShouldBeNull();
        buffered.Position.ShouldBe(0);
        var again = new MemoryStream();
        await buffered.CopyToAsync(again);
        again.ToArray().ShouldBe(body);
        hash.Length.ShouldBe(64);
    }

    /// <summary>A stream read once from the start, as a request body arrives.</summary>
    private sealed class ForwardOnly(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

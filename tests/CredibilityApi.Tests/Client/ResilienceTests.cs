using System.Net;
using CredibilityApi.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Client;

/// <summary>Issue 18, point 4: the client's retries and timeouts come from Microsoft.Extensions.Http.Resilience.</summary>
public sealed class ResilienceTests
{
    /// <summary>Answers from a script (a response, or an exception to throw) and records what it was sent.</summary>
    private sealed class ScriptedHandler(params object[] script) : HttpMessageHandler
    {
        private int _next;

        public List<(string Method, string? Key, string? IdempotencyKey, string? Body, DateTime At)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add((
                request.Method.Method,
                request.Headers.TryGetValues("X-Api-Key", out var keys) ? keys.Single() : null,
                request.Headers.TryGetValues("Idempotency-Key", out var ids) ? ids.Single() : null,
                request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken),
                DateTime.UtcNow));
            var step = script[Math.Min(_next++, script.Length - 1)];
            return step switch
            {
                Exception e => throw e,
                TimeSpan hang => await Hang(hang, cancellationToken),
                HttpStatusCode status => new HttpResponseMessage(status) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") },
                HttpResponseMessage response => response,
                _ => throw new InvalidOperationException("bad script"),
            };
        }

        private static async Task<HttpResponseMessage> Hang(TimeSpan delay, CancellationToken ct)
        {
            await Task.Delay(delay, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    private static readonly CredibilityApiClientOptions Fast = new() { RetryDelay = TimeSpan.FromMilliseconds(5), AttemptTimeout = TimeSpan.FromSeconds(10) };

    private static HttpClient HttpOf(CredibilityApiClient client) =>
        (HttpClient)typeof(CredibilityApiClient).GetField("_httpClient", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(client)!;

    private static HttpResponseMessage TooMany(int seconds)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return response;
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After_with_the_same_body_and_the_same_idempotency_key()
    {
        var inner = new ScriptedHandler(TooMany(1), HttpStatusCode.Created);
        var http = HttpOf(CredibilityApiClient.Create(new Uri("http://api.test/"), "cred_secret", Fast, inner));

        var response = await http.PostAsync("x", new StringContent("{\"a\":1}"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        inner.Seen.Count.ShouldBe(2);
        (inner.Seen[1].At - inner.Seen[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9));   // Retry-After, not the 5 ms back-off
        inner.Seen.Select(s => s.Body).ShouldBe(["{\"a\":1}", "{\"a\":1}"]);
        inner.Seen[0].IdempotencyKey.ShouldNotBeNullOrEmpty();
        inner.Seen[1].IdempotencyKey.ShouldBe(inner.Seen[0].IdempotencyKey);
        inner.Seen.ShouldAllBe(s => s.Key == "cred_secret");
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_408_or_503_is_retried(HttpStatusCode status)
    {
        var inner = new ScriptedHandler(status, HttpStatusCode.OK);
        var http = HttpOf(CredibilityApiClient.Create(new Uri("http://api.test/"), "cred_secret", Fast, inner));

        (await http.GetAsync("x")).StatusCode.ShouldBe(HttpStatusCode.OK);
        inner.Seen.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Conflict)]
    public async Task Other_failures_are_not_retried(HttpStatusCode status)
    {
        var inner = new ScriptedHandler(status, HttpStatusCode.OK);
        var http = HttpOf(CredibilityApiClient.Create(new Uri("http://api.test/"), "cred_secret", Fast, inner));

        (await http.PostAsync("x", new StringContent("{}"))).StatusCode.ShouldBe(status);
        inner.Seen.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_lost_connection_and_a_timed_out_attempt_are_retried()
    {
        var inner = new ScriptedHandler(new HttpRequestException("Connection reset by peer"), TimeSpan.FromSeconds(30), HttpStatusCode.OK);
        var options = new CredibilityApiClientOptions { RetryDelay = TimeSpan.FromMilliseconds(5), AttemptTimeout = TimeSpan.FromMilliseconds(300) };
        var http = HttpOf(CredibilityApiClient.Create(new Uri("http://api.test/"), "cred_secret", options, inner));

        (await http.PostAsync("x", new StringContent("{}"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        inner.Seen.Count.ShouldBe(3);
        inner.Seen.Select(s => s.IdempotencyKey).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task After_the_last_retry_the_answer_is_returned_and_the_total_timeout_bounds_the_call()
    {
        var inner = new ScriptedHandler(TooMany(0));
        var http = HttpOf(CredibilityApiClient.Create(new Uri("http://api.test/"), "k", new CredibilityApiClientOptions { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(1) }, inner));
        (await http.GetAsync("x")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        inner.Seen.Count.ShouldBe(3);

        var hanging = new ScriptedHandler(TimeSpan.FromMinutes(5));
        var bounded = HttpOf(CredibilityApiClient.Create(new Uri("http://api.test/"), "k", new CredibilityApiClientOptions { TotalTimeout = TimeSpan.FromMilliseconds(400), AttemptTimeout = TimeSpan.FromMinutes(1) }, hanging));
        await Should.ThrowAsync<Polly.Timeout.TimeoutRejectedException>(() => bounded.GetAsync("x"));
    }

    [Fact]
    public async Task Only_posts_without_a_key_get_one_and_a_callers_key_is_kept()
    {
        var inner = new ScriptedHandler(HttpStatusCode.OK);
        var http = HttpOf(CredibilityApiClient.Create(new Uri("http://api.test/"), "k", Fast, inner));

        await http.GetAsync("x");
        await http.PostAsync("x", new StringContent("{}"));
        await http.PostAsync("x", new StringContent("{}"));
        using var own = new HttpRequestMessage(HttpMethod.Post, "x") { Content = new StringContent("{}") };
        own.Headers.Add("Idempotency-Key", "mine-1");
        await http.SendAsync(own);

        inner.Seen[0].IdempotencyKey.ShouldBeNull();
        inner.Seen[1].IdempotencyKey.ShouldNotBeNull();
        inner.Seen[2].IdempotencyKey.ShouldNotBe(inner.Seen[1].IdempotencyKey);   // a fresh key per call
        inner.Seen[3].IdempotencyKey.ShouldBe("mine-1");
    }

    [Fact]
    public async Task The_registered_client_sends_the_key_and_a_generated_idempotency_key_and_retries()
    {
        var inner = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("{\"accountId\":\"acc_1\",\"name\":\"n\",\"role\":\"annotator\",\"keyId\":\"key_1\",\"keyPrefix\":\"key-abcdefgh\"}", System.Text.Encoding.UTF8, "application/json"),
        });
        var services = new ServiceCollection();
        services.AddCredibilityApiClient("http://api.test/", "cred_secret", o => o.RetryDelay = TimeSpan.FromMilliseconds(5))
            .ConfigurePrimaryHttpMessageHandler(() => inner);
        await using var provider = services.BuildServiceProvider();

        var me = await provider.GetRequiredService<ICredibilityApiClient>().GetMeAsync();

        me.Role.ShouldBe(Role.Annotator);
        inner.Seen.Count.ShouldBe(2);
        inner.Seen.ShouldAllBe(s => s.Key == "cred_secret");
    }
}

using System.Net;
using CredibilityApi.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Client;

public sealed class RetryAfterHandlerTests
{
    /// <summary>Answers from a script and records what it was sent.</summary>
    private sealed class ScriptedHandler(params HttpResponseMessage[] responses) : HttpMessageHandler
    {
        private int _next;

        public List<(string? Key, string? Body)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add((
                request.Headers.TryGetValues("X-Api-Key", out var keys) ? keys.Single() : null,
                request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken)));
            return responses[Math.Min(_next++, responses.Length - 1)];
        }
    }

    private static HttpResponseMessage TooMany(int seconds)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return response;
    }

    [Fact]
    public async Task A_429_is_retried_after_retry_after_with_the_same_body()
    {
        var inner = new ScriptedHandler(TooMany(1), new HttpResponseMessage(HttpStatusCode.Created));
        using var http = new HttpClient(new RetryAfterHandler(inner));
        var started = DateTime.UtcNow;

        var response = await http.PostAsync("http://api.test/x", new StringContent("{\"a\":1}"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (DateTime.UtcNow - started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9));
        inner.Seen.Select(s => s.Body).ShouldBe(["{\"a\":1}", "{\"a\":1}"]);
    }

    [Fact]
    public async Task A_503_is_retried_like_a_429()
    {
        var unavailable = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        unavailable.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
        var inner = new ScriptedHandler(unavailable, new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new HttpClient(new RetryAfterHandler(inner));

        var response = await http.PostAsync("http://api.test/x", new StringContent("{}"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        inner.Seen.Count.ShouldBe(2);
    }

    [Fact]
    public async Task After_the_last_retry_the_429_is_returned()
    {
        var inner = new ScriptedHandler(TooMany(0));
        using var http = new HttpClient(new RetryAfterHandler(inner, maxRetries: 2));

        var response = await http.GetAsync("http://api.test/x");

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        inner.Seen.Count.ShouldBe(3);
    }

    [Fact]
    public async Task The_registered_client_sends_the_key_on_every_request()
    {
        var inner = new ScriptedHandler(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("{\"accountId\":\"acc_1\",\"name\":\"n\",\"role\":\"annotator\",\"keyId\":\"key_1\",\"keyPrefix\":\"cred_\"}", System.Text.Encoding.UTF8, "application/json"),
        });
        var services = new ServiceCollection();
        services.AddCredibilityApiClient("http://api.test/", "cred_secret").ConfigurePrimaryHttpMessageHandler(() => inner);
        await using var provider = services.BuildServiceProvider();

        var me = await provider.GetRequiredService<ICredibilityApiClient>().GetMeAsync();

        me.Role.ShouldBe(Role.Annotator);
        inner.Seen.Single().Key.ShouldBe("cred_secret");
    }
}

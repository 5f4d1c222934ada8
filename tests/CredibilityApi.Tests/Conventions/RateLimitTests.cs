using System.Net;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Conventions;

/// <summary>An app of its own with a budget of three requests a minute per key.</summary>
public sealed class RateLimitedApiFactory : ApiFactory
{
    protected override int PermitLimit => 3;
}

public sealed class RateLimitTests : IClassFixture<RateLimitedApiFactory>
{
    private readonly RateLimitedApiFactory _factory;

    public RateLimitTests(RateLimitedApiFactory factory) => _factory = factory;

    [Fact]
    public async Task Past_the_budget_a_key_gets_429_with_retry_after_and_other_keys_do_not()
    {
        var admin = _factory.CreateApiClient(ApiFactory.AdminKey);
        var account = await admin.CreateAccountAsync(new CreateAccountRequest { Name = "Limited", Role = Role.Researcher });
        var key = (await admin.IssueKeyAsync(account.Id, new IssueKeyRequest())).Key;

        var http = _factory.CreateHttpClient(key);
        for (var i = 0; i < 3; i++)
        {
            (await http.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var limited = await http.GetAsync("/api/v1/me");

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        limited.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        // The admin spent two of its own three requests above; its budget is separate.
        (await _factory.CreateHttpClient(ApiFactory.AdminKey).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Health_probes_are_never_rate_limited()
    {
        var http = _factory.CreateHttpClient(apiKey: null);
        for (var i = 0; i < 10; i++)
        {
            (await http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }
}

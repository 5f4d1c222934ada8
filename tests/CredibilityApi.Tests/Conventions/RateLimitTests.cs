using System.Net;
using CredibilityApi.Infrastructure;
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

/// <summary>The limiter's windows on a clock the test moves: when a window closes, what Retry-After says, what is dropped.</summary>
public sealed class PerKeyRateLimiterTests
{
    /// <summary>A monotonic clock the test moves (the limiter reads timestamps, not the wall clock).</summary>
    private sealed class ManualClock : TimeProvider
    {
        public TimeSpan Now { get; set; } = TimeSpan.FromHours(5);

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Now.Ticks;

        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException("the limiter must not read the wall clock");
    }

    private readonly ManualClock _clock = new();

    private PerKeyRateLimiter Limiter(int permits = 3, int seconds = 60) => new(new RateLimitOptions { PermitLimit = permits, WindowSeconds = seconds }, _clock);

    [Fact]
    public void A_window_admits_its_permits_then_refuses_with_the_seconds_until_it_closes_and_opens_again_after()
    {
        var limiter = Limiter();
        for (var i = 0; i < 3; i++)
        {
            limiter.TryAcquire("acc_a", out _).ShouldBeTrue();
        }

        _clock.Now += TimeSpan.FromSeconds(20.5);
        limiter.TryAcquire("acc_a", out var retryAfter).ShouldBeFalse();
        retryAfter.ShouldBe(40); // 39.5 s left, rounded up

        // Another partition has its own budget.
        limiter.TryAcquire("acc_b", out _).ShouldBeTrue();

        _clock.Now += TimeSpan.FromSeconds(39.4);
        limiter.TryAcquire("acc_a", out retryAfter).ShouldBeFalse();
        retryAfter.ShouldBe(1); // never 0: "retry now" would be refused again

        _clock.Now += TimeSpan.FromSeconds(0.1);
        limiter.TryAcquire("acc_a", out _).ShouldBeTrue();
        limiter.TryAcquire("acc_a", out _).ShouldBeTrue();
        limiter.TryAcquire("acc_a", out _).ShouldBeTrue();
        limiter.TryAcquire("acc_a", out _).ShouldBeFalse();
    }

    [Fact]
    public void Partitions_idle_for_a_whole_window_are_dropped_so_the_table_holds_only_recent_ones()
    {
        var limiter = Limiter(permits: 1);
        for (var i = 0; i < 1000; i++)
        {
            limiter.TryAcquire($"anonymous:10.0.{i / 256}.{i % 256}", out _).ShouldBeTrue();
        }

        limiter.Partitions.ShouldBe(1000);
        _clock.Now += TimeSpan.FromSeconds(121);
        limiter.TryAcquire("acc_recent", out _).ShouldBeTrue();

        limiter.Partitions.ShouldBe(1);
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(600, 0)]
    public void A_budget_or_window_under_one_stops_the_start_with_the_settings_named(int permits, int seconds)
    {
        Should.Throw<InvalidOperationException>(() => Limiter(permits, seconds))
            .Message.ShouldContain("RateLimiting:PermitLimit and RateLimiting:WindowSeconds must each be at least 1");
    }

    [Fact]
    public async Task Concurrent_requests_of_one_key_are_admitted_exactly_up_to_the_budget()
    {
        var limiter = Limiter(permits: 500);
        var admitted = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                if (limiter.TryAcquire("acc_busy", out _))
                {
                    Interlocked.Increment(ref admitted);
                }
            }
        })));

        admitted.ShouldBe(500);
    }
}

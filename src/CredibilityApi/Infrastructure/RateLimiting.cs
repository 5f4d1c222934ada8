using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Per-key request budget, from <c>RateLimiting:PermitLimit</c> per <c>RateLimiting:WindowSeconds</c>, counted by
/// each node on its own: behind a load balancer a key may send nodes × limit (README, "Limits across nodes").
/// </summary>
public sealed record RateLimitOptions
{
    public int PermitLimit { get; init; } = 600;
    public int WindowSeconds { get; init; } = 60;
}

/// <summary>
/// Fixed windows per partition (an account, or the remote address of requests without a valid key): a window opens at
/// the partition's first request after the last one closed and admits <see cref="RateLimitOptions.PermitLimit"/>
/// requests; past that, requests are refused with the seconds until it closes.
/// <para>
/// Why not ASP.NET Core's rate limiting middleware with a partitioned fixed-window limiter, which this replaced
/// (issue 13): measured side by side on the load benchmark's GET, it cost about 4% of the request's CPU (a lock over all
/// partitions, a partition factory and options per request, the endpoint metadata lookups). Here a request does one
/// dictionary lookup and takes its own partition's lock; nothing is allocated for a request with a key.
/// </para>
/// <para>
/// Windows closed for a whole window are dropped, at most once per window, so the table holds the partitions active
/// lately, not every key or address ever seen. A request that raced such a drop counts in the dropped window: at most a
/// request per partition and sweep goes uncounted.
/// </para>
/// </summary>
public sealed class PerKeyRateLimiter(RateLimitOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly long _windowTicks = TimeSpan.FromSeconds(Math.Max(1, options.WindowSeconds)).Ticks;
    private long _nextSweepTicks;

    public RateLimitOptions Options { get; } = options;

    /// <summary>The partitions with a window in the table (for tests).</summary>
    internal int Partitions => _windows.Count;

    /// <summary>Counts a request of the partition: true when its window has room; otherwise false, and the whole seconds (at least 1) until it closes.</summary>
    public bool TryAcquire(string partition, out int retryAfterSeconds)
    {
        var now = clock.GetUtcNow().UtcTicks;
        if (now >= Volatile.Read(ref _nextSweepTicks))
        {
            Sweep(now);
        }

        var window = _windows.GetOrAdd(partition, static (_, start) => new Window(start), now);
        lock (window)
        {
            if (now - window.Start >= _windowTicks)
            {
                window.Start = now;
                window.Count = 0;
            }

            if (window.Count < Options.PermitLimit)
            {
                window.Count++;
                retryAfterSeconds = 0;
                return true;
            }

            retryAfterSeconds = (int)Math.Max(1, Math.Ceiling(TimeSpan.FromTicks(window.Start + _windowTicks - now).TotalSeconds));
            return false;
        }
    }

    private void Sweep(long now)
    {
        var due = Volatile.Read(ref _nextSweepTicks);
        if (now < due || Interlocked.CompareExchange(ref _nextSweepTicks, now + _windowTicks, due) != due)
        {
            return; // another request sweeps
        }

        foreach (var (partition, window) in _windows)
        {
            bool idle;
            lock (window)
            {
                idle = now - window.Start >= 2 * _windowTicks;
            }

            if (idle)
            {
                _windows.TryRemove(new KeyValuePair<string, Window>(partition, window));
            }
        }
    }

    private sealed class Window(long start)
    {
        public long Start = start;
        public int Count;
    }
}

/// <summary>Refuses a request past its partition's budget with 429, <c>Retry-After</c> and a problem that says the budget.</summary>
public sealed class PerKeyRateLimitMiddleware(RequestDelegate next, PerKeyRateLimiter limiter)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (RateLimitingExtensions.IsExempt(context))
        {
            return next(context);
        }

        // By account, so one client's burst does not spend another's budget; requests without a valid key share a
        // budget per remote address.
        var partition = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous:" + context.Connection.RemoteIpAddress;
        return limiter.TryAcquire(partition, out var retryAfter) ? next(context) : RefuseAsync(context, retryAfter);
    }

    private Task RefuseAsync(HttpContext context, int retryAfter)
    {
        var options = limiter.Options;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return Problems.WriteAsync(
            context,
            StatusCodes.Status429TooManyRequests,
            "Too many requests",
            $"This key may send {options.PermitLimit} requests every {options.WindowSeconds} seconds. Retry after {retryAfter} seconds.");
    }
}

public static class RateLimitingExtensions
{
    public static IServiceCollection AddPerKeyRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("RateLimiting").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(sp => new PerKeyRateLimiter(options, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>After authentication (the partition is the account), before anything that does the request's work.</summary>
    public static IApplicationBuilder UsePerKeyRateLimiting(this IApplicationBuilder app) => app.UseMiddleware<PerKeyRateLimitMiddleware>();

    /// <summary>Only the health probes are exempt: a load balancer must always be able to ask.</summary>
    public static bool IsExempt(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health");
}

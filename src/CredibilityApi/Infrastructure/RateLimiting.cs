using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

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

public static class RateLimitingExtensions
{
    public static IServiceCollection AddPerKeyRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("RateLimiting").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            // Partitioned by account, so one client's burst does not spend another's budget;
            // requests without a valid key share a budget per remote address.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var partition = context.User.FindFirstValue(ClaimTypes.NameIdentifier)
                    ?? "anonymous:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = TimeSpan.FromSeconds(options.WindowSeconds),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : options.WindowSeconds;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(
                    rejected.HttpContext,
                    StatusCodes.Status429TooManyRequests,
                    "Too many requests",
                    $"This key may send {options.PermitLimit} requests every {options.WindowSeconds} seconds. Retry after {retryAfter} seconds.");
            };
        });
        return services;
    }

    /// <summary>Only the health probes are exempt: a load balancer must always be able to ask.</summary>
    public static bool IsExempt(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health");
}

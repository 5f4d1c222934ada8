using System.Diagnostics;
using System.Security.Claims;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// One structured log entry per request, written when the response is done: method, route, status,
/// duration, request id and, once authenticated, the account and the key's id — never the key itself,
/// nor any header. Everything logged while the request runs carries the request id (the host's own log
/// scope) and, after authentication, the account id (<see cref="BeginAccountScope"/>). The request id is
/// also sent back as <c>X-Request-Id</c> and is the <c>traceId</c> of every problem.
/// </summary>
public sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public const string RequestIdHeader = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = context.TraceIdentifier;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[RequestIdHeader] = requestId;
            return Task.CompletedTask;
        });

        var failed = true;
        try
        {
            await next(context);
            failed = false;
        }
        finally
        {
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
            Completed(
                logger,
                context.Request.Method,
                route,
                context.Request.Path.Value ?? "",
                status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                requestId,
                context.User.FindFirstValue(ClaimTypes.NameIdentifier),
                context.User.FindFirstValue(PrincipalExtensions.KeyIdClaim),
                UserAgentOf(context.Request));
        }
    }

    [LoggerMessage(EventId = 1, EventName = "RequestCompleted", Level = LogLevel.Information,
        Message = "{Method} {Route} ({Path}) answered {StatusCode} in {ElapsedMs:0.000} ms (request {RequestId}, account {AccountId}, key {KeyId}, agent {UserAgent})")]
    private static partial void Completed(ILogger logger, string method, string route, string path, int statusCode, double elapsedMs, string requestId, string? accountId, string? keyId, string? userAgent);

    /// <summary>
    /// The caller's User-Agent (the generated client sends its name and version), at most 200 characters, control
    /// characters dropped: the one request header logged, since it says which client and version made the call.
    /// </summary>
    internal static string? UserAgentOf(HttpRequest request)
    {
        var agent = request.Headers.UserAgent.ToString();
        if (agent.Length == 0)
        {
            return null;
        }

        // The common case (a short, clean header) is logged as it is, without copying it on every request.
        if (agent.Length <= 200 && !agent.Any(char.IsControl))
        {
            return agent;
        }

        var clean = new string(agent.Where(c => !char.IsControl(c)).Take(200).ToArray());
        return clean.Length == 0 ? null : clean;
    }

    /// <summary>After authentication: the account id joins the log scope of everything the request logs.</summary>
    public static Task BeginAccountScope(HttpContext context, RequestDelegate next)
    {
        var accountId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (accountId is null)
        {
            return next(context);
        }

        return WithScopeAsync(context, next, accountId);
    }

    private static async Task WithScopeAsync(HttpContext context, RequestDelegate next, string accountId)
    {
        var logger = context.RequestServices.GetRequiredService<ILogger<RequestLoggingMiddleware>>();
        using (logger.BeginScope(new Dictionary<string, object> { ["AccountId"] = accountId }))
        {
            await next(context);
        }
    }
}

using System.Diagnostics;
using System.Security.Claims;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// One structured log entry per request, written when the response is done: method, route, status,
/// duration, request id and, once authenticated, the account and the key's id — never the key itself,
/// nor any header. Everything logged while the request runs carries the request's scope (<see cref="RequestScope"/>):
/// its id and path, and after authentication its account id. The request id is also sent back as
/// <c>X-Request-Id</c> and is the <c>traceId</c> of every problem.
/// <para>
/// Successful reads are sampled (issue 13): a GET or HEAD answered below 400 within <c>RequestLogging:SlowMilliseconds</c>
/// (default 1000) is logged one in <c>RequestLogging:SuccessfulReadSampleEvery</c> (default 1: every one; the shipped
/// appsettings.json says 100), and the entry says so (<c>SampleEvery</c>), so counts multiply back. Every write, every refusal
/// or error and every slow read is always logged. Why sampling rather than buffering: the profile of a GET put a fifth of its
/// CPU in the console logger (formatting JSON and contending for its queue's lock), and a buffer would still format every
/// entry; what an operator needs of successful reads is their rate and latency, which a sample keeps, while anything that
/// failed or changed data, the entries one searches by request id, are all there.
/// </para>
/// <para>
/// One scope per request, not two (issue 13): the host's own request scope, and the <c>Activity</c> it starts for it, are
/// left off in appsettings.json (<c>Microsoft.AspNetCore.Hosting.Diagnostics: None</c>), and this scope carries what that one
/// did, the account id joining it after authentication instead of in a scope of its own. Measured side by side on the load
/// benchmark's GET, the host's scope and activity and the account's own scope cost several percent of the request's CPU
/// (docs/benchmarks/get-pipeline-2026-12-07.md).
/// </para>
/// </summary>
public sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger, IConfiguration configuration)
{
    public const string RequestIdHeader = "X-Request-Id";

    private readonly int _sampleEvery = Math.Max(1, configuration.GetValue("RequestLogging:SuccessfulReadSampleEvery", 1));
    private readonly double _slowMs = configuration.GetValue("RequestLogging:SlowMilliseconds", 1000.0);
    private long _successfulReads;

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var scope = new RequestScope(context.TraceIdentifier, context.Request.Path.Value ?? "");
        context.Features.Set(scope);
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);

        var failed = true;
        using var logScope = logger.BeginScope(scope);
        try
        {
            await next(context);
            failed = false;
        }
        finally
        {
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (SampleOf(context, status, elapsedMs) is { } sampleEvery)
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
                Completed(
                    logger,
                    context.Request.Method,
                    route,
                    scope.RequestPath,
                    status,
                    elapsedMs,
                    scope.RequestId,
                    context.User.FindFirstValue(ClaimTypes.NameIdentifier),
                    context.User.FindFirstValue(PrincipalExtensions.KeyIdClaim),
                    UserAgentOf(context.Request),
                    sampleEvery);
            }
        }
    }

    /// <summary>
    /// How many requests like this one the entry stands for: 1 for a request always logged, <c>SuccessfulReadSampleEvery</c>
    /// for the one successful read of that many that is logged; null for a successful read left out of the sample.
    /// </summary>
    private int? SampleOf(HttpContext context, int status, double elapsedMs)
    {
        if (_sampleEvery == 1 || status >= 400 || elapsedMs >= _slowMs ||
            !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            return 1;
        }

        return Interlocked.Increment(ref _successfulReads) % _sampleEvery == 0 ? _sampleEvery : null;
    }

    [LoggerMessage(EventId = 1, EventName = "RequestCompleted", Level = LogLevel.Information,
        Message = "{Method} {Route} ({Path}) answered {StatusCode} in {ElapsedMs:0.000} ms (request {RequestId}, account {AccountId}, key {KeyId}, agent {UserAgent}; 1 in {SampleEvery} logged)")]
    private static partial void Completed(ILogger logger, string method, string route, string path, int statusCode, double elapsedMs, string requestId, string? accountId, string? keyId, string? userAgent, int sampleEvery);

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

    /// <summary>
    /// After authentication: the account id joins the request's log scope, so everything the request logs from here on
    /// carries it. Synchronous, and nothing is pushed: the scope is the one <see cref="InvokeAsync"/> began.
    /// </summary>
    public static Task JoinAccountToScope(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<RequestScope>() is { } scope)
        {
            scope.AccountId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        }

        return next(context);
    }
}

/// <summary>
/// The log scope of one request: its id (<c>HttpContext.TraceIdentifier</c>, sent as <c>X-Request-Id</c>) and path, as the
/// host's own request scope had them (Kestrel's connection scope has the connection id), and the account id once
/// authentication has found one. The values are copied in, never read from the request later, so an entry logged after
/// the response (by work the request started) still shows this request's values. A request feature, so the account can
/// be added without a second scope.
/// </summary>
public sealed class RequestScope(string requestId, string requestPath) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string RequestId { get; } = requestId;

    public string RequestPath { get; } = requestPath;

    /// <summary>Set once authenticated (<see cref="RequestLoggingMiddleware.JoinAccountToScope"/>); not listed until then.</summary>
    public string? AccountId { get; set; }

    public int Count => AccountId is null ? 2 : 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new(nameof(RequestId), RequestId),
        1 => new(nameof(RequestPath), RequestPath),
        2 when AccountId is not null => new(nameof(AccountId), AccountId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => AccountId is null
        ? $"RequestId:{RequestId} RequestPath:{RequestPath}"
        : $"RequestId:{RequestId} RequestPath:{RequestPath} AccountId:{AccountId}";
}

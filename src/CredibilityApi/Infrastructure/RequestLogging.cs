using System.Diagnostics;
using System.Security.Claims;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// One structured log entry per request, written when the response is done: method, route, status,
/// duration, request id and, once authenticated, the account and the key's id — never the key itself,
/// nor any header. Everything logged while the request runs carries the request id (the host's own log
/// scope) and, after authentication, the account id (<see cref="BeginAccountScope"/>). The request id is
/// also sent back as <c>X-Request-Id</c> and is the <c>traceId</c> of every problem.
/// <para>
/// Successful reads are sampled (issue 13): a GET or HEAD answered below 400 within <c>RequestLogging:SlowMilliseconds</c>
/// (default 1000) is logged one in <c>RequestLogging:SuccessfulReadSampleEvery</c> (default 1: every one; the shipped
/// appsettings.json says 100), and the entry says so (<c>SampleEvery</c>), so counts multiply back. Every write, every refusal
/// or error and every slow read is always logged. Why sampling rather than buffering: the profile of a GET put a fifth of its
/// CPU in the console logger (formatting JSON and contending for its queue's lock), and a buffer would still format every
/// entry; what an operator needs of successful reads is their rate and latency, which a sample keeps, while anything that
/// failed or changed data, the entries one searches by request id, are all there.
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
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (SampleOf(context, status, elapsedMs) is { } sampleEvery)
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
                Completed(
                    logger,
                    context.Request.Method,
                    route,
                    context.Request.Path.Value ?? "",
                    status,
                    elapsedMs,
                    requestId,
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
        using (logger.BeginScope(new AccountScope(accountId)))
        {
            await next(context);
        }
    }

    /// <summary>The account id as a log scope: one small object per request instead of a dictionary.</summary>
    private sealed class AccountScope(string accountId) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public KeyValuePair<string, object> this[int index] =>
            index == 0 ? new("AccountId", accountId) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => 1;

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"AccountId:{accountId}";
    }
}

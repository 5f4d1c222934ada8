using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace CredibilityApi.Client;

/// <summary>How the client retries and times out. The defaults suit an annotator's session.</summary>
public sealed class CredibilityApiClientOptions
{
    /// <summary>Retries after the first attempt (0 for none). Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay when the server named none; later ones grow exponentially, with jitter. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest the client waits before a retry, whatever <c>Retry-After</c> asks. Default 2 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long one attempt may take until the response headers arrive. Default 100 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long a call may take with all its retries and waits. Default 5 minutes.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether every POST without an <c>Idempotency-Key</c> gets a fresh random one before its first attempt, so that
    /// a retried POST is applied at most once by the API. Default true; turn it off only to send your own keys.
    /// </summary>
    public bool GenerateIdempotencyKeys { get; set; } = true;
}

/// <summary>Registers <see cref="ICredibilityApiClient"/> with the API's address and key.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds a typed <see cref="ICredibilityApiClient"/> that sends <paramref name="apiKey"/> on every request, gives
    /// every POST an <c>Idempotency-Key</c>, and retries 408, 429 and 503 answers, lost connections and timed-out
    /// attempts with Microsoft.Extensions.Http.Resilience, honouring the server's <c>Retry-After</c>.
    /// </summary>
    public static IHttpClientBuilder AddCredibilityApiClient(
        this IServiceCollection services, Uri baseUrl, string apiKey, Action<CredibilityApiClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var options = new CredibilityApiClientOptions();
        configure?.Invoke(options);
        var builder = services.AddHttpClient<ICredibilityApiClient, CredibilityApiClient>(client =>
        {
            client.BaseAddress = baseUrl;
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
            client.Timeout = Timeout.InfiniteTimeSpan;   // the resilience pipeline's timeouts govern
        });
        if (options.GenerateIdempotencyKeys)
        {
            // Outside the retries, so every attempt of one call carries the same key.
            builder.AddHttpMessageHandler(() => new IdempotencyKeyHandler());
        }

        builder.AddResilienceHandler("credibility-api", pipeline => pipeline.AddCredibilityApiStrategies(options));
        return builder;
    }

    /// <inheritdoc cref="AddCredibilityApiClient(IServiceCollection, Uri, string, Action{CredibilityApiClientOptions})"/>
    public static IHttpClientBuilder AddCredibilityApiClient(
        this IServiceCollection services, string baseUrl, string apiKey, Action<CredibilityApiClientOptions>? configure = null) =>
        services.AddCredibilityApiClient(new Uri(baseUrl, UriKind.Absolute), apiKey, configure);
}

/// <summary>The client's resilience strategies, for a pipeline of your own.</summary>
public static class CredibilityApiResilience
{
    /// <summary>
    /// Adds, outermost first: a total timeout, retries of 408/429/503, lost connections and timed-out attempts
    /// (after <c>Retry-After</c> when the server sends one, else exponential back-off with jitter), and a per-attempt timeout.
    /// </summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddCredibilityApiStrategies(
        this ResiliencePipelineBuilder<HttpResponseMessage> builder, CredibilityApiClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome)),
            });
        }

        return builder.AddTimeout(options.AttemptTimeout);
    }

    /// <summary>408, 429 and 503 answers, a connection that failed or dropped, and an attempt that timed out.</summary>
    public static bool IsRetryable(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result.StatusCode: HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable } => true,
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        _ => false,
    };
}

/// <summary>
/// Gives a POST that has no <c>Idempotency-Key</c> a random one. The API stores the first answer under the key and
/// replays it to a retry, so a retry after a lost answer cannot write twice.
/// </summary>
public sealed class IdempotencyKeyHandler : DelegatingHandler
{
    /// <summary>The header's name.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>Creates a handler for an <see cref="IHttpClientBuilder"/> pipeline.</summary>
    public IdempotencyKeyHandler()
    {
    }

    /// <summary>Creates a handler wrapping <paramref name="inner"/>, for use without dependency injection.</summary>
    public IdempotencyKeyHandler(HttpMessageHandler inner) => InnerHandler = inner;

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && !request.Headers.Contains(HeaderName))
        {
            request.Headers.TryAddWithoutValidation(HeaderName, Guid.NewGuid().ToString());
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>JSON settings matching the API (camelCase properties, enums as camelCase strings), and a factory for use without DI.</summary>
public partial class CredibilityApiClient
{
    /// <summary>
    /// A client without dependency injection, with the same key handling, idempotency keys and resilience as
    /// <see cref="ServiceCollectionExtensions.AddCredibilityApiClient(IServiceCollection, Uri, string, Action{CredibilityApiClientOptions})"/>.
    /// Create one and keep it for the life of the program: its connections are pooled.
    /// </summary>
    /// <param name="baseUrl">The API's address, e.g. <c>http://localhost:5080/</c>.</param>
    /// <param name="apiKey">The account's API key.</param>
    /// <param name="options">Retries and timeouts; the defaults when null.</param>
    /// <param name="primaryHandler">The innermost handler (a <see cref="SocketsHttpHandler"/> when null); tests pass their own.</param>
    public static CredibilityApiClient Create(Uri baseUrl, string apiKey, CredibilityApiClientOptions? options = null, HttpMessageHandler? primaryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        options ??= new CredibilityApiClientOptions();
        HttpMessageHandler handler = new ResilienceHandler(
            new ResiliencePipelineBuilder<HttpResponseMessage>().AddCredibilityApiStrategies(options).Build())
        {
            InnerHandler = primaryHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };
        if (options.GenerateIdempotencyKeys)
        {
            handler = new IdempotencyKeyHandler(handler);
        }

        var http = new HttpClient(handler)
        {
            BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return new CredibilityApiClient(http);
    }

    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        settings.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }
}

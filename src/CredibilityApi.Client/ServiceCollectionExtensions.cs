using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Client;

/// <summary>Registers <see cref="ICredibilityApiClient"/> with the API's address and key.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds a typed <see cref="ICredibilityApiClient"/> that sends <paramref name="apiKey"/> on every request and,
    /// when the API answers 429 or 503, waits for its <c>Retry-After</c> and tries again (up to <paramref name="maxRetries"/> times).
    /// </summary>
    public static IHttpClientBuilder AddCredibilityApiClient(this IServiceCollection services, Uri baseUrl, string apiKey, int maxRetries = 3)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        services.AddTransient(_ => new RetryAfterHandler(maxRetries));
        return services
            .AddHttpClient<ICredibilityApiClient, CredibilityApiClient>(client =>
            {
                client.BaseAddress = baseUrl;
                client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
            })
            .AddHttpMessageHandler<RetryAfterHandler>();
    }

    /// <inheritdoc cref="AddCredibilityApiClient(IServiceCollection, Uri, string, int)"/>
    public static IHttpClientBuilder AddCredibilityApiClient(this IServiceCollection services, string baseUrl, string apiKey, int maxRetries = 3) =>
        services.AddCredibilityApiClient(new Uri(baseUrl, UriKind.Absolute), apiKey, maxRetries);
}

/// <summary>
/// Retries a request answered 429 (rate limited) or 503 (unavailable, e.g. during a restart) after the delay
/// the server asked for in <c>Retry-After</c>, or a second when it named none.
/// </summary>
public sealed class RetryAfterHandler(int maxRetries = 3, TimeSpan? maxDelay = null) : DelegatingHandler
{
    private readonly TimeSpan _maxDelay = maxDelay ?? TimeSpan.FromMinutes(2);

    /// <summary>Creates a handler wrapping <paramref name="inner"/>, for use without dependency injection.</summary>
    public RetryAfterHandler(HttpMessageHandler inner, int maxRetries = 3, TimeSpan? maxDelay = null)
        : this(maxRetries, maxDelay) => InnerHandler = inner;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The body is buffered once so a retry can send it again.
        if (request.Content is not null)
        {
#if NET9_0_OR_GREATER
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
#else
            await request.Content.LoadIntoBufferAsync().ConfigureAwait(false);
#endif
        }

        for (var attempt = 0; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || attempt >= maxRetries)
            {
                return response;
            }

            var delay = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - DateTimeOffset.UtcNow,
                _ => TimeSpan.FromSeconds(1),
            };
            response.Dispose();
            await Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay > _maxDelay ? _maxDelay : delay, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>JSON settings matching the API: camelCase properties and enums as camelCase strings.</summary>
public partial class CredibilityApiClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        settings.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }
}

using CredibilityApi.Client;

namespace CredibilityApi.Import;

/// <summary>The generated client as the importer uses it: the admin key, polite retries, a long timeout for big batches.</summary>
public static class ImportClient
{
    public static CredibilityApiClient Create(Uri baseUrl, string apiKey, HttpMessageHandler? inner = null)
    {
        // Retried requests keep their Idempotency-Key (it is on the request), so a batch is never applied twice.
        var http = new HttpClient(new RetryAfterHandler(inner ?? new SocketsHttpHandler(), maxRetries: 10))
        {
            BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/"),
            Timeout = TimeSpan.FromMinutes(5),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return new CredibilityApiClient(http);
    }
}

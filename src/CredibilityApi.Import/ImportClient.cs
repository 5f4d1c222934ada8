using CredibilityApi.Client;

namespace CredibilityApi.Import;

/// <summary>The generated client as the importer uses it: the admin key, patient retries, long timeouts for big batches.</summary>
public static class ImportClient
{
    /// <summary>
    /// The client's own resilience (retries of 408/429/503 and lost connections after <c>Retry-After</c>), with ten
    /// retries. The importer sends its own Idempotency-Key per batch; a retry keeps it, so a batch is never applied twice.
    /// </summary>
    public static CredibilityApiClient Create(Uri baseUrl, string apiKey, HttpMessageHandler? inner = null) =>
        CredibilityApiClient.Create(baseUrl, apiKey, new CredibilityApiClientOptions
        {
            MaxRetries = 10,
            AttemptTimeout = TimeSpan.FromMinutes(5),
            TotalTimeout = TimeSpan.FromMinutes(30),
        }, inner);
}

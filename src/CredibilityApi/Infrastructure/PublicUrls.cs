namespace CredibilityApi.Infrastructure;

/// <summary>
/// The API's public address, from <c>Api:PublicBaseUrl</c> (default <c>http://localhost:5080</c>). Every absolute
/// URL the API writes (links in exports, the next page of an export) is built from it, never from the request's
/// Host header, which the client chooses: a forged <c>Host: evil.example</c> must not end up in published JSON-LD.
/// </summary>
public sealed class PublicUrls
{
    public const string SettingName = "Api:PublicBaseUrl";
    public const string Default = "http://localhost:5080";

    private readonly string _base;

    public PublicUrls(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") ||
            !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new InvalidOperationException(
                $"{SettingName} must be an absolute http or https URL without query or fragment, such as https://credibility.example.org; got '{baseUrl}'.");
        }

        // A base with a path (https://example.org/credibility) keeps it; the API's paths are appended to it.
        _base = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    public static PublicUrls From(IConfiguration configuration) =>
        new(configuration[SettingName] is { Length: > 0 } configured ? configured : Default);

    /// <summary>The public base URL, without a trailing slash.</summary>
    public string Base => _base;

    /// <summary>The absolute URL of an API path (starting with '/'), with an optional query string (starting with '?').</summary>
    public string For(string path, string? query = null) => _base + path + query;
}

using CredibilityApi.Client;

namespace CredibilityApi.Tests.Infrastructure;

/// <summary>Builders for the requests tests make most often.</summary>
public static class Requests
{
    public static RegisterOutletRequest Outlet(string primaryDomain, params string[] aliases) => new()
    {
        Name = "Outlet " + primaryDomain,
        PrimaryDomain = primaryDomain,
        Aliases = aliases.ToList(),
        Country = "GB",
        Language = "en",
        Ownership = Ownership.Private,
    };

    public static RegisterArticleRequest Article(string url, string? body = null, DateTimeOffset? publishedAt = null) => new()
    {
        Url = url,
        Title = "Article at " + url,
        Authors = ["A. Reporter"],
        PublishedAt = publishedAt ?? new DateTimeOffset(2021, 3, 14, 9, 30, 0, TimeSpan.Zero),
        Language = "en",
        Body = body,
    };
}

public static class ApiExceptionExtensions
{
    /// <summary>Runs <paramref name="call"/> and returns the API error it must fail with.</summary>
    public static async Task<ApiException> ShouldFailWith(this Task call, int status)
    {
        var e = await Should.ThrowAsync<ApiException>(call);
        e.StatusCode.ShouldBe(status, e.Response);
        return e;
    }

    public static string? Header(this ApiException e, string name) =>
        e.Headers.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>An outlet and an article with the product's running example as its body.</summary>
public sealed record ArticleFixture(CredibilityApi.Client.Outlet Outlet, CredibilityApi.Client.Article Article)
{
    public const string Body =
        "Forces advanced 40 km overnight, a spokesman said on Twitter. " +
        "A resident, quoted by the Daily Example, said the town fell at dawn. " +
        "An unnamed official said the town fell at dawn. " +
        "Officials called them marauding militants; marauding militants were seen again.";

    public static async Task<ArticleFixture> CreateAsync(CredibilityApi.Client.CredibilityApiClient client, string? body = Body)
    {
        var domain = Unique.Domain();
        var outlet = await client.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await client.RegisterArticleAsync(Requests.Article($"https://{domain}/story", body));
        return new ArticleFixture(outlet, article);
    }
}

/// <summary>Instants to cite in asOf reads.</summary>
public static class Cited
{
    /// <summary>
    /// An asOf that holds every write made before the call: the next whole second after them. The generated client sends
    /// instants to the second, and an asOf later than the server's now is refused, so the call waits for it to pass.
    /// </summary>
    public static async Task<DateTimeOffset> AfterWritesAsync()
    {
        await Task.Delay(1100);
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}

using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Campaigns;

/// <summary>Outlets, articles, pools and campaign requests of a test's own.</summary>
internal static class CampaignTestData
{
    public static readonly string[] Dimensions = ["factual_accuracy", "slant"];

    /// <summary>An outlet of its own with <paramref name="count"/> articles, one a day from 2 March 2026 (a Monday).</summary>
    public static async Task<(Outlet Outlet, List<string> Articles)> OutletWithArticlesAsync(CredibilityApiClient client, int count)
    {
        var domain = Unique.Domain();
        var outlet = await client.RegisterOutletAsync(Requests.Outlet(domain));
        var articles = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var published = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).AddDays(i);
            articles.Add((await client.RegisterArticleAsync(Requests.Article($"https://{domain}/story-{i}", publishedAt: published))).Id);
        }

        return (outlet, articles);
    }

    public static CreateCampaignRequest Listed(IEnumerable<string> pool, int overlap, IEnumerable<string> articles) => new()
    {
        Name = "Campaign " + Unique.Label(),
        Description = "Made by a test.",
        Guidelines = "Rate the article as published.",
        RubricVersion = 1,
        Tasks = new CampaignTasks { Dimensions = [.. Dimensions] },
        Overlap = overlap,
        Pool = [.. pool],
        ArticleIds = [.. articles],
    };

    public static CreateCampaignRequest Sampled(IEnumerable<string> pool, int overlap, IEnumerable<string> outlets, int perBucket, long seed) => new()
    {
        Name = "Sampled " + Unique.Label(),
        RubricVersion = 1,
        Tasks = new CampaignTasks { Dimensions = [.. Dimensions], Verdicts = true },
        Overlap = overlap,
        Pool = [.. pool],
        Sampling = new CampaignSampling
        {
            OutletIds = [.. outlets],
            PublishedFrom = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
            PublishedTo = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero),
            PerBucket = perBucket,
            Bucket = SamplingBucket.Week,
            Seed = seed,
        },
    };

    /// <summary>Annotator accounts of the test's own, with their clients.</summary>
    public static async Task<List<(string Id, CredibilityApiClient Client)>> AnnotatorsAsync(ApiFixture api, int count)
    {
        var result = new List<(string, CredibilityApiClient)>();
        for (var i = 0; i < count; i++)
        {
            var (account, key) = await api.CreateAccountAsync("Pool " + Unique.Label(), Role.Annotator);
            result.Add((account.Id, api.Factory.CreateApiClient(key)));
        }

        return result;
    }

    public static RateArticleRequest AllDimensions(double value) => new()
    {
        RubricVersion = 1,
        Values = [.. Dimensions.Select(d => new RatingValue { Dimension = d, Value = value })],
        Tags = [],
    };
}

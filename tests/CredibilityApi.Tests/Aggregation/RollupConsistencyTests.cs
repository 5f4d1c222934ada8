using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// Random sequences of ratings, re-ratings, retractions, hiding and unhiding, through the API; after
/// each, the rollups must equal a recomputation written here from the raw annotation rows.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RollupConsistencyTests(ApiFixture api)
{
    private static readonly string[] Dimensions = ["factual_accuracy", "slant"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Rollups_equal_a_recomputation_from_raw_annotations_after_random_writes(int seed)
    {
        var random = new Random(seed);
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var articles = new List<Article>();
        for (var i = 0; i < 4; i++)
        {
            // Two articles share a day, so day rows merge several articles.
            var day = new DateTimeOffset(2021, 5, 1 + (i / 2), 8 + i, 0, 0, TimeSpan.Zero);
            articles.Add(await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/r{i}", publishedAt: day)));
        }

        var raters = new[] { api.Annotator, api.OtherAnnotator };
        var ratings = new List<(CredibilityApiClient By, Annotation Rating)>();
        for (var step = 0; step < 40; step++)
        {
            var action = random.Next(10);
            if (action < 6 || ratings.Count == 0)
            {
                var by = raters[random.Next(raters.Length)];
                var dimension = Dimensions[random.Next(Dimensions.Length)];
                var value = dimension == "slant" ? random.Next(-100, 101) : random.Next(0, 101);
                var rated = await by.RateArticleAsync(articles[random.Next(articles.Count)].Id, new RateArticleRequest
                {
                    RubricVersion = 1,
                    Values = [new RatingValue { Dimension = dimension, Value = value }],
                    Tags = [],
                });
                ratings.Add((by, rated.Ratings.Single()));
            }
            else
            {
                var (by, rating) = ratings[random.Next(ratings.Count)];
                var current = await api.Admin.GetAnnotationAsync(rating.Id);
                switch (action)
                {
                    case 6 when current.Status == AnnotationStatus.Active:
                        await by.RetractAnnotationAsync(rating.Id, new ReasonRequest { Reason = "random retraction" });
                        break;
                    case 7 when !current.Hidden:
                        await api.Admin.HideAnnotationAsync(rating.Id, new ReasonRequest { Reason = "random hide" });
                        break;
                    case 8 when current.Hidden:
                        await api.Admin.UnhideAnnotationAsync(rating.Id, new ReasonRequest { Reason = "random unhide" });
                        break;
                    case 9 when current.Status == AnnotationStatus.Active:
                        await by.EditAnnotationAsync(rating.Id, current.Etag, new EditAnnotationRequest
                        {
                            Rating = new RatingEditInput { Value = current.Rating!.Dimension == "slant" ? random.Next(-100, 101) : random.Next(0, 101) },
                            Tags = [],
                        });
                        break;
                }
            }

            if (step % 10 == 9)
            {
                await AssertRollupsMatchAsync(outlet.Id);
            }
        }
    }

    private async Task AssertRollupsMatchAsync(string outletId)
    {
        await api.Factory.ApplyPendingRollupsAsync();
        using var scope = api.Factory.Services.CreateScope();
        await RollupReference.AssertMatchesAsync(scope.ServiceProvider.GetRequiredService<CredibilityDbContext>(), outletId);
    }
}

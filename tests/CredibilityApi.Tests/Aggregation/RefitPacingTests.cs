using CredibilityApi.Aggregation;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// The background refit worker refits one stale dimension per round and rests after it (issue 13), so that
/// <c>Methodology:RefitMaxShare</c> holds over any few refits: <see cref="V2Refitter.RefitStaleAsync"/> with a limit refits
/// at most that many, in ordinal order, and leaves the rest stale for the next round.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RefitPacingTests(ApiFixture api)
{
    [Fact]
    public async Task A_limited_round_refits_the_first_stale_dimension_and_leaves_the_others_stale()
    {
        await api.Factory.RefitAsync();
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/pacing"));
        await api.Annotator.RateArticleAsync(article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "slant", Value = 3 }, new RatingValue { Dimension = "factual_accuracy", Value = 40 }],
            Tags = [],
        });
        await api.Factory.ApplyPendingRollupsAsync();

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        (await V2Refitter.StaleDimensionsAsync(db, CancellationToken.None)).ShouldBe(["factual_accuracy", "slant"]);

        var refitter = api.Factory.Services.GetRequiredService<V2Refitter>();
        (await refitter.RefitStaleAsync(CancellationToken.None, most: 1)).ShouldBe(1);
        (await V2Refitter.StaleDimensionsAsync(db, CancellationToken.None)).ShouldBe(["slant"], "the first in ordinal order was refitted");

        (await refitter.RefitStaleAsync(CancellationToken.None, most: 1)).ShouldBe(1);
        (await V2Refitter.StaleDimensionsAsync(db, CancellationToken.None)).ShouldBeEmpty();
        (await refitter.RefitStaleAsync(CancellationToken.None, most: 1)).ShouldBe(0, "nothing is stale");
    }
}

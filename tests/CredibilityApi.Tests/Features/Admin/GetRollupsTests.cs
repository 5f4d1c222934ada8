using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Admin;

[Collection(ApiCollection.Name)]
public sealed class GetRollupsTests(ApiFixture api)
{
    [Fact]
    public async Task The_only_node_holds_the_rollup_lease_and_its_queue_drains_after_a_rating()
    {
        var domain = Unique.Domain();
        await api.Admin.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Admin.RegisterArticleAsync(Requests.Article($"https://{domain}/status", publishedAt: new DateTimeOffset(1740, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        await api.Annotator.RateArticleAsync(article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "slant", Value = 10 }],
            Tags = [],
        });

        // The background applier of this (only) node folds the rating in; other tests' writes may queue more meanwhile.
        var status = await api.Admin.GetRollupStatusAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (status.Pending > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            status = await api.Admin.GetRollupStatusAsync();
        }

        status.Node.ShouldNotBeNullOrWhiteSpace();
        var rollups = status.Leases.Single(l => l.Name == "rollups");
        rollups.Owner.ShouldBe(status.Node);
        rollups.ExpiresAt!.Value.ShouldBeGreaterThan(DateTimeOffset.UtcNow);

        // A lease nobody holds (the first-start one, released) shows no owner and no expiry, not an instant of 1970.
        var bootstrap = status.Leases.Single(l => l.Name == "bootstrap");
        bootstrap.Owner.ShouldBeNull();
        bootstrap.ExpiresAt.ShouldBeNull();
        rollups.Generation.ShouldBeGreaterThanOrEqualTo(1);
        status.Pending.ShouldBe(0);
    }

    [Fact]
    public async Task Only_admins_see_the_rollup_status()
    {
        var refused = await api.Researcher.GetRollupStatusAsync().ShouldFailWith(403);
        refused.StatusCode.ShouldBe(403);
    }
}

using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Articles;

[Collection(ApiCollection.Name)]
public sealed class GetAndListArticlesTests(ApiFixture api)
{
    private static readonly DateTimeOffset March = new(2021, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Getting_an_unknown_article_is_404()
    {
        await api.Researcher.GetArticleAsync("art_missing").ShouldFailWith(404);
    }

    [Fact]
    public async Task Listing_by_outlet_and_window_pages_in_publication_order()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var other = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(other));

        // Registered out of order, two with the same instant: the list orders by time, then id.
        var days = new[] { 20, 3, 9, 9, 40, 15 };
        var ids = new List<(DateTimeOffset At, string Id)>();
        for (var i = 0; i < days.Length; i++)
        {
            var at = March.AddDays(days[i]);
            var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/a{i}", publishedAt: at));
            ids.Add((at, article.Id));
        }

        await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{other}/elsewhere", publishedAt: March.AddDays(10)));

        var expected = ids
            .Where(x => x.At >= March && x.At < March.AddMonths(1))
            .OrderBy(x => x.At).ThenBy(x => x.Id, StringComparer.Ordinal)
            .Select(x => x.Id)
            .ToList();

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await api.Researcher.ListArticlesAsync(outlet.Id, March, March.AddMonths(1), cursor, limit: 2);
            page.Items.ShouldAllBe(a => a.OutletId == outlet.Id);
            seen.AddRange(page.Items.Select(a => a.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        seen.ShouldBe(expected);
        expected.Count.ShouldBe(5);
    }

    [Fact]
    public async Task A_window_that_ends_before_it_starts_is_400()
    {
        await api.Researcher.ListArticlesAsync(publishedFrom: March, publishedTo: March.AddDays(-1)).ShouldFailWith(400);
    }
}

using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Outlets;

[Collection(ApiCollection.Name)]
public sealed class GetAndListOutletsTests(ApiFixture api)
{
    [Fact]
    public async Task Getting_an_unknown_outlet_is_404()
    {
        var e = await api.Researcher.GetOutletAsync("out_doesnotexist").ShouldFailWith(404);
        e.Response!.ShouldContain("out_doesnotexist");
    }

    [Fact]
    public async Task Listing_pages_through_every_match_once_in_registration_order()
    {
        var label = Unique.Label();
        var registered = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var request = Requests.Outlet(Unique.Domain());
            request.Name = $"Paging {label} {i}";
            registered.Add((await api.Annotator.RegisterOutletAsync(request)).Id);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await api.Researcher.ListOutletsAsync(name: label, cursor: cursor, limit: 2);
            page.Items.Count.ShouldBeLessThanOrEqualTo(2);
            seen.AddRange(page.Items.Select(o => o.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        seen.ShouldBe(registered);
        pages.ShouldBe(3);
    }

    [Fact]
    public async Task Listing_filters_by_country_and_name_case_insensitively()
    {
        var label = Unique.Label();
        var french = Requests.Outlet(Unique.Domain());
        french.Name = $"Le Monde Exemple {label}";
        french.Country = "FR";
        var british = Requests.Outlet(Unique.Domain());
        british.Name = $"The Example {label}";
        british.Country = "GB";
        var fr = await api.Annotator.RegisterOutletAsync(french);
        await api.Annotator.RegisterOutletAsync(british);

        var page = await api.Researcher.ListOutletsAsync(name: label.ToUpperInvariant(), country: "FR");

        page.Items.Select(o => o.Id).ShouldBe([fr.Id]);
    }

    [Fact]
    public async Task A_cursor_the_api_did_not_issue_is_400()
    {
        var e = await api.Researcher.ListOutletsAsync(cursor: "garbage!").ShouldFailWith(400);
        e.Response!.ShouldContain("cursor");
    }

    [Fact]
    public async Task A_limit_above_500_is_400()
    {
        await api.Researcher.ListOutletsAsync(limit: 501).ShouldFailWith(400);
    }
}

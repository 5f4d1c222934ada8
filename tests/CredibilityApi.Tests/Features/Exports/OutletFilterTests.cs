using System.Net;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Exports;

/// <summary>
/// outletId on the lists and exports: an id no outlet has is a 404 naming it, not an empty page that looks like a real,
/// empty dataset (a researcher's mistyped id). A real outlet with nothing to list is still an empty 200.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OutletFilterTests(ApiFixture api)
{
    public static TheoryData<string> Paths() =>
    [
        "/api/v1/exports/annotations",
        "/api/v1/exports/claims",
        "/api/v1/exports/framing-spans",
        "/api/v1/exports/claim-reviews",
        "/api/v1/exports/assignments",
        "/api/v1/claims",
        "/api/v1/articles",
        "/api/v1/annotations",
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_unknown_outlet_is_a_404_and_a_known_one_without_rows_an_empty_200(string path)
    {
        var http = api.Factory.CreateHttpClient(ApiFactory.AdminKey);

        using var missing = await http.GetAsync($"{path}?outletId=out_nope{Unique.Label()}");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await missing.Content.ReadAsStringAsync()).ShouldContain("out_nope");

        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        using var empty = await http.GetAsync($"{path}?outletId={outlet.Id}");
        empty.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

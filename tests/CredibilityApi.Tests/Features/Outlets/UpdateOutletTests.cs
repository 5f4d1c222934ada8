using System.Net.Http.Json;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Outlets;

[Collection(ApiCollection.Name)]
public sealed class UpdateOutletTests(ApiFixture api)
{
    private static UpdateOutletRequest Edit(Outlet outlet, params string[] aliases) => new()
    {
        Name = outlet.Name + " (renamed)",
        PrimaryDomain = outlet.PrimaryDomain,
        Aliases = aliases.ToList(),
        Country = outlet.Country,
        Language = outlet.Language,
        Ownership = Ownership.NonProfit,
        Notes = "Edited",
    };

    [Fact]
    public async Task Updating_with_the_current_etag_changes_the_outlet_and_its_etag()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        var alias = Unique.Domain("co.uk");

        var updated = await api.Annotator.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit(outlet, alias));

        updated.Name.ShouldEndWith("(renamed)");
        updated.Aliases.ShouldBe([alias]);
        updated.Ownership.ShouldBe(Ownership.NonProfit);
        updated.Etag.ShouldNotBe(outlet.Etag);
        (await api.Researcher.LookupOutletAsync("https://m." + alias + "/x")).Outlet.Id.ShouldBe(outlet.Id);
    }

    [Fact]
    public async Task Editing_in_a_public_suffix_is_422_naming_the_rule_and_changes_nothing()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));

        var asAlias = await Should.ThrowAsync<ApiException<ValidationProblem>>(
            api.Annotator.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit(outlet, "co.uk")));
        var edit = Edit(outlet);
        edit.PrimaryDomain = "blogspot.com";
        var asPrimary = await Should.ThrowAsync<ApiException<ValidationProblem>>(api.Annotator.UpdateOutletAsync(outlet.Id, outlet.Etag, edit));

        asAlias.StatusCode.ShouldBe(422);
        asAlias.Result.Errors!.Single().Name.ShouldBe("aliases[0]");
        asAlias.Result.Errors!.Single().Reason!.ShouldContain("(rule 'co.uk', ICANN section)");
        asPrimary.StatusCode.ShouldBe(422);
        asPrimary.Result.Errors!.Single().Name.ShouldBe("primaryDomain");
        asPrimary.Result.Errors!.Single().Reason!.ShouldContain("(rule 'blogspot.com', private section)");
        (await api.Researcher.GetOutletAsync(outlet.Id)).Etag.ShouldBe(outlet.Etag);
    }

    [Fact]
    public async Task Updating_the_language_to_en_UK_is_400_suggesting_GB()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        var edit = Edit(outlet);
        edit.Language = "en-UK";

        var e = await Should.ThrowAsync<ApiException<ValidationProblem>>(api.Annotator.UpdateOutletAsync(outlet.Id, outlet.Etag, edit));

        e.StatusCode.ShouldBe(400);
        e.Result.Errors!.ShouldHaveSingleItem().Reason.ShouldContain("did you mean GB?");
    }

    [Fact]
    public async Task Updating_without_if_match_is_428()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var response = await http.PutAsJsonAsync($"/api/v1/outlets/{outlet.Id}", Edit(outlet));

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.PreconditionRequired);
        (await response.Content.ReadAsStringAsync()).ShouldContain("If-Match");
    }

    [Fact]
    public async Task Updating_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        await api.Annotator.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit(outlet));

        var e = await api.OtherAnnotator.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit(outlet, Unique.Domain())).ShouldFailWith(412);

        e.Header("ETag").ShouldBe("\"2\"");
        (await api.Researcher.GetOutletAsync(outlet.Id)).Aliases.ShouldBeEmpty();
    }

    [Fact]
    public async Task Updating_to_a_domain_of_another_outlet_is_409()
    {
        var other = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));

        var e = await api.Annotator.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit(outlet, other.PrimaryDomain)).ShouldFailWith(409);

        e.Header("Location").ShouldBe($"/api/v1/outlets/{other.Id}");
    }

    [Fact]
    public async Task Updating_an_unknown_outlet_is_404()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        await api.Annotator.UpdateOutletAsync("out_missing", "\"1\"", Edit(outlet)).ShouldFailWith(404);
    }

    [Fact]
    public async Task A_researcher_cannot_update_an_outlet()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        await api.Researcher.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit(outlet)).ShouldFailWith(403);
    }
}

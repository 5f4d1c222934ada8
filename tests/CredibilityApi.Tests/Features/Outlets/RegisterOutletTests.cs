using System.Net;
using System.Net.Http.Json;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Outlets;

[Collection(ApiCollection.Name)]
public sealed class RegisterOutletTests(ApiFixture api)
{
    [Fact]
    public async Task Registering_an_outlet_returns_it_with_normalised_domains_and_an_etag()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet("WWW." + domain.ToUpperInvariant(), "mirror-" + domain));

        outlet.Id.ShouldStartWith("out_");
        outlet.PrimaryDomain.ShouldBe(domain);
        outlet.Aliases.ShouldBe(["mirror-" + domain]);
        outlet.Ownership.ShouldBe(Ownership.Private);
        outlet.Etag.ShouldBe("\"1\"");

        var fetched = await api.Researcher.GetOutletAsync(outlet.Id);
        fetched.Name.ShouldBe(outlet.Name);
        fetched.Aliases.ShouldBe(outlet.Aliases);
    }

    [Fact]
    public async Task Registering_answers_201_with_location_and_etag_headers()
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var response = await http.PostAsJsonAsync("/api/v1/outlets", new { name = "Headers", primaryDomain = Unique.Domain() });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldStartWith("/api/v1/outlets/out_");
        response.Headers.ETag!.Tag.ShouldBe("\"1\"");
    }

    [Fact]
    public async Task Every_ownership_value_round_trips_through_the_client()
    {
        foreach (var ownership in Enum.GetValues<Ownership>())
        {
            var request = Requests.Outlet(Unique.Domain());
            request.Ownership = ownership;
            var outlet = await api.Annotator.RegisterOutletAsync(request);
            (await api.Annotator.GetOutletAsync(outlet.Id)).Ownership.ShouldBe(ownership);
        }
    }

    [Fact]
    public async Task A_domain_already_registered_to_another_outlet_is_409_naming_that_outlet()
    {
        var taken = Unique.Domain();
        var first = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain(), taken));

        var e = await api.OtherAnnotator.RegisterOutletAsync(Requests.Outlet("www." + taken)).ShouldFailWith(409);

        e.Header("Location").ShouldBe($"/api/v1/outlets/{first.Id}");
        e.Response!.ShouldContain(taken);
    }

    [Theory]
    [InlineData("co.uk", "rule 'co.uk', ICANN section")]
    [InlineData("CO.UK.", "rule 'co.uk', ICANN section")]
    [InlineData("www.co.uk", "rule 'co.uk', ICANN section")]
    [InlineData("blogspot.com", "rule 'blogspot.com', private section")]
    [InlineData("github.io", "rule 'github.io', private section")]
    [InlineData("anything.kawasaki.jp", "rule '*.kawasaki.jp', ICANN section")]
    public async Task A_public_suffix_as_primary_domain_is_422_naming_the_rule(string domain, string rule)
    {
        var e = await Should.ThrowAsync<ApiException<ValidationProblem>>(api.Annotator.RegisterOutletAsync(Requests.Outlet(domain)));

        e.StatusCode.ShouldBe(422);
        e.Headers["Content-Type"].Single().ShouldStartWith("application/problem+json");
        var error = e.Result.Errors!.Single();
        error.Name.ShouldBe("primaryDomain");
        error.Code.ShouldBe("public-suffix");
        error.Reason!.ShouldContain("is a public suffix (" + rule + ")");
        error.Reason!.ShouldContain("register the outlet's own domain, e.g. example.");
    }

    [Fact]
    public async Task Co_uk_is_refused_with_the_message_an_annotator_can_act_on()
    {
        var e = await Should.ThrowAsync<ApiException<ValidationProblem>>(api.Annotator.RegisterOutletAsync(Requests.Outlet("co.uk")));

        e.Result.Errors!.Single().Reason.ShouldBe(
            "'co.uk' is a public suffix (rule 'co.uk', ICANN section); register the outlet's own domain, e.g. example.co.uk.");
        await api.Researcher.LookupOutletAsync("https://unrelated-paper.co.uk/story").ShouldFailWith(404);
    }

    [Fact]
    public async Task A_public_suffix_among_the_aliases_is_422_naming_that_alias_and_nothing_is_registered()
    {
        var domain = Unique.Domain();
        var e = await Should.ThrowAsync<ApiException<ValidationProblem>>(
            api.Annotator.RegisterOutletAsync(Requests.Outlet(domain, Unique.Domain("co.uk"), "blogspot.co.uk")));

        e.StatusCode.ShouldBe(422);
        var error = e.Result.Errors!.Single();
        error.Name.ShouldBe("aliases[1]");
        error.Reason!.ShouldContain("rule 'blogspot.co.uk', private section");
        await api.Researcher.LookupOutletAsync(domain).ShouldFailWith(404);
    }

    [Fact]
    public async Task A_registrable_domain_under_a_public_suffix_and_a_platforms_own_domain_are_accepted()
    {
        var paper = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain("co.uk")));
        var blog = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain("blogspot.com")));
        var exception = await api.Annotator.RegisterOutletAsync(Requests.Outlet("city.kawasaki.jp"));

        paper.PrimaryDomain.ShouldEndWith(".co.uk");
        blog.PrimaryDomain.ShouldEndWith(".blogspot.com");
        exception.PrimaryDomain.ShouldBe("city.kawasaki.jp");
    }

    [Fact]
    public async Task Invalid_fields_are_400_listing_each_field()
    {
        var request = Requests.Outlet("not a host");
        request.Country = "XX";
        request.Language = "not a language tag";
        request.Name = "";

        var e = await Should.ThrowAsync<ApiException<ValidationProblem>>(api.Annotator.RegisterOutletAsync(request));

        e.StatusCode.ShouldBe(400);
        e.Result.Errors!.Select(x => x.Name).ShouldBe(["name", "primaryDomain", "country", "language"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("en-UK", "region 'UK' is not an ISO 3166-1 country code; did you mean GB?")]
    [InlineData("fa-XX", "region 'XX' is not an ISO 3166-1 country code")]
    [InlineData("es-999", "region '999' is not a UN M.49 area code")]
    public async Task A_language_tag_whose_region_is_no_country_is_400_naming_the_field_and_why(string tag, string why)
    {
        var request = Requests.Outlet(Unique.Domain());
        request.Language = tag;

        var e = await Should.ThrowAsync<ApiException<ValidationProblem>>(api.Annotator.RegisterOutletAsync(request));

        e.StatusCode.ShouldBe(400);
        var error = e.Result.Errors!.ShouldHaveSingleItem();
        error.Name.ShouldBe("language");
        error.Reason.ShouldContain(why);
    }

    [Theory]
    [InlineData("en-GB")]
    [InlineData("en-gb")]
    [InlineData("es-419")]
    [InlineData("zh-Hant-TW")]
    [InlineData("fa")]
    public async Task Language_tags_with_a_real_region_or_none_are_accepted(string tag)
    {
        var request = Requests.Outlet(Unique.Domain());
        request.Language = tag;

        var outlet = await api.Annotator.RegisterOutletAsync(request);

        outlet.Language.ShouldBe(tag);
    }

    [Fact]
    public async Task An_alias_repeating_the_primary_domain_is_400()
    {
        var domain = Unique.Domain();
        var e = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain, "www." + domain)).ShouldFailWith(400);
        e.Response!.ShouldContain("repeats the primary domain");
    }

    [Fact]
    public async Task Without_a_key_registering_is_401_problem_details()
    {
        var http = api.Factory.CreateHttpClient(apiKey: null);
        var response = await http.PostAsJsonAsync("/api/v1/outlets", new { name = "No key", primaryDomain = Unique.Domain() });

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("X-Api-Key");
    }

    [Fact]
    public async Task An_unknown_key_is_401_and_says_so()
    {
        var e = await api.Factory.CreateApiClient("cred_not_a_real_key_at_all_000000")
            .RegisterOutletAsync(Requests.Outlet(Unique.Domain()))
            .ShouldFailWith(401);
        e.Response!.ShouldContain("not known");
    }

    [Fact]
    public async Task A_researcher_cannot_register_an_outlet()
    {
        var e = await api.Researcher.RegisterOutletAsync(Requests.Outlet(Unique.Domain())).ShouldFailWith(403);
        e.Response!.ShouldContain("researcher");
    }

    [Fact]
    public async Task The_bearer_scheme_is_accepted_as_well_as_the_header()
    {
        var http = api.Factory.CreateHttpClient(apiKey: null);
        http.DefaultRequestHeaders.Authorization = new("Bearer", api.AnnotatorKey);
        var response = await http.PostAsJsonAsync("/api/v1/outlets", new { name = "Bearer", primaryDomain = Unique.Domain() });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}

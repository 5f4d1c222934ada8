using System.Net;
using Microsoft.Extensions.DependencyInjection;
using CredibilityApi.Infrastructure;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Conventions;

/// <summary>The headers that tell browsers how to treat the API's answers: on JSON, CSV, SVG, problems and 401s.</summary>
[Collection(ApiCollection.Name)]
public sealed class SecurityHeaderTests(ApiFixture api)
{
    private async Task<string> OutletIdAsync() => (await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()))).Id;

    [Fact]
    public async Task Json_responses_forbid_sniffing_framing_loading_referrers_and_storing()
    {
        using var response = await api.Factory.CreateHttpClient(api.ResearcherKey).GetAsync($"/api/v1/outlets/{await OutletIdAsync()}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldHaveCommonHeaders(response);
        Header(response, "Content-Security-Policy").ShouldBe("default-src 'none'; frame-ancestors 'none'");
        Header(response, "Cache-Control").ShouldBe("no-store");
    }

    [Fact]
    public void Kestrel_does_not_name_itself_in_a_server_header()
    {
        // The test host is not Kestrel, so its responses carry no Server header either way: the setting is checked here,
        // and the header's absence on a real Kestrel response by http/conventions.http.
        var kestrel = api.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value;

        kestrel.AddServerHeader.ShouldBeFalse();
    }

    [Fact]
    public async Task Csv_exports_carry_the_same_headers()
    {
        var http = api.Factory.CreateHttpClient(api.ResearcherKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/exports/claims?outletId={await OutletIdAsync()}");
        request.Headers.Accept.ParseAdd("text/csv");

        using var response = await http.SendAsync(request);

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        ShouldHaveCommonHeaders(response);
        Header(response, "Content-Security-Policy").ShouldBe(SecurityHeadersMiddleware.ApiPolicy);
        Header(response, "Cache-Control").ShouldBe("no-store");
    }

    [Fact]
    public async Task The_svg_chart_may_use_its_inline_styles_and_nothing_else()
    {
        using var response = await api.Factory.CreateHttpClient(api.ResearcherKey)
            .GetAsync($"/api/v1/outlets/{await OutletIdAsync()}/scores.svg?dimension=slant&bucket=month&from=1750-01-01&to=1750-05-01");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        ShouldHaveCommonHeaders(response);
        Header(response, "Content-Security-Policy").ShouldBe("default-src 'none'; style-src 'unsafe-inline'");
        Header(response, "Cache-Control").ShouldBe("no-store");
    }

    [Fact]
    public async Task A_401_and_a_problem_carry_them_too()
    {
        using var unauthenticated = await api.Factory.CreateHttpClient(null).GetAsync("/api/v1/outlets");
        using var notFound = await api.Factory.CreateHttpClient(api.ResearcherKey).GetAsync("/api/v1/outlets/out_missing");

        unauthenticated.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        notFound.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var response in new[] { unauthenticated, notFound })
        {
            ShouldHaveCommonHeaders(response);
            Header(response, "Content-Security-Policy").ShouldBe(SecurityHeadersMiddleware.ApiPolicy);
            Header(response, "Cache-Control").ShouldBe("no-store");
        }
    }

    [Fact]
    public async Task Swagger_ui_gets_no_policy_that_would_block_its_script()
    {
        using var response = await api.Factory.CreateHttpClient(null).GetAsync("/swagger/index.html");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldHaveCommonHeaders(response);
        response.Headers.Contains("Content-Security-Policy").ShouldBeFalse();
    }

    private static void ShouldHaveCommonHeaders(HttpResponseMessage response)
    {
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "Referrer-Policy").ShouldBe("no-referrer");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}

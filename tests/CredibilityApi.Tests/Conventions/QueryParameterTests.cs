using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CredibilityApi.Infrastructure;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// A query parameter an endpoint does not take is a 400 naming it, instead of an answer to another question: a typo'd
/// filter used to list everything, and a typo'd dimension to chart every dimension, both with a 200. Every operation is
/// checked by <c>AuthorizationMatrixTests.Every_operation_refuses_a_query_parameter_it_does_not_take_and_takes_every_one_it_documents</c>;
/// these are the cases users meet.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class QueryParameterTests(ApiFixture api)
{
    [Fact]
    public async Task Every_operation_takes_exactly_the_query_parameters_its_openapi_operation_lists()
    {
        // The refusal's rule is the pre-processor's own reading of the request types; it must agree with the document
        // both ways, so nothing documented is refused and nothing undocumented is taken.
        var document = JsonNode.Parse(await api.Factory.CreateHttpClient(apiKey: null).GetStringAsync("/openapi/v1.json"))!;
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (
                Id: op.Value!["operationId"]!.GetValue<string>(),
                Names: op.Value["parameters"]?.AsArray().Where(p => p!["in"]!.GetValue<string>() == "query")
                    .Select(p => p!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList() ?? [])))
            .ToDictionary(o => o.Id, o => o.Names);
        var endpoints = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is { } name && documented.ContainsKey(name.EndpointName))
            .ToList();

        endpoints.Count.ShouldBe(documented.Count, "every operation of the document is an endpoint here");
        foreach (var endpoint in endpoints)
        {
            var id = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName;
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single();
            QueryParameterPreProcessor.TakenBy(endpoint, method).Order(StringComparer.Ordinal).ToList()
                .ShouldBe(documented[id], $"{id}: the query parameters taken and those the document lists");
        }
    }

    [Fact]
    public async Task Thousands_of_stray_parameters_get_a_short_answer_naming_ten_and_counting_the_rest()
    {
        using var http = api.Factory.CreateHttpClient(api.ResearcherKey);
        var query = string.Join("&", Enumerable.Range(0, 2000).Select(i => $"k{i}{new string('x', 100)}=1"));

        using var response = await http.GetAsync($"/api/v1/rubrics?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        body.Length.ShouldBeLessThan(5_000);
        var errors = JsonNode.Parse(body)!["errors"]!.AsArray();
        errors.Count.ShouldBe(11);
        errors[0]!["name"]!.GetValue<string>().ShouldBe("k0" + new string('x', 58) + "...");
        errors[10]!["reason"]!.GetValue<string>().ShouldBe("And 1990 more query parameters this endpoint does not take.");
    }

    [Fact]
    public async Task A_search_by_a_parameter_the_list_does_not_take_is_refused_with_the_ones_it_takes()
    {
        using var http = api.Factory.CreateHttpClient(api.ResearcherKey);

        using var response = await http.GetAsync("/api/v1/outlets?q=Tehran");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Single()!;
        error["name"]!.GetValue<string>().ShouldBe("q");
        error["code"]!.GetValue<string>().ShouldBe("unknown-query-parameter");
        error["reason"]!.GetValue<string>().ShouldBe("Unknown query parameter 'q'. This endpoint takes: name, country, cursor, limit.");

        // The parameters it takes, in any case, as the binder reads them.
        (await http.GetAsync("/api/v1/outlets?name=Tehran&LIMIT=5")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_near_miss_is_told_the_parameter_it_most_likely_meant_and_every_stray_one_is_named()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        using var http = api.Factory.CreateHttpClient(api.ResearcherKey);

        using var response = await http.GetAsync($"/api/v1/outlets/{f.Outlet.Id}/scores?dimension=slant&form=2021-01-01&bucket=month");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray()
            .ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["reason"]!.GetValue<string>());
        errors.Keys.Order().ShouldBe(["dimension", "form"]);
        errors["dimension"].ShouldStartWith("Unknown query parameter 'dimension'. Did you mean 'dimensions'? This endpoint takes: dimensions, bucket, from, to,");
        errors["form"].ShouldStartWith("Unknown query parameter 'form'. Did you mean 'from'?");
    }

    [Fact]
    public async Task An_endpoint_without_parameters_says_it_takes_none_and_a_refused_write_writes_nothing()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        using var http = api.Factory.CreateHttpClient(api.AnnotatorKey);

        using var me = await http.GetAsync("/api/v1/me?verbose=true");
        me.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await me.Content.ReadAsStringAsync()).ShouldContain("Unknown query parameter 'verbose': this endpoint takes none.");

        var rating = new { values = new[] { new { dimension = "factual_accuracy", value = 70 } } };
        using var refused = await http.PostAsJsonAsync($"/api/v1/articles/{f.Article.Id}/ratings?dryRun=true", rating);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.Annotator.ListAnnotationsAsync(articleId: f.Article.Id)).Items.ShouldBeEmpty();

        using var written = await http.PostAsJsonAsync($"/api/v1/articles/{f.Article.Id}/ratings", rating);
        written.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

using System.Net;
using System.Text;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Conventions;

/// <summary>Errors say what to fix, in the client's terms.</summary>
[Collection(ApiCollection.Name)]
public sealed class ErrorMessageTests(ApiFixture api)
{
    private async Task<ValidationProblem> PostOutlet(string json)
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var response = await http.PostAsync("/api/v1/outlets", new StringContent(json, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        return System.Text.Json.JsonSerializer.Deserialize<ValidationProblem>(
            await response.Content.ReadAsStringAsync(),
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
    }

    [Fact]
    public async Task An_unknown_enum_value_lists_the_valid_ones()
    {
        var problem = await PostOutlet($"{{\"name\":\"n\",\"primaryDomain\":\"{Unique.Domain()}\",\"ownership\":\"government\"}}");
        var error = problem.Errors!.Single();
        error.Name.ShouldBe("ownership");
        error.Reason.ShouldBe("'ownership' must be one of: unknown, state, publicService, private, nonProfit.");
    }

    [Fact]
    public async Task A_misspelt_field_is_named()
    {
        var problem = await PostOutlet($"{{\"name\":\"n\",\"primaryDomian\":\"{Unique.Domain()}\"}}");
        problem.Errors!.Single().Name.ShouldBe("primaryDomian");
        problem.Errors!.Single().Reason!.ShouldContain("not a property");
    }

    [Fact]
    public async Task A_wrong_type_says_what_was_expected()
    {
        var problem = await PostOutlet("{\"name\":\"n\",\"primaryDomain\":\"x.example\",\"aliases\":\"y.example\"}");
        problem.Errors!.Single().Reason.ShouldBe("'aliases' must be an array.");
    }

    [Fact]
    public async Task Malformed_json_gives_its_position()
    {
        var problem = await PostOutlet("{\"name\": \"n\",\n \"primaryDomain\": }");
        problem.Errors!.Single().Reason!.ShouldContain("line 2");
    }
}

[Collection(ApiCollection.Name)]
public sealed class ContentTypeTests(ApiFixture api)
{
    [Fact]
    public async Task A_post_without_a_body_or_content_type_is_read_as_an_empty_object()
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);

        var issued = await http.PostAsync($"/api/v1/accounts/{api.AnnotatorAccount.Id}/keys", content: null);
        var register = await http.PostAsync("/api/v1/outlets", content: null);

        issued.StatusCode.ShouldBe(HttpStatusCode.Created);
        register.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await register.Content.ReadAsStringAsync()).ShouldContain("primaryDomain");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task A_body_that_is_not_declared_json_is_415_saying_what_to_send(string? contentType)
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"name\":\"x\"}"));
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        var response = await http.PostAsync("/api/v1/outlets", content);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("application/json");
    }
}

using System.Net;
using System.Text.Json.Nodes;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Conventions;

[Collection(ApiCollection.Name)]
public sealed class HealthAndDocumentTests(ApiFixture api)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/swagger/index.html")]
    public async Task Probes_the_document_and_the_ui_need_no_key(string path)
    {
        var response = await api.Factory.CreateHttpClient(apiKey: null).GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_ui_without_its_page_redirects_to_it()
    {
        // NSwag's middlewares run only for /openapi and /swagger (a branch of the pipeline); the bare path must still reach them.
        using var http = api.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await http.GetAsync("/swagger");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldEndWith("/swagger/index.html");
    }

    [Fact]
    public async Task The_committed_openapi_document_is_what_the_api_serves()
    {
        var served = JsonNode.Parse(await api.Factory.CreateHttpClient(apiKey: null).GetStringAsync("/openapi/v1.json"));
        var committedPath = Path.Combine(RepoRoot(), "src", "CredibilityApi.Client", "openapi.json");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(committedPath));

        JsonNode.DeepEquals(served, committed).ShouldBeTrue(
            "src/CredibilityApi.Client/openapi.json is stale: run scripts/update-openapi.sh, rebuild, and commit the document.");
    }

    [Fact]
    public async Task Every_operation_has_a_short_id_a_summary_a_description_and_declares_its_errors()
    {
        var document = JsonNode.Parse(await api.Factory.CreateHttpClient(apiKey: null).GetStringAsync("/openapi/v1.json"))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Method: o.Key, Op: o.Value!)))
            .ToList();

        operations.Count.ShouldBeGreaterThan(10);
        foreach (var (path, method, op) in operations)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            op["operationId"]!.GetValue<string>().ShouldMatch("^[A-Z][A-Za-z]+$", where);
            op["summary"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace(where);
            op["description"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace(where);
            var responses = op["responses"]!.AsObject().Select(r => r.Key).ToList();
            responses.ShouldContain("401", where);
            responses.ShouldContain("500", where);
            responses.ShouldContain(r => r.StartsWith('2'), where);
            var success = op["responses"]!.AsObject().First(r => r.Key.StartsWith('2')).Value!;
            if (success["content"] is JsonObject content)
            {
                content.ShouldContain(c => c.Value!["example"] != null || c.Value!["examples"] != null, $"{where} has no response example");
            }
            if (method == "post" || method == "put")
            {
                responses.ShouldContain("413", where);
            }
        }

        var schemas = document["components"]!["schemas"]!.AsObject().Select(s => s.Key).ToList();
        schemas.Where(name => char.IsDigit(name[name.Length - 1])).ShouldBeEmpty("schema names are unique without numeric suffixes");
    }

    [Fact]
    public async Task Array_schemas_carry_item_limits_on_their_items_not_string_keywords_and_nullable_always_has_a_type()
    {
        var document = JsonNode.Parse(await api.Factory.CreateHttpClient(apiKey: null).GetStringAsync("/openapi/v1.json"))!;
        var misplaced = new List<string>();
        var untyped = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject o:
                    if (o["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t == "array" && (o.ContainsKey("maxLength") || o.ContainsKey("minLength")))
                    {
                        misplaced.Add(path);
                    }

                    if (o["nullable"] is JsonValue nullable && nullable.TryGetValue<bool>(out var n) && n && !o.ContainsKey("type"))
                    {
                        untyped.Add(path);
                    }

                    foreach (var (key, value) in o)
                    {
                        Walk(value, $"{path}/{key}");
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        Walk(a[i], $"{path}[{i}]");
                    }

                    break;
            }
        }

        Walk(document, "");

        misplaced.ShouldBeEmpty();
        untyped.ShouldBeEmpty("'nullable' means nothing without a 'type' beside it in OpenAPI 3.0 (redocly's nullable-type-sibling error): see NullableReferences");
        document["components"]!["schemas"]!["RegisterClaimRequest"]!["properties"]!["tags"]!["items"]!["maxLength"]!.GetValue<int>().ShouldBe(64);
        document["components"]!["schemas"]!["RateArticleRequest"]!["properties"]!["values"]!["minItems"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Unknown_routes_are_404_problem_details()
    {
        var response = await api.Factory.CreateHttpClient(api.AnnotatorKey).GetAsync("/api/v1/nothing-here");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CredibilityApi.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CredibilityApi.sln not found above the test binaries.");
    }
}

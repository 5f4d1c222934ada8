using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// Bugs the contract fuzzer (<see cref="ContractFuzzTests"/>) found, each pinned by the smallest
/// request that showed it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FuzzFindingsTests(ApiFixture api)
{
    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_null_hop_in_a_claims_attribution_is_a_400_naming_it_and_leaves_the_claim_as_it_was()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var claim = await api.Annotator.RegisterClaimAsync(f.Article.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = "Forces advanced" },
            Attribution = [],
            Tags = [],
        });

        var problem = await SendAsync(api.AnnotatorKey, HttpMethod.Put, $"/api/v1/claims/{claim.Id}",
            "{\"selector\":{\"exact\":\"Forces advanced\"},\"attribution\":[null],\"tags\":[]}", claim.Etag);

        problem.Errors!.Single().Name.ShouldBe("attribution[0]");
        problem.Errors!.Single().Reason.ShouldBe("'attribution[0]' must not be null: send a value, or leave the element out.");
        (await api.Annotator.GetClaimAsync(claim.Id)).Etag.ShouldBe(claim.Etag);
    }

    // Aliases were already checked per element; this pins that refusing nulls before validation keeps the element's path.
    [Fact]
    public async Task A_null_in_a_list_of_strings_is_a_400_naming_the_element()
    {
        var problem = await SendAsync(api.AnnotatorKey, HttpMethod.Post, "/api/v1/outlets",
            $"{{\"name\":\"n\",\"primaryDomain\":\"{Unique.Domain()}\",\"aliases\":[\"{Unique.Domain()}\",null],\"ownership\":\"private\"}}");

        problem.Errors!.Single().Name.ShouldBe("aliases[1]");
    }

    [Fact]
    public async Task A_null_tag_description_is_a_400_and_adds_no_tag()
    {
        var key = "fuzz-null-" + Unique.Label();

        var problem = await SendAsync(ApiFactory.AdminKey, HttpMethod.Post, "/api/v1/taxonomy/tags",
            $"{{\"key\":\"{key}\",\"label\":\"Label\",\"description\":null}}");

        problem.Errors!.Single().Name.ShouldBe("description");
        problem.Errors!.Single().Reason.ShouldBe("'description' must not be null: send a value, or leave the field out if it is optional.");
        (await api.Researcher.ListTagsAsync()).Items.ShouldNotContain(t => t.Key == key);
    }

    [Fact]
    public async Task A_null_dimension_description_is_a_400_and_publishes_no_rubric_version()
    {
        var before = (await api.Researcher.ListRubricsAsync()).Items.Max(r => r.Version);
        const string dimension = "{\"key\":\"factual_accuracy\",\"label\":\"Factual accuracy\",\"description\":null,\"min\":0,\"max\":100,\"polarity\":\"higherIsBetter\",\"weight\":1}";

        var problem = await SendAsync(ApiFactory.AdminKey, HttpMethod.Post, "/api/v1/rubrics", $"{{\"dimensions\":[{dimension}]}}");

        problem.Errors!.Single().Name.ShouldBe("dimensions[0].description");
        (await api.Researcher.ListRubricsAsync()).Items.Max(r => r.Version).ShouldBe(before);
    }

    [Fact]
    public async Task A_handler_rejection_with_an_Idempotency_Key_keeps_its_status_and_is_replayed_with_it()
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> RateMissingArticle()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/articles/art_00000000000000000000000000000000/ratings")
            {
                Content = new StringContent("{\"values\":[{\"dimension\":\"slant\",\"value\":0}],\"tags\":[]}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await http.SendAsync(request);
        }

        using var first = await RateMissingArticle();
        using var retry = await RateMissingArticle();

        first.StatusCode.ShouldBe(HttpStatusCode.NotFound, "not a 204 over a problem document");
        first.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        retry.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        retry.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
    }

    [Fact]
    public async Task A_refused_key_issue_with_an_Idempotency_Key_is_a_403_not_a_204()
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/accounts/{api.OtherAnnotatorAccount.Id}/keys")
        {
            Content = new StringContent("{\"name\":\"not mine\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        using var response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    private async Task<ValidationProblem> SendAsync(string key, HttpMethod method, string path, string json, string? ifMatch = null)
    {
        var http = api.Factory.CreateHttpClient(key);
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return System.Text.Json.JsonSerializer.Deserialize<ValidationProblem>(text, Web)!;
    }
}

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

    /// <summary>Posts a rating body to a new article, which must be refused 400 with one field error; nothing is written.</summary>
    private async Task<FieldError> RefusedRatingAsync(string json)
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var response = await api.Factory.CreateHttpClient(api.AnnotatorKey).PostAsync($"/api/v1/articles/{f.Article.Id}/ratings",
            new StringContent(json, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, json);
        var problem = System.Text.Json.JsonSerializer.Deserialize<ValidationProblem>(await response.Content.ReadAsStringAsync(),
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        (await api.Researcher.ListAnnotationsAsync(articleId: f.Article.Id)).Items.ShouldBeEmpty();
        return problem.Errors!.Single();
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
    public async Task A_misspelt_nested_field_is_named_by_its_whole_path()
    {
        var error = await RefusedRatingAsync("{\"values\":[{\"dimension\":\"slant\",\"value\":1,\"confidense\":0.5}],\"tags\":[]}");

        (error.Name, error.Code).ShouldBe(("values[0].confidense", "unknown-property"));
    }

    [Fact]
    public async Task A_wrong_type_says_what_was_expected()
    {
        var problem = await PostOutlet("{\"name\":\"n\",\"primaryDomain\":\"x.example\",\"aliases\":\"y.example\"}");
        problem.Errors!.Single().Reason.ShouldBe("'aliases' must be an array.");
    }

    [Fact]
    public async Task A_number_sent_as_a_string_is_refused_as_the_wrong_type()
    {
        // The web defaults would read "35" as 35; the document says "type": "number", and a loosely typed script's data
        // must be refused as any other client's would be.
        foreach (var (json, field) in new[]
                 {
                     ("{\"values\":[{\"dimension\":\"factual_accuracy\",\"value\":\"35\"}],\"tags\":[]}", "values[0].value"),
                     ("{\"values\":[{\"dimension\":\"factual_accuracy\",\"value\":35,\"confidence\":\"0.5\"}],\"tags\":[]}", "values[0].confidence"),
                 })
        {
            var error = await RefusedRatingAsync(json);
            (error.Name, error.Code).ShouldBe((field, "wrong-type"));
            error.Reason.ShouldBe($"'{field}' must be a number.");
        }

        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var framing = await api.Factory.CreateHttpClient(api.AnnotatorKey).PostAsync($"/api/v1/articles/{f.Article.Id}/framing-notes",
            new StringContent("{\"framing\":{\"technique\":\"doubt\",\"severity\":\"2\"},\"tags\":[]}", Encoding.UTF8, "application/json"));
        framing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await framing.Content.ReadAsStringAsync()).ShouldContain("'framing.severity' must be an integer.");
        (await api.Researcher.ListAnnotationsAsync(articleId: f.Article.Id)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_property_sent_twice_is_refused_rather_than_the_last_one_winning()
    {
        var error = await RefusedRatingAsync("{\"values\":[{\"dimension\":\"slant\",\"value\":1,\"value\":99}],\"tags\":[]}");

        (error.Name, error.Code).ShouldBe(("values[0].value", "duplicate-property"));
        error.Reason!.ShouldContain("more than once");
    }

    [Fact]
    public async Task A_property_sent_twice_in_two_cases_is_named_once_by_its_path()
    {
        var error = await RefusedRatingAsync("{\"values\":[{\"dimension\":\"slant\",\"value\":1,\"Value\":99}],\"tags\":[]}");

        (error.Name, error.Code).ShouldBe(("values[0].value", "duplicate-property"));
        error.Reason.ShouldBe("'values[0].value' is sent more than once; send each property once.");
    }

    [Theory]
    [InlineData("from=2022-13-01")]
    [InlineData("from=2021-03-01T00:00:00Z")]
    [InlineData("to=2021-02-30")]
    public async Task A_date_in_the_query_that_does_not_parse_says_a_date_is_wanted(string query)
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        var response = await api.Factory.CreateHttpClient(api.ResearcherKey).GetAsync($"/api/v1/outlets/{outlet.Id}/scores?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("it must be a date such as 2021-03-14");
        text.ShouldNotContain("JSON object");
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

[Collection(ApiCollection.Name)]
public sealed class FieldErrorConventionTests(ApiFixture api)
{
    [Fact]
    public async Task Nested_fields_are_named_by_their_json_path_with_short_codes()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);

        var e = await Should.ThrowAsync<ApiException<ValidationProblem>>(api.Annotator.RecordProvenanceAsync(new RecordProvenanceRequest
        {
            Target = new AnnotationTarget { Type = TargetType.Outlet, Id = f.Outlet.Id },
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Byline, Verdict = Verdict.False, EvidenceUrls = ["not a url"] },
            Tags = [],
        }));

        var errors = e.Result.Errors!.ToDictionary(x => x.Name!, x => (x.Code, x.Reason));
        errors.Keys.ShouldBe(["provenance.evidenceUrls[0]", "provenance.aspect", "provenance.verdict"], ignoreOrder: true);
        errors["provenance.aspect"].Code.ShouldBe("aspect-not-for-target");
        errors["provenance.aspect"].Reason!.ShouldContain("'byline' does not apply to an outlet");
        errors["provenance.verdict"].Code.ShouldBe("verdict-not-for-target");
        e.Result.Errors!.ShouldAllBe(x => x.Code != null && !x.Code.EndsWith("Validator"));
    }

    [Fact]
    public async Task A_bad_enum_in_the_query_lists_the_valid_values()
    {
        var response = await api.Factory.CreateHttpClient(api.AnnotatorKey).GetAsync("/api/v1/claims?attributionClass=bogus");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("namedPrimary, namedSecondhand, anonymous, unattributed");
        text.ShouldNotContain("AttributionClass]");
    }

    [Fact]
    public async Task A_get_that_declares_json_without_a_body_is_answered_normally()
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rubrics/1") { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        (await http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_problem_has_a_type_including_428()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        var response = await api.Factory.CreateHttpClient(api.AnnotatorKey)
            .PutAsync($"/api/v1/outlets/{outlet.Id}", new StringContent("{\"name\":\"x\",\"primaryDomain\":\"" + outlet.PrimaryDomain + "\"}", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.PreconditionRequired);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"type\":\"https://www.rfc-editor.org/rfc/rfc6585#section-3\"");
    }

    [Fact]
    public async Task Listing_by_an_unknown_tag_is_422_not_an_empty_page()
    {
        var e = await api.Researcher.ListAnnotationsAsync(tag: "no-such-tag").ShouldFailWith(422);
        e.Response!.ShouldContain("wire-copy");
    }

    [Fact]
    public async Task A_claim_without_a_claimant_is_unattributed()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var response = await api.Factory.CreateHttpClient(api.AnnotatorKey).PostAsync($"/api/v1/articles/{f.Article.Id}/claims",
            new StringContent("{\"selector\":{\"exact\":\"Forces advanced\"}}", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"attributionClass\":\"unattributed\"");
    }
}

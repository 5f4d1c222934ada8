using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Client;

/// <summary>Issue 18, point 3: every exception of the client carries the typed problem document with its machine code.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProblemTests(ApiFixture api)
{
    private CredibilityApiClient Streaming(string key) =>
        // ReadResponseAsString off, as a user's client has it: the typed body is what the problem is read from.
        CredibilityApiClient.Create(api.Factory.Server.BaseAddress, key, new CredibilityApiClientOptions { MaxRetries = 0 }, api.Factory.Server.CreateHandler());

    [Fact]
    public async Task A_field_errors_code_is_the_problems_code_and_the_message_says_it()
    {
        var fixture = await ArticleFixture.CreateAsync(api.Annotator);
        foreach (var client in new[] { api.Annotator, Streaming(api.AnnotatorKey) })
        {
            var e = await Should.ThrowAsync<ApiException>(() => client.RegisterClaimAsync(fixture.Article.Id, new RegisterClaimRequest
            {
                Selector = new TextSelector { Exact = "the town fell at dawn" },
                Claimant = new Claimant { Name = "A resident", Type = SourceType.Person },
                Attribution = [],
                Tags = [],
            }));

            e.StatusCode.ShouldBe(422);
            e.Problem.ShouldNotBeNull();
            e.Problem.Code.ShouldBe("quote-ambiguous");
            e.Problem.Status.ShouldBe(422);
            e.Problem.Errors.ShouldContain(x => x.Code == "quote-ambiguous", string.Join(", ", e.Problem.Errors));
            e.Problem.TraceId.ShouldNotBeNullOrEmpty();
            e.ProblemCode().ShouldBe("quote-ambiguous");
            e.Message.ShouldContain("quote-ambiguous");
            e.Message.ShouldNotContain("Response:");
        }
    }

    [Fact]
    public async Task A_problems_own_code_and_extensions_are_typed()
    {
        var domain = Unique.Domain();
        var existing = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var request = Requests.Outlet(Unique.Domain());
        request.Name = existing.Name;

        var e = await Should.ThrowAsync<ApiException>(() => Streaming(api.AnnotatorKey).RegisterOutletAsync(request));

        e.StatusCode.ShouldBe(409);
        e.Problem!.Code.ShouldBe("duplicate-name");
        e.Problem.Extensions.ShouldContainKey("outletId");
        e.Problem.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Statuses_without_a_code_still_give_a_problem_and_a_non_problem_body_gives_none()
    {
        var e = await Should.ThrowAsync<ApiException>(() => Streaming("cred_not_a_key_0000000000000000000000").GetMeAsync());
        e.StatusCode.ShouldBe(401);
        e.Problem.ShouldNotBeNull();
        e.Problem.Status.ShouldBe(401);
        e.Problem.Code.ShouldBeNull();

        var html = new ApiException("The HTTP status code of the response was not expected (502).", 502, "<html>Bad gateway</html>", new Dictionary<string, IEnumerable<string>>(), null);
        html.Problem.ShouldBeNull();
        html.Message.ShouldContain("502");
    }
}

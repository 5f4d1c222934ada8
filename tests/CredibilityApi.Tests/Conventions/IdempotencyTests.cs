using System.Net;
using System.Net.Http.Json;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Conventions;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiFixture api)
{
    [Fact]
    public async Task A_retry_with_the_same_key_replays_the_first_response_and_creates_nothing_more()
    {
        var key = Guid.NewGuid().ToString();
        var request = Requests.Outlet(Unique.Domain());

        var first = await api.Annotator.RegisterOutletAsync(request, key);
        var retry = await api.Annotator.RegisterOutletAsync(request, key);

        retry.Id.ShouldBe(first.Id);
        retry.Etag.ShouldBe(first.Etag);
        var listed = await api.Researcher.ListOutletsAsync(name: request.Name, limit: 500);
        listed.Items.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_replay_keeps_status_location_and_etag_and_says_it_is_a_replay()
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var body = new { name = "Replay", primaryDomain = Unique.Domain() };
        var key = Guid.NewGuid().ToString();

        using var first = await Send(http, body, key);
        using var second = await Send(http, body, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.Headers.Location.ShouldBe(first.Headers.Location);
        second.Headers.ETag.ShouldBe(first.Headers.ETag);
        second.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        first.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_422()
    {
        var key = Guid.NewGuid().ToString();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()), key);

        var e = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()), key).ShouldFailWith(422);
        e.Response!.ShouldContain("different request");
    }

    [Fact]
    public async Task Keys_are_scoped_per_account()
    {
        var key = Guid.NewGuid().ToString();
        var mine = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()), key);
        var theirs = await api.OtherAnnotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()), key);
        theirs.Id.ShouldNotBe(mine.Id);
    }

    [Fact]
    public async Task An_error_response_is_replayed_too_so_a_retry_cannot_change_the_outcome()
    {
        var key = Guid.NewGuid().ToString();
        var url = $"https://{Unique.Domain()}/not-yet";

        await api.Annotator.RegisterArticleAsync(Requests.Article(url), key).ShouldFailWith(422);
        var domain = new Uri(url).Host;
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));

        await api.Annotator.RegisterArticleAsync(Requests.Article(url), key).ShouldFailWith(422);
        (await api.Annotator.RegisterArticleAsync(Requests.Article(url), Guid.NewGuid().ToString())).OutletId.ShouldStartWith("out_");
    }

    [Fact]
    public async Task An_overlong_key_is_400()
    {
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()), new string('k', 256)).ShouldFailWith(400);
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, object body, string key)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/outlets") { Content = JsonContent.Create(body) };
        message.Headers.Add("Idempotency-Key", key);
        return http.SendAsync(message);
    }
}

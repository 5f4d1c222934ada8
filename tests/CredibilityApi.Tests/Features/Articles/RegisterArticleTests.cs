using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Articles;

[Collection(ApiCollection.Name)]
public sealed class RegisterArticleTests(ApiFixture api)
{
    [Fact]
    public async Task Registering_by_an_alias_url_resolves_the_outlet_and_stores_the_canonical_url()
    {
        var alias = Unique.Domain("co.uk");
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain("ir"), alias));

        var article = await api.Annotator.RegisterArticleAsync(Requests.Article(
            $"HTTPS://WWW.{alias.ToUpperInvariant()}:443/World/Story.html?utm_source=tw&b=2&fbclid=x&a=1&gclid=y#comments"));

        article.OutletId.ShouldBe(outlet.Id);
        article.Url.ShouldBe($"https://www.{alias}/World/Story.html?a=1&b=2");
        article.CreatedBy.ShouldBe(api.AnnotatorAccount.Id);
        article.Etag.ShouldBe("\"1\"");
    }

    [Fact]
    public async Task The_body_is_stored_with_its_sha256_and_utf16_length()
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        const string body = "Forces advanced «40 km», a spokesman said 🚀. نیروها پیشروی کردند.";

        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/a", body));
        var fetched = await api.Researcher.GetArticleAsync(article.Id);

        fetched.Body.ShouldBe(body);
        fetched.BodySha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))));
        fetched.BodyLength.ShouldBe(body.Length);
    }

    [Fact]
    public async Task Registering_the_same_canonical_url_again_is_409_pointing_at_the_existing_article()
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var first = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/story?id=7"));

        var e = await api.OtherAnnotator
            .RegisterArticleAsync(Requests.Article($"https://m.{domain}/story?utm_campaign=x&id=7#top".Replace("m.", "")))
            .ShouldFailWith(409);

        e.Header("Location").ShouldBe($"/api/v1/articles/{first.Id}");
        e.Response!.ShouldContain(first.Id);
    }

    [Fact]
    public async Task An_article_language_of_en_UK_is_400_suggesting_GB()
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var request = Requests.Article($"https://{domain}/story");
        request.Language = "en-UK";

        var e = await Should.ThrowAsync<ApiException<ValidationProblem>>(api.Annotator.RegisterArticleAsync(request));

        e.StatusCode.ShouldBe(400);
        var error = e.Result.Errors!.ShouldHaveSingleItem();
        error.Name.ShouldBe("language");
        error.Reason.ShouldBe("'en-UK': region 'UK' is not an ISO 3166-1 country code; did you mean GB?");
    }

    [Fact]
    public async Task A_url_whose_host_no_outlet_has_is_422_saying_so()
    {
        var e = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{Unique.Domain()}/x")).ShouldFailWith(422);
        e.Response!.ShouldContain("No registered outlet");
    }

    [Fact]
    public async Task An_explicit_outlet_that_does_not_exist_is_422()
    {
        var request = Requests.Article($"https://{Unique.Domain()}/x");
        request.OutletId = "out_missing";
        var e = await api.Annotator.RegisterArticleAsync(request).ShouldFailWith(422);
        e.Response!.ShouldContain("outletId");
    }

    [Fact]
    public async Task An_explicit_outlet_is_used_even_for_a_foreign_host()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        var request = Requests.Article($"https://{Unique.Domain()}/syndicated");
        request.OutletId = outlet.Id;
        (await api.Annotator.RegisterArticleAsync(request)).OutletId.ShouldBe(outlet.Id);
    }

    [Fact]
    public async Task Missing_title_and_publication_date_and_a_bad_url_are_400_with_each_field()
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var response = await http.PostAsJsonAsync("/api/v1/articles", new { url = "not a url", title = "", authors = Array.Empty<string>() });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<CredibilityApi.Client.ValidationProblem>();
        problem!.Errors!.Select(x => x.Name).ShouldBe(["url", "title", "publishedAt"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_body_over_two_mebibytes_is_413()
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var body = new string('a', (2 * 1024 * 1024) + 1);

        await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/big", body)).ShouldFailWith(413);
    }

    [Fact]
    public async Task A_body_of_just_under_two_mebibytes_is_accepted()
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var body = new string('a', 2 * 1024 * 1024);

        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/big", body));
        article.BodyLength.ShouldBe(body.Length);
    }

    [Fact]
    public async Task A_request_body_over_one_mebibyte_is_413_on_other_endpoints()
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var response = await http.PostAsJsonAsync("/api/v1/outlets", new
        {
            name = "Big",
            primaryDomain = Unique.Domain(),
            notes = new string('n', 1024 * 1024),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_read_that_carries_a_body_is_held_to_the_limit_too_whether_declared_or_chunked()
    {
        // Reads skip the body limit only when they cannot have a body; one that sends a body over 1 MiB is still refused.
        var http = api.Factory.CreateHttpClient(api.ResearcherKey);
        using var declared = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me") { Content = new ByteArrayContent(new byte[1024 * 1024 + 1]) };
        (await http.SendAsync(declared)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/v1/outlets")
        {
            Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
                $"{{\"name\":\"Chunked\",\"primaryDomain\":\"{Unique.Domain()}\",\"notes\":\"{new string('n', 1024 * 1024)}\"}}"))),
        };
        chunked.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        var refused = await api.Factory.CreateHttpClient(api.AnnotatorKey).SendAsync(chunked);
        refused.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        // And a read without a body is answered as before.
        (await http.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_researcher_cannot_register_an_article()
    {
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        await api.Researcher.RegisterArticleAsync(Requests.Article($"https://{domain}/x")).ShouldFailWith(403);
    }
}

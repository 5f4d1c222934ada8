using System.Net.Http.Headers;
using System.Text;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// Every write endpoint of the API, fed malformed, mistyped, empty, huge and hostile bodies: each must
/// answer a 4xx problem document, never a 500.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiFixture api)
{
    private static readonly string Huge = new('x', 200_000);

    private static readonly Dictionary<string, string> BodyTable = new()
    {
        ["malformed"] = "{\"name\": ",
        ["not json"] = "name=outlet&domain=example.com",
        ["empty"] = "",
        ["null"] = "null",
        ["array"] = "[1,2,3]",
        ["string"] = "\"just a string\"",
        ["wrong types"] = "{\"name\": 5, \"primaryDomain\": [], \"aliases\": \"x\", \"title\": {}, \"authors\": 7, \"role\": 1, \"expiresAt\": true}",
        ["unknown enums"] = "{\"name\": \"n\", \"primaryDomain\": \"e.example\", \"ownership\": \"bogus\", \"role\": \"god\"}",
        ["integer enums"] = "{\"name\": \"n\", \"primaryDomain\": \"e.example\", \"ownership\": 2, \"role\": 0}",
        ["bad dates"] = "{\"url\": \"https://e.example/a\", \"title\": \"t\", \"publishedAt\": \"yesterday\", \"expiresAt\": \"soon\"}",
        ["huge strings"] = $"{{\"name\": \"{Huge}\", \"primaryDomain\": \"{Huge}\", \"url\": \"https://{Huge}.example/\", \"title\": \"{Huge}\", \"email\": \"{Huge}\", \"notes\": \"{Huge}\", \"aliases\": [\"{Huge}\"], \"authors\": [\"{Huge}\"]}}",
        ["many aliases"] = "{\"name\": \"n\", \"primaryDomain\": \"e.example\", \"aliases\": [" + string.Join(',', Enumerable.Range(0, 5000).Select(i => $"\"a{i}.example\"")) + "]}",
        ["deep nesting"] = new string('[', 5000) + new string(']', 5000),
        ["nulls everywhere"] = "{\"name\": null, \"primaryDomain\": null, \"aliases\": null, \"authors\": null, \"url\": null, \"title\": null, \"role\": null}",
        ["control characters"] = "{\"name\": \"\\u0000\\u0001\", \"primaryDomain\": \"exa\\u0000mple.com\", \"url\": \"https://e.example/\\u0000\"}",
        ["noncharacters"] = "{\"name\": \"n\\ufffe\", \"primaryDomain\": \"e.example\", \"title\": \"\\uffff\", \"reason\": \"\\ufdd0\", \"label\": \"\\udbff\\udfff\"}",
        ["lone surrogate"] = "{\"name\": \"\\ud800\", \"primaryDomain\": \"\\udfff.example\", \"title\": \"\\ud800\"}",
        ["unicode hosts"] = "{\"name\": \"n\", \"primaryDomain\": \"пример.испытание\", \"aliases\": [\"xn--\", \"-bad-.example\", \"a..b\"]}",
        ["script injection"] = "{\"name\": \"<script>alert(1)</script>\", \"primaryDomain\": \"javascript:alert(1)\", \"url\": \"javascript:alert(1)\", \"title\": \"' OR 1=1 --\"}",
    };

    public static TheoryData<string, string> Bodies()
    {
        var data = new TheoryData<string, string>();

        foreach (var endpoint in WriteEndpoints)
        {
            foreach (var body in BodyTable)
            {
                data.Add(endpoint, body.Key);
            }
        }

        return data;
    }

    private static readonly string[] WriteEndpoints =
    [
        "POST /api/v1/outlets",
        "PUT /api/v1/outlets/{outlet}",
        "POST /api/v1/articles",
        "POST /api/v1/accounts",
        "POST /api/v1/accounts/{account}/keys",
        // The body of a revocation is ignored; the key does not exist, so 404 whatever is sent.
        "POST /api/v1/accounts/{account}/keys/{key}/revoke",
        "POST /api/v1/articles/{article}/claims",
        "PUT /api/v1/claims/{claim}",
        "POST /api/v1/provenance-notes",
        "POST /api/v1/articles/{article}/framing-notes",
        "POST /api/v1/articles/{article}/ratings",
        "PUT /api/v1/annotations/{annotation}",
        "POST /api/v1/annotations/{annotation}/retract",
        "POST /api/v1/annotations/{annotation}/hide",
        "POST /api/v1/annotations/{annotation}/unhide",
        "POST /api/v1/rubrics",
        "POST /api/v1/taxonomy/techniques",
        "POST /api/v1/taxonomy/tags",
    ];

    private static readonly string[] AdminOnly = ["/hide", "/unhide", "/rubrics", "/taxonomy/"];

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Hostile_bodies_get_a_4xx_problem_never_a_500(string endpoint, string bodyName)
    {
        var body = BodyTable[bodyName];
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var outlet = f.Outlet;
        var claim = await api.Annotator.RegisterClaimAsync(f.Article.Id, new CredibilityApi.Client.RegisterClaimRequest
        {
            Selector = new CredibilityApi.Client.TextSelector { Exact = "Forces advanced" },
            Claimant = new CredibilityApi.Client.Claimant { Type = CredibilityApi.Client.SourceType.Unknown },
            Attribution = [],
            Tags = [],
        });
        var annotation = (await api.Annotator.RateArticleAsync(f.Article.Id, new CredibilityApi.Client.RateArticleRequest
        {
            Values = [new CredibilityApi.Client.RatingValue { Dimension = "slant", Value = 0 }],
            Tags = [],
        })).Ratings.Single();
        var parts = endpoint.Split(' ');
        var path = parts[1]
            .Replace("{outlet}", outlet.Id)
            .Replace("{article}", f.Article.Id)
            .Replace("{claim}", claim.Id)
            .Replace("{annotation}", annotation.Id)
            .Replace("{account}", api.AnnotatorAccount.Id)
            .Replace("{key}", "key_missing");

        var asAdmin = (endpoint.Contains("/accounts", StringComparison.Ordinal) && !endpoint.Contains("{account}", StringComparison.Ordinal))
            || AdminOnly.Any(a => endpoint.Contains(a, StringComparison.Ordinal));
        var http = asAdmin
            ? api.Factory.CreateHttpClient(ApiFactory.AdminKey)
            : api.Factory.CreateHttpClient(api.AnnotatorKey);
        var request = new HttpRequestMessage(new HttpMethod(parts[0]), path)
        {
            Content = new StringContent(body, Encoding.UTF8, bodyName == "not json" ? "application/x-www-form-urlencoded" : "application/json"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        // Issuing a key needs no field at all, so an empty or null body is a valid request there.
        var mayBeValid = endpoint.EndsWith("/keys", StringComparison.Ordinal) && bodyName is "empty" or "null";
        ((int)response.StatusCode).ShouldBeInRange(mayBeValid ? 200 : 400, 499, $"{endpoint} with {bodyName}: {text}");
        if (!response.IsSuccessStatusCode)
        {
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{endpoint} with {bodyName}: {text}");
        }
        text.ShouldNotContain("   at ", Case.Sensitive, "no stack trace leaves the server");
        text.ShouldNotContain("Exception", Case.Sensitive, "no exception names leave the server");
        text.ShouldNotContain("CredibilityApi.", Case.Sensitive, "no type names of the server leave it");
    }

    [Fact]
    public async Task Invalid_utf8_is_a_400()
    {
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var bytes = new byte[] { (byte)'{', (byte)'"', (byte)'n', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)'}' };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await http.PostAsync("/api/v1/outlets", content);

        ((int)response.StatusCode).ShouldBe(400);
    }
}

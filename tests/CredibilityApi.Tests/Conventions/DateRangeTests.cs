using System.Text;
using System.Text.Json.Nodes;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// Every date and instant the API accepts, found in the served OpenAPI document (query parameters of format
/// <c>date</c> or <c>date-time</c>, and the top-level <c>date-time</c> properties of JSON request bodies), sent
/// the ends of the calendar: never a 5xx; outside 1000-01-01..9000-12-31 a 400 problem that states the range.
/// A new date parameter is covered as soon as the document has it (a body needs a seed in <see cref="BodySeeds"/>).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DateRangeTests(ApiFixture api)
{
    private const string Range = "between 1000-01-01 and 9000-12-31";

    private static readonly string[] DaysOutOfRange = ["0001-01-01", "0999-12-31", "9001-01-01", "9999-01-01", "9999-12-31"];
    private static readonly string[] DaysInRange = ["1000-01-01", "9000-12-31"];

    private static readonly string[] InstantsOutOfRange =
    [
        "0001-01-01T00:00:00Z", "0001-01-01T00:00:00", "0999-12-31T23:59:59Z", "9001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.9999999Z",
    ];

    // Offsets that take the instant past either end of .NET's calendar when converted to UTC.
    private static readonly string[] InstantsPastTheCalendar = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"];
    private static readonly string[] InstantsInRange = ["1000-01-01T00:00:00Z", "9000-12-31T23:59:59Z"];

    /// <summary>A valid body for each operation whose request body has a date-time property, with that property set to the value.</summary>
    private static readonly Dictionary<string, Func<Context, string, string, JsonObject>> BodySeeds = new()
    {
        ["RegisterArticle"] = (c, property, value) => new JsonObject
        {
            ["url"] = $"https://{c.Domain}/{Unique.Label()}",
            ["title"] = "Dated",
            ["authors"] = new JsonArray(),
            ["publishedAt"] = "2021-03-14T09:30:00Z",
            [property] = value,
        },
        ["IssueKey"] = (c, property, value) => new JsonObject { ["name"] = "dates", [property] = value },
        ["CreateCampaign"] = (c, property, value) => new JsonObject
        {
            ["name"] = "Dated",
            ["tasks"] = new JsonObject { ["dimensions"] = new JsonArray("slant") },
            ["overlap"] = 1,
            ["pool"] = new JsonArray(c.AccountId),
            ["articleIds"] = new JsonArray(c.ArticleId),
            [property] = value,
        },
    };

    private sealed record Context(string OutletId, string Domain, string ArticleId, string AccountId);

    private sealed record Target(string OperationId, string Method, string Path, string Parameter, string Format, bool InBody);

    [Fact]
    public async Task Every_date_parameter_answers_400_stating_the_range_outside_it_and_never_5xx()
    {
        var (context, targets) = await PrepareAsync();
        targets.Select(t => t.OperationId).ShouldContain("GetScoreSeries");
        targets.Select(t => t.OperationId).ShouldContain("RegisterArticle");
        var failures = new List<string>();

        foreach (var target in targets)
        {
            var date = target.Format == "date";
            foreach (var value in date ? DaysOutOfRange : [.. InstantsOutOfRange, .. InstantsPastTheCalendar])
            {
                var (status, type, body) = await SendAsync(context, target, value);
                var statesRange = !InstantsPastTheCalendar.Contains(value);
                if (status != 400 || type != "application/problem+json" || (statesRange && !body.Contains(Range, StringComparison.Ordinal)))
                {
                    failures.Add($"{target.Method} {target.Path} {target.Parameter}={value}: {status} {type} {Shorten(body)}");
                }
            }

            foreach (var value in date ? DaysInRange : InstantsInRange)
            {
                var (status, type, body) = await SendAsync(context, target, value);
                if (status >= 500 || (status >= 400 && type != "application/problem+json"))
                {
                    failures.Add($"{target.Method} {target.Path} {target.Parameter}={value} (in range): {status} {type} {Shorten(body)}");
                }
            }
        }

        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [InlineData("scores")]
    [InlineData("scores.svg")]
    public async Task The_year_9999_is_400_for_every_bucket_not_500(string resource)
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        using var http = api.Factory.CreateHttpClient(api.ResearcherKey);
        foreach (var bucket in new[] { "day", "week", "month", "quarter", "year" })
        {
            using var response = await http.GetAsync($"/api/v1/outlets/{f.Outlet.Id}/{resource}?dimension=factual_accuracy&bucket={bucket}&from=9999-01-01&to=9999-12-31");
            var body = await response.Content.ReadAsStringAsync();

            ((int)response.StatusCode).ShouldBe(400, body);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            body.ShouldContain("must be between 1000-01-01 and 9000-12-31 (UTC)", customMessage: body);
            body.ShouldContain("\"name\":\"from\"", customMessage: body);
        }
    }

    [Fact]
    public async Task A_window_at_the_ends_of_the_range_is_answered()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var late = await api.Researcher.GetScoreSeriesAsync(f.Outlet.Id, null, CredibilityApi.Client.Bucket.Year, new DateOnly(8990, 1, 1), new DateOnly(9000, 12, 31), null, null, null);
        var early = await api.Researcher.GetScoreSeriesAsync(f.Outlet.Id, null, CredibilityApi.Client.Bucket.Year, new DateOnly(1000, 1, 1), new DateOnly(1010, 1, 1), null, null, null);

        late.Points.ShouldAllBe(p => p.Shrunk == null);
        early.Points.ShouldAllBe(p => p.Shrunk == null);
    }

    private async Task<(Context, IReadOnlyList<Target>)> PrepareAsync()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var context = new Context(f.Outlet.Id, f.Outlet.PrimaryDomain, f.Article.Id, api.AnnotatorAccount.Id);
        using var http = api.Factory.CreateHttpClient(null);
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!.AsObject();

        var targets = new List<Target>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var id = operation!["operationId"]!.GetValue<string>();
                foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                {
                    if (parameter!["in"]!.GetValue<string>() == "query" && FormatOf(parameter["schema"]) is { } format)
                    {
                        targets.Add(new Target(id, method.ToUpperInvariant(), path, parameter["name"]!.GetValue<string>(), format, false));
                    }
                }

                var reference = operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>();
                if (reference is null)
                {
                    continue;
                }

                foreach (var (property, schema) in schemas[reference.Split('/')[^1]]!["properties"]?.AsObject() ?? [])
                {
                    if (FormatOf(schema) is { } format)
                    {
                        BodySeeds.ShouldContainKey(id, $"{id} takes a date in '{property}': give it a seed body in {nameof(BodySeeds)}");
                        targets.Add(new Target(id, method.ToUpperInvariant(), path, property, format, true));
                    }
                }
            }
        }

        return (context, targets);
    }

    private static string? FormatOf(JsonNode? schema) =>
        schema?["format"]?.GetValue<string>() is { } format && format is "date" or "date-time" ? format : null;

    private async Task<(int Status, string? Type, string Body)> SendAsync(Context c, Target target, string value)
    {
        var path = target.Path
            .Replace("{id}", target.Path.StartsWith("/api/v1/outlets/", StringComparison.Ordinal) ? c.OutletId : c.ArticleId, StringComparison.Ordinal)
            .Replace("{articleId}", c.ArticleId, StringComparison.Ordinal)
            .Replace("{accountId}", c.AccountId, StringComparison.Ordinal);
        path.ShouldNotContain("{", customMessage: $"fill the route of {target.OperationId}");
        // Required query parameters other than dates, with a value each operation accepts.
        var query = target.Path.Contains("/scores", StringComparison.Ordinal) || target.OperationId == "RankOutlets" ? "dimension=factual_accuracy&" : "";
        using var request = new HttpRequestMessage(new HttpMethod(target.Method), target.InBody ? path : $"{path}?{query}{target.Parameter}={Uri.EscapeDataString(value)}");
        if (target.InBody)
        {
            request.Content = new StringContent(BodySeeds[target.OperationId](c, target.Parameter, value).ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var http = api.Factory.CreateHttpClient(ApiFactory.AdminKey);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}

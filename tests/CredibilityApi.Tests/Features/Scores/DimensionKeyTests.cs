using System.Net;
using System.Text.Json;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Scores;

/// <summary>
/// Dimension keys compare one way everywhere: ordinally, as the rubric defines them (lower case). A key in another
/// case is unknown, and every endpoint that takes a dimension answers it with a 422 naming the valid keys, never
/// with zeros. On SQL Server (case-insensitive by default) the key columns also carry a binary collation.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DimensionKeyTests(ApiFixture api)
{
    public static TheoryData<string> Reads => new()
    {
        "/api/v1/scores?dimension={0}",
        "/api/v1/agreement?dimension={0}",
        "/api/v1/annotators/leniency?dimension={0}",
        "/api/v1/outlets/{1}/scores?dimensions={0}",
        "/api/v1/outlets/{1}/scores.svg?dimension={0}",
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task A_dimension_key_in_upper_case_is_422_naming_the_valid_keys_and_in_its_own_case_is_answered(string route)
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        using var http = api.Factory.CreateHttpClient(api.ResearcherKey);

        using var upper = await http.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, "SLANT", outlet.Id));
        using var lower = await http.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, "slant", outlet.Id));

        upper.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        upper.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var text = string.Join("\n", Strings(JsonDocument.Parse(await upper.Content.ReadAsStringAsync()).RootElement));
        text.ShouldContain("Unknown dimension 'SLANT'. Valid: ", Case.Sensitive);
        text.ShouldContain("factual_accuracy, framing_neutrality, headline_fidelity", Case.Sensitive);
        text.ShouldContain(", slant", Case.Sensitive);
        lower.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Rating_a_dimension_key_in_upper_case_is_422_naming_the_valid_keys()
    {
        var article = await ArticleFixture.CreateAsync(api.Annotator);

        var e = await api.Annotator.RateArticleAsync(article.Article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "SLANT", Value = 10 }],
            Tags = [],
        }).ShouldFailWith(422);

        var text = string.Join("\n", Strings(JsonDocument.Parse(e.Response!).RootElement));
        text.ShouldContain("has no dimension 'SLANT'. Valid dimensions: ", Case.Sensitive);
        text.ShouldContain(", slant", Case.Sensitive);
    }

    /// <summary>Every string in a JSON document (the problem's detail and its errors), unescaped.</summary>
    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}

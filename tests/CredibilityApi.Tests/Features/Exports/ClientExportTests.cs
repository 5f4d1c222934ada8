using System.Text.Json;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Exports;

[Collection(ApiCollection.Name)]
public sealed class ClientExportTests(ApiFixture api)
{
    [Fact]
    public async Task The_generated_client_streams_an_ndjson_export()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var rated = await api.Annotator.RateArticleAsync(f.Article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "slant", Value = 12 }, new RatingValue { Dimension = "factual_accuracy", Value = 64 }],
            Tags = [],
        });

        using var export = await api.Researcher.ExportAnnotationsAsync(outletId: f.Outlet.Id);
        using var reader = new StreamReader(export.Stream);
        var ids = new List<string>();
        while (await reader.ReadLineAsync() is { Length: > 0 } line)
        {
            ids.Add(JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()!);
        }

        ids.ShouldBe(rated.Ratings.Select(r => r.Id), ignoreOrder: true);
    }
}

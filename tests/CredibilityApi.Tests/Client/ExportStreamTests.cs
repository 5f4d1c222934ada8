using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Client;

/// <summary>Issue 18, point 3 (in part): typed exports that stream record by record and follow the cursor.</summary>
[Collection(ApiCollection.Name)]
public sealed class ExportStreamTests(ApiFixture api)
{
    [Fact]
    public async Task An_export_streams_typed_records_across_pages_equal_to_the_list()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        foreach (var (client, value) in new[] { (api.Annotator, 20.0), (api.OtherAnnotator, 60.0) })
        {
            await client.RateArticleAsync(f.Article.Id, new RateArticleRequest
            {
                RubricVersion = 1,
                Values = [new RatingValue { Dimension = "factual_accuracy", Value = value }, new RatingValue { Dimension = "slant", Value = -value / 2 }],
                Tags = [],
            });
        }

        await api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = "loaded-language", Severity = 2, Selector = new TextSelector { Exact = "marauding militants", Suffix = " were" } },
            Tags = [],
        });

        var exported = new List<Annotation>();
        await foreach (var annotation in api.Researcher.ExportAllAnnotationsAsync(outletId: f.Outlet.Id, pageSize: 2))
        {
            exported.Add(annotation);
        }

        var listed = new List<Annotation>();
        await foreach (var annotation in api.Researcher.ListAllAnnotationsAsync(outletId: f.Outlet.Id))
        {
            listed.Add(annotation);
        }

        exported.Count.ShouldBe(5);
        exported.Select(a => a.Id).Order(StringComparer.Ordinal).ShouldBe(listed.Select(a => a.Id).Order(StringComparer.Ordinal));
        exported.Where(a => a.Kind == AnnotationKind.Rating).Select(a => a.Rating!.Value).Order().ShouldBe([-30, -10, 20, 60]);

        var spans = new List<FramingSpan>();
        await foreach (var span in api.Researcher.ExportAllFramingSpansAsync(outletId: f.Outlet.Id))
        {
            spans.Add(span);
        }

        var span1 = spans.ShouldHaveSingleItem();
        span1.Technique.ShouldBe("loaded-language");
        ArticleFixture.Body[span1.Start..span1.End].ShouldBe("marauding militants");
    }
}

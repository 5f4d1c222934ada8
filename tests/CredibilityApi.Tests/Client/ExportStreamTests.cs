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

    /// <summary>Fails every request after the first <paramref name="allowed"/>, as a dropped network would.</summary>
    private sealed class DropAfter(HttpMessageHandler server, int allowed) : DelegatingHandler(server)
    {
        private int _sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            ++_sent > allowed ? throw new HttpRequestException("The network went away.") : base.SendAsync(request, cancellationToken);
    }

    [Fact]
    public async Task An_interrupted_export_resumes_from_the_newest_updatedAt_it_kept_and_misses_nothing()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        for (var i = 0; i < 5; i++)
        {
            await api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest
            {
                Framing = new FramingInput { Technique = "loaded-language", Severity = 1 + (i % 3) },
                Tags = [],
            });
        }

        // The first run gets one page of two, then the network drops (no retries, so the loop sees the failure).
        var flaky = CredibilityApiClient.Create(api.Factory.Server.BaseAddress, api.ResearcherKey,
            new CredibilityApiClientOptions { MaxRetries = 0 }, new DropAfter(api.Factory.Server.CreateHandler(), allowed: 1));
        var kept = new List<Annotation>();
        await Should.ThrowAsync<HttpRequestException>(async () =>
        {
            await foreach (var annotation in flaky.ExportAllAnnotationsAsync(outletId: f.Outlet.Id, pageSize: 2))
            {
                kept.Add(annotation);
            }
        });
        kept.Count.ShouldBe(2);

        // Meanwhile one more note is written; the next run resumes from the newest updatedAt kept.
        var later = await api.OtherAnnotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = "name-calling-labeling", Severity = 3 },
            Tags = [],
        });
        var since = kept.Max(a => a.UpdatedAt);
        var resumed = new List<Annotation>();
        await foreach (var annotation in api.Researcher.ExportAllAnnotationsAsync(outletId: f.Outlet.Id, since: since, pageSize: 2))
        {
            resumed.Add(annotation);
        }

        resumed.ShouldAllBe(a => a.UpdatedAt >= since);
        resumed.Select(a => a.Id).ShouldContain(later.Id);
        var everything = new List<string>();
        await foreach (var annotation in api.Researcher.ListAllAnnotationsAsync(outletId: f.Outlet.Id))
        {
            everything.Add(annotation.Id);
        }

        // The same instant written with another offset selects the same records: the client sends it to the
        // tick with its offset ("o"), not to the second without one, as NSwag's default "s" format did.
        var sameInstantElsewhere = new List<string>();
        await foreach (var annotation in api.Researcher.ExportAllAnnotationsAsync(outletId: f.Outlet.Id, since: since.ToOffset(TimeSpan.FromHours(5.5)), pageSize: 2))
        {
            sameInstantElsewhere.Add(annotation.Id);
        }

        sameInstantElsewhere.ShouldBe(resumed.Select(a => a.Id));

        everything.Count.ShouldBe(6);
        kept.Select(a => a.Id).Union(resumed.Select(a => a.Id)).Order(StringComparer.Ordinal).ShouldBe(everything.Order(StringComparer.Ordinal));
    }
}

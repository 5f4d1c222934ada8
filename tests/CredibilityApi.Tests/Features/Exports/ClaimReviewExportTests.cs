using System.Text.Json.Nodes;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace CredibilityApi.Tests.Features.Exports;

[Collection(ApiCollection.Name)]
public sealed class ClaimReviewExportTests(ApiFixture api)
{
    private HttpClient Researcher => api.Factory.CreateHttpClient(api.ResearcherKey);

    private Task<Claim> ClaimAsync(ArticleFixture f, string exact, Claimant claimant) =>
        api.Annotator.RegisterClaimAsync(f.Article.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = exact },
            Claimant = claimant,
            Attribution = [],
            Tags = [],
        });

    private static Task<Annotation> NoteAsync(CredibilityApiClient by, Claim claim, ProvenanceAspect aspect, Verdict? verdict) =>
        by.RecordProvenanceAsync(new RecordProvenanceRequest
        {
            Target = new AnnotationTarget { Type = TargetType.Claim, Id = claim.Id },
            Provenance = new ProvenanceInput { Aspect = aspect, Verdict = verdict, Explanation = "Checked.", EvidenceUrls = [] },
            Tags = [],
        });

    private static async Task<JsonArray> ReviewsAsync(HttpResponseMessage response)
    {
        response.ContentType().MediaType.ShouldBe("application/ld+json");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    [Fact]
    public async Task Each_current_verdict_is_a_schema_org_claim_review()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var spokesman = await ClaimAsync(f, "Forces advanced 40 km overnight", new Claimant { Name = "Army spokesman", Type = SourceType.Government });
        var official = await ClaimAsync(f, "An unnamed official said the town fell at dawn", new Claimant { Type = SourceType.Anonymous });
        var misleading = await NoteAsync(api.Annotator, spokesman, ProvenanceAspect.Verdict, Verdict.Misleading);
        await NoteAsync(api.Annotator, spokesman, ProvenanceAspect.Attribution, verdict: null);
        var unverifiable = await NoteAsync(api.OtherAnnotator, official, ProvenanceAspect.Verdict, Verdict.Unverifiable);
        var hidden = await NoteAsync(api.OtherAnnotator, spokesman, ProvenanceAspect.Verdict, Verdict.False);
        await api.Admin.HideAnnotationAsync(hidden.Id, new ReasonRequest { Reason = "Abusive explanation." });
        var retracted = await NoteAsync(api.Annotator, official, ProvenanceAspect.Verdict, Verdict.Accurate);
        await api.Annotator.RetractAnnotationAsync(retracted.Id, new ReasonRequest { Reason = "Wrong claim." });

        using var response = await ExportReader.GetAsync(Researcher, $"/api/v1/exports/claim-reviews?outletId={f.Outlet.Id}");
        var reviews = await ReviewsAsync(response);

        reviews.Count.ShouldBe(2);
        reviews.ShouldAllBe(r => r!["@context"]!.GetValue<string>() == "https://schema.org" && r["@type"]!.GetValue<string>() == "ClaimReview");
        var first = reviews[0]!;
        first["url"]!.GetValue<string>().ShouldEndWith($"/api/v1/annotations/{misleading.Id}");
        first["claimReviewed"]!.GetValue<string>().ShouldBe("Forces advanced 40 km overnight");
        first["itemReviewed"]!["@type"]!.GetValue<string>().ShouldBe("Claim");
        first["itemReviewed"]!["author"]!["@type"]!.GetValue<string>().ShouldBe("Organization");
        first["itemReviewed"]!["author"]!["name"]!.GetValue<string>().ShouldBe("Army spokesman");
        first["itemReviewed"]!["appearance"]!["url"]!.GetValue<string>().ShouldBe(f.Article.Url);
        first["author"]!["@type"]!.GetValue<string>().ShouldBe("Person");
        first["author"]!["name"]!.GetValue<string>().ShouldBe("Ana Annotator");
        first["author"]!["identifier"]!.GetValue<string>().ShouldBe(api.AnnotatorAccount.Id);
        first["url"]!.GetValue<string>().ShouldBe($"http://localhost:5080/api/v1/annotations/{misleading.Id}");
        first["publisher"]!["@type"]!.GetValue<string>().ShouldBe("Organization");
        first["publisher"]!["url"]!.GetValue<string>().ShouldBe("http://localhost:5080");
        first["datePublished"]!.GetValue<DateTimeOffset>().ShouldBe(misleading.CreatedAt);
        var rating = first["reviewRating"]!;
        (rating["@type"]!.GetValue<string>(), rating["alternateName"]!.GetValue<string>(), rating["ratingValue"]!.GetValue<int>(), rating["bestRating"]!.GetValue<int>(), rating["worstRating"]!.GetValue<int>())
            .ShouldBe(("Rating", "Misleading", 2, 5, 1));

        var second = reviews[1]!;
        second["url"]!.GetValue<string>().ShouldEndWith($"/api/v1/annotations/{unverifiable.Id}");
        second["itemReviewed"]!["author"]!["@type"]!.GetValue<string>().ShouldBe("Person");
        second["reviewRating"]!["alternateName"]!.GetValue<string>().ShouldBe("Unverifiable");
        second["reviewRating"]!.AsObject().ContainsKey("ratingValue").ShouldBeFalse();
    }

    [Fact]
    public async Task Claim_reviews_page_by_annotation_id_and_pull_incrementally()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var claim = await ClaimAsync(f, "Forces advanced 40 km overnight", new Claimant { Name = "Army spokesman", Type = SourceType.Government });
        var verdicts = new List<Annotation>();
        foreach (var verdict in new[] { Verdict.False, Verdict.Mixed, Verdict.Accurate })
        {
            verdicts.Add(await NoteAsync(api.Annotator, claim, ProvenanceAspect.Verdict, verdict));
        }

        var (bodies, pages) = await ExportReader.AllPagesAsync(Researcher, $"/api/v1/exports/claim-reviews?outletId={f.Outlet.Id}&limit=2");

        pages.ShouldBe(2);
        var reviews = bodies.SelectMany(b => JsonNode.Parse(b)!.AsArray()).ToList();
        reviews.Select(r => r!["url"]!.GetValue<string>().Split('/')[^1]).ShouldBe(verdicts.Select(v => v.Id));
        reviews.Select(r => r!["reviewRating"]!["ratingValue"]!.GetValue<int>()).ShouldBe([1, 3, 5]);
        JsonNode.Parse(bodies[1])!.AsArray().Count.ShouldBe(1);

        using var since = await ExportReader.GetAsync(Researcher, $"/api/v1/exports/claim-reviews?outletId={f.Outlet.Id}&since={ExportReader.Instant(verdicts[2].UpdatedAt)}");
        (await ReviewsAsync(since)).Select(r => r!["reviewRating"]!["alternateName"]!.GetValue<string>()).ShouldBe(["Accurate"]);

        using var none = await ExportReader.GetAsync(Researcher, $"/api/v1/exports/claim-reviews?outletId={f.Outlet.Id}&verdict=misleading", "application/json");
        (await ReviewsAsync(none)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_forged_host_header_never_reaches_the_json_ld_or_the_link_header()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var claim = await ClaimAsync(f, "Forces advanced 40 km overnight", new Claimant { Name = "Army spokesman", Type = SourceType.Government });
        await NoteAsync(api.Annotator, claim, ProvenanceAspect.Verdict, Verdict.Misleading);
        await NoteAsync(api.OtherAnnotator, claim, ProvenanceAspect.Verdict, Verdict.False);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://evil.example/api/v1/exports/claim-reviews?outletId={f.Outlet.Id}&limit=1");
        request.Headers.Host = "evil.example";
        using var response = await Researcher.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, body);
        body.ShouldNotContain("evil.example");
        body.ShouldContain("http://localhost:5080/api/v1/annotations/");
        var link = response.Headers.GetValues("Link").Single();
        link.ShouldNotContain("evil.example");
        link.ShouldStartWith("<http://localhost:5080/api/v1/exports/claim-reviews?");
    }

    [Fact]
    public async Task Every_url_is_built_on_the_configured_public_base_url()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var claim = await ClaimAsync(f, "Forces advanced 40 km overnight", new Claimant { Name = "Army spokesman", Type = SourceType.Government });
        var note = await NoteAsync(api.Annotator, claim, ProvenanceAspect.Verdict, Verdict.Misleading);
        await NoteAsync(api.OtherAnnotator, claim, ProvenanceAspect.Verdict, Verdict.False);
        await using var configured = api.Factory.WithWebHostBuilder(b => b.UseSetting("Api:PublicBaseUrl", "https://credibility.example.org/research/"));
        using var http = configured.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", api.ResearcherKey);

        using var response = await http.GetAsync($"/api/v1/exports/claim-reviews?outletId={f.Outlet.Id}&limit=1");
        var reviews = await ReviewsAsync(response);

        reviews.Single()!["url"]!.GetValue<string>().ShouldBe($"https://credibility.example.org/research/api/v1/annotations/{note.Id}");
        reviews.Single()!["publisher"]!["url"]!.GetValue<string>().ShouldBe("https://credibility.example.org/research");
        response.Headers.GetValues("Link").Single().ShouldStartWith("<https://credibility.example.org/research/api/v1/exports/claim-reviews?");
    }
}

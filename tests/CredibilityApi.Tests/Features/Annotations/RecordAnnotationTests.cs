using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Annotations;

[Collection(ApiCollection.Name)]
public sealed class RecordAnnotationTests(ApiFixture api)
{
    private async Task<(ArticleFixture F, Claim Claim)> ClaimAsync()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var claim = await api.Annotator.RegisterClaimAsync(f.Article.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = "Forces advanced 40 km overnight" },
            Claimant = new Claimant { Name = "Army spokesman", Type = SourceType.Government },
            Attribution = [],
            Tags = [],
        });
        return (f, claim);
    }

    private static RecordProvenanceRequest Provenance(TargetType type, string id, ProvenanceAspect aspect, Verdict? verdict = null) => new()
    {
        Target = new AnnotationTarget { Type = type, Id = id },
        Provenance = new ProvenanceInput
        {
            Aspect = aspect,
            Verdict = verdict,
            Explanation = "Checked against the army's own map.",
            EvidenceUrls = ["https://archive.example.org/map"],
            PrimarySourceLocated = true,
            PrimarySourceUrl = "https://social.example/spokesman/1",
        },
        Tags = ["primary-source-archived"],
    };

    [Fact]
    public async Task A_verdict_on_a_claim_is_recorded_with_its_evidence_and_context()
    {
        var (f, claim) = await ClaimAsync();

        var note = await api.Annotator.RecordProvenanceAsync(Provenance(TargetType.Claim, claim.Id, ProvenanceAspect.Verdict, Verdict.Misleading));

        note.Kind.ShouldBe(AnnotationKind.Provenance);
        note.Provenance!.Verdict.ShouldBe(Verdict.Misleading);
        note.Provenance.EvidenceUrls.ShouldBe(["https://archive.example.org/map"]);
        note.ClaimId.ShouldBe(claim.Id);
        note.ArticleId.ShouldBe(f.Article.Id);
        note.OutletId.ShouldBe(f.Outlet.Id);
        note.AuthorId.ShouldBe(api.AnnotatorAccount.Id);
        note.Revision.ShouldBe(1);
        note.Status.ShouldBe(AnnotationStatus.Active);
        note.Tags.ShouldBe(["primary-source-archived"]);
        note.Etag.ShouldBe("\"1\"");
        (await api.Researcher.GetAnnotationAsync(note.Id)).Provenance!.Verdict.ShouldBe(Verdict.Misleading);
    }

    [Fact]
    public async Task Notes_on_articles_and_outlets_take_their_own_aspects()
    {
        var (f, _) = await ClaimAsync();

        var onArticle = await api.Annotator.RecordProvenanceAsync(Provenance(TargetType.Article, f.Article.Id, ProvenanceAspect.WireCopy));
        var onOutlet = await api.Annotator.RecordProvenanceAsync(Provenance(TargetType.Outlet, f.Outlet.Id, ProvenanceAspect.Ownership));

        onArticle.ArticleId.ShouldBe(f.Article.Id);
        onOutlet.OutletId.ShouldBe(f.Outlet.Id);
        onOutlet.ArticleId.ShouldBeNull();
        await api.Annotator.RecordProvenanceAsync(Provenance(TargetType.Outlet, f.Outlet.Id, ProvenanceAspect.Byline)).ShouldFailWith(400);
    }

    [Fact]
    public async Task Only_claims_get_a_verdict()
    {
        var (f, _) = await ClaimAsync();
        var e = await api.Annotator.RecordProvenanceAsync(Provenance(TargetType.Article, f.Article.Id, ProvenanceAspect.Other, Verdict.False)).ShouldFailWith(400);
        e.Response!.ShouldContain("Only claims get a verdict");
    }

    [Fact]
    public async Task A_note_on_a_target_that_does_not_exist_is_422()
    {
        var e = await api.Annotator.RecordProvenanceAsync(Provenance(TargetType.Claim, "clm_missing", ProvenanceAspect.Attribution)).ShouldFailWith(422);
        e.Response!.ShouldContain("clm_missing");
    }

    [Fact]
    public async Task A_framing_note_on_a_span_is_anchored_like_a_claim()
    {
        var (f, _) = await ClaimAsync();

        var note = await api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest
        {
            Framing = new FramingInput
            {
                Technique = "name-calling-labeling",
                Severity = 2,
                Beneficiary = "government forces",
                Selector = new TextSelector { Exact = "marauding militants", Prefix = "called them " },
            },
            Tags = [],
        });

        note.Framing!.Span!.Start.ShouldBe(ArticleFixture.Body.IndexOf("marauding militants", StringComparison.Ordinal));
        note.Framing.Span.BodySha256.ShouldBe(f.Article.BodySha256);
        note.Framing.Severity.ShouldBe(2);
    }

    [Fact]
    public async Task A_framing_note_without_a_selector_is_on_the_whole_article()
    {
        var (f, _) = await ClaimAsync();
        var note = await api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = "frame-security-and-defense", Severity = 1 },
            Tags = [],
        });
        note.Framing!.Span.ShouldBeNull();
        note.Target.Type.ShouldBe(TargetType.Article);
    }

    [Fact]
    public async Task An_ambiguous_framing_span_is_422()
    {
        var (f, _) = await ClaimAsync();
        var e = await Should.ThrowAsync<ApiException<AnchorProblem>>(api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = "loaded-language", Severity = 3, Selector = new TextSelector { Exact = "marauding militants" } },
            Tags = [],
        }));
        e.Result.Errors!.Single().Code.ShouldBe("quote-ambiguous");
        e.Result.Title.ShouldBe("Quote is ambiguous");
        e.Result.Occurrences!.Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_unknown_technique_is_422_listing_the_valid_keys()
    {
        var (f, _) = await ClaimAsync();

        var e = await Should.ThrowAsync<ApiException<AnchorProblem>>(api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = "mind-control", Severity = 1 },
            Tags = [],
        }));

        e.StatusCode.ShouldBe(422);
        var error = e.Result.Errors!.Single();
        error.Code.ShouldBe("unknown-technique");
        error.Reason!.ShouldContain("loaded-language");
        error.Reason!.ShouldContain("frame-economic");
    }

    [Fact]
    public async Task Severity_outside_one_to_three_is_400()
    {
        var (f, _) = await ClaimAsync();
        await api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = "loaded-language", Severity = 4 },
            Tags = [],
        }).ShouldFailWith(400);
    }

    [Fact]
    public async Task A_researcher_cannot_record_annotations()
    {
        var (f, claim) = await ClaimAsync();
        await api.Researcher.RecordProvenanceAsync(Provenance(TargetType.Claim, claim.Id, ProvenanceAspect.Attribution)).ShouldFailWith(403);
        await api.Researcher.RecordFramingAsync(f.Article.Id, new RecordFramingRequest { Framing = new FramingInput { Technique = "doubt", Severity = 1 }, Tags = [] }).ShouldFailWith(403);
        await api.Researcher.RateArticleAsync(f.Article.Id, new RateArticleRequest { Values = [new RatingValue { Dimension = "slant", Value = 0 }], Tags = [] }).ShouldFailWith(403);
    }

    [Fact]
    public async Task An_idempotent_retry_of_a_note_returns_the_same_annotation()
    {
        var (_, claim) = await ClaimAsync();
        var key = Guid.NewGuid().ToString();

        var first = await api.Annotator.RecordProvenanceAsync(Provenance(TargetType.Claim, claim.Id, ProvenanceAspect.Attribution), key);
        var retry = await api.Annotator.RecordProvenanceAsync(Provenance(TargetType.Claim, claim.Id, ProvenanceAspect.Attribution), key);

        retry.Id.ShouldBe(first.Id);
        (await api.Researcher.ListAnnotationsAsync(targetId: claim.Id)).Items.Count.ShouldBe(1);
    }
}

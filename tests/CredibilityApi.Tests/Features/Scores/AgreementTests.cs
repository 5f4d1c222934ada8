using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Scores;

[Collection(ApiCollection.Name)]
public sealed class AgreementTests(ApiFixture api)
{
    [Fact]
    public async Task Alpha_per_dimension_and_per_annotator_pair_match_a_hand_computation()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var values = new[] { (10.0, 20.0), (50.0, 50.0), (90.0, 80.0) };
        for (var i = 0; i < values.Length; i++)
        {
            var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/g{i}", publishedAt: new DateTimeOffset(1701, 1, 10 + i, 0, 0, 0, TimeSpan.Zero)));
            await api.Annotator.RateArticleAsync(article.Id, new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = "sourcing_transparency", Value = values[i].Item1 }], Tags = [] });
            await api.OtherAnnotator.RateArticleAsync(article.Id, new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = "sourcing_transparency", Value = values[i].Item2 }], Tags = [] });
        }

        var report = await api.Researcher.GetAgreementAsync("sourcing_transparency", outlet.Id, new DateOnly(1701, 1, 1), new DateOnly(1701, 2, 1), true);

        // By hand: D_o = (200 + 0 + 200)/6, D_e = 60000/30 = 2000, alpha = 1 − 66.67/2000.
        var dimension = report.Dimensions.Single();
        dimension.Alpha!.Value.ShouldBe(1 - ((400.0 / 6) / 2000), 1e-9);
        (dimension.PairableValues, dimension.Units).ShouldBe((6, 3));
        (dimension.Articles, dimension.Ratings, dimension.Annotators).ShouldBe((3, 6, 2));
        var pair = dimension.Pairs!.Single();
        pair.SharedArticles.ShouldBe(3);
        pair.Alpha!.Value.ShouldBe(dimension.Alpha.Value, 1e-9);
        new[] { pair.AnnotatorA, pair.AnnotatorB }.ShouldBe(new[] { api.AnnotatorAccount.Id, api.OtherAnnotatorAccount.Id }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Verdict_agreement_uses_the_nominal_metric_over_claims()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/v", ArticleFixture.Body, new DateTimeOffset(1703, 5, 5, 0, 0, 0, TimeSpan.Zero)));
        async Task<Claim> ClaimAsync(string exact, string? prefix) => await api.Annotator.RegisterClaimAsync(article.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = exact, Prefix = prefix },
            Attribution = [],
            Tags = [],
        });
        Task VerdictAsync(CredibilityApiClient by, Claim claim, Verdict verdict) => by.RecordProvenanceAsync(new RecordProvenanceRequest
        {
            Target = new AnnotationTarget { Type = TargetType.Claim, Id = claim.Id },
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Verdict, Verdict = verdict, EvidenceUrls = [] },
            Tags = [],
        });
        var c1 = await ClaimAsync("Forces advanced 40 km overnight", null);
        var c2 = await ClaimAsync("the town fell at dawn", "An unnamed official said ");
        await VerdictAsync(api.Annotator, c1, Verdict.False);
        await VerdictAsync(api.OtherAnnotator, c1, Verdict.False);
        await VerdictAsync(api.Annotator, c2, Verdict.False);
        await VerdictAsync(api.OtherAnnotator, c2, Verdict.Accurate);

        var report = await api.Researcher.GetAgreementAsync("slant", outlet.Id, new DateOnly(1703, 5, 1), new DateOnly(1703, 6, 1), null);

        // Units {F,F}, {F,A}: the hand-worked nominal example: alpha 0.
        report.Verdicts.Alpha!.Value.ShouldBe(0, 1e-12);
        (report.Verdicts.PairableValues, report.Verdicts.Units).ShouldBe((4, 2));
    }

    [Fact]
    public async Task Technique_agreement_compares_the_labels_given_to_the_same_span()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/t", ArticleFixture.Body, new DateTimeOffset(1704, 5, 5, 0, 0, 0, TimeSpan.Zero)));
        Task MarkAsync(CredibilityApiClient by, string technique, string exact, string? prefix) => by.RecordFramingAsync(article.Id, new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = technique, Severity = 1, Selector = new TextSelector { Exact = exact, Prefix = prefix } },
            Tags = [],
        });
        await MarkAsync(api.Annotator, "loaded-language", "marauding militants", "called them ");
        await MarkAsync(api.OtherAnnotator, "loaded-language", "marauding militants", "called them ");
        await MarkAsync(api.Annotator, "doubt", "Forces advanced 40 km overnight", null);
        await MarkAsync(api.OtherAnnotator, "exaggeration-minimisation", "Forces advanced 40 km overnight", null);
        await MarkAsync(api.Annotator, "flag-waving", "a spokesman", null);      // marked once: not pairable

        var report = await api.Researcher.GetAgreementAsync("slant", outlet.Id, new DateOnly(1704, 5, 1), new DateOnly(1704, 6, 1), null);

        // Units {LL, LL}, {D, EM}: n = 4; D_o = (0 + 2)/4 = 0.5; D_e = (16 − (4 + 1 + 1))/12 = 10/12; alpha = 1 − 0.6.
        report.Techniques.Alpha!.Value.ShouldBe(1 - (0.5 / (10.0 / 12)), 1e-12);
        (report.Techniques.PairableValues, report.Techniques.Units).ShouldBe((4, 2));
    }

    [Fact]
    public async Task Without_pairable_ratings_alpha_is_null()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        var report = await api.Researcher.GetAgreementAsync("slant", outlet.Id, new DateOnly(1702, 1, 1), new DateOnly(1702, 2, 1), null);
        report.Dimensions.Single().Alpha.ShouldBeNull();
        report.Dimensions.Single().Pairs.ShouldBeNull();
    }

    [Fact]
    public async Task Unknown_outlets_and_dimensions_are_refused()
    {
        await api.Researcher.GetAgreementAsync(null, "out_missing", null, null, null).ShouldFailWith(404);
        await api.Researcher.GetAgreementAsync("truthiness", null, null, null, null).ShouldFailWith(422);
    }
}

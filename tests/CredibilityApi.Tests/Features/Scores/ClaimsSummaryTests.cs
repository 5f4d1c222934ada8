using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Scores;

[Collection(ApiCollection.Name)]
public sealed class ClaimsSummaryTests(ApiFixture api)
{
    private async Task<Claim> ClaimAsync(Article article, string exact, string? prefix, SourceType type, params AttributionHop[] chain) =>
        await api.Annotator.RegisterClaimAsync(article.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = exact, Prefix = prefix },
            Claimant = new Claimant { Name = type == SourceType.Anonymous ? null : "Someone", Type = type },
            Attribution = chain.ToList(),
            Tags = [],
        });

    private Task Verdict(CredibilityApiClient by, Claim claim, Verdict verdict) =>
        by.RecordProvenanceAsync(new RecordProvenanceRequest
        {
            Target = new AnnotationTarget { Type = TargetType.Claim, Id = claim.Id },
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Verdict, Verdict = verdict, EvidenceUrls = [] },
            Tags = [],
        });

    [Fact]
    public async Task Verdict_shares_attribution_mix_and_framing_counts_are_worked_out_as_the_methodology_says()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var hop = new AttributionHop { Agent = "Army spokesman", AgentType = SourceType.Government, Medium = Medium.SocialPost, Relation = Relation.PrimarySource };
        var tweet = await ClaimAsync(f.Article, "Forces advanced 40 km overnight", null, SourceType.Government, hop);
        var official = await ClaimAsync(f.Article, "the town fell at dawn", "An unnamed official said ", SourceType.Anonymous,
            new AttributionHop { Agent = "official", AgentType = SourceType.Anonymous, Medium = Medium.Statement, Relation = Relation.PrimarySource });
        var bare = await ClaimAsync(f.Article, "marauding militants were seen again", null, SourceType.Unknown);

        await Verdict(api.Annotator, tweet, CredibilityApi.Client.Verdict.Misleading);
        await Verdict(api.OtherAnnotator, tweet, CredibilityApi.Client.Verdict.Misleading);       // consensus misleading
        await Verdict(api.Annotator, official, CredibilityApi.Client.Verdict.Accurate);           // consensus accurate
        await Verdict(api.Annotator, bare, CredibilityApi.Client.Verdict.False);
        await Verdict(api.OtherAnnotator, bare, CredibilityApi.Client.Verdict.Accurate);          // a tie: no plurality, and no majority misleading-or-false
        await api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest { Framing = new FramingInput { Technique = "loaded-language", Severity = 2 }, Tags = [] });
        await api.OtherAnnotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest { Framing = new FramingInput { Technique = "loaded-language", Severity = 1 }, Tags = [] });
        await api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest { Framing = new FramingInput { Technique = "doubt", Severity = 1 }, Tags = [] });
        var day = DateOnly.FromDateTime(f.Article.PublishedAt.UtcDateTime);

        var summary = await api.Researcher.GetClaimsSummaryAsync(f.Outlet.Id, day, day.AddDays(1));

        summary.Claims.ShouldBe(3);
        summary.Annotators.ShouldBe(2);
        (summary.Attribution.NamedPrimary.Count, summary.Attribution.Anonymous.Count, summary.Attribution.Unattributed.Count, summary.Attribution.NamedSecondhand.Count)
            .ShouldBe((1, 1, 1, 0));
        summary.Attribution.Anonymous.Share!.Value.ShouldBe(1.0 / 3, 1e-12);
        summary.Verdicts.VerdictedClaims.ShouldBe(3);
        summary.Verdicts.WithoutConsensus.ShouldBe(1);
        // The tie stays in the denominator: 1 of 3.
        summary.Verdicts.MisleadingOrFalse.ShouldBe(1);
        summary.Verdicts.Share!.Value.ShouldBe(1.0 / 3, 1e-12);
        // Wilson 95% for 1 of 3.
        summary.Verdicts.Lower95!.Value.ShouldBe(0.0615, 0.0001);
        summary.Verdicts.Upper95!.Value.ShouldBe(0.7923, 0.0001);
        summary.Framing.Articles.ShouldBe(1);
        summary.Framing.FramingNotes.ShouldBe(3);
        summary.Framing.ByTechnique.Select(t => (t.Technique, t.Count)).ShouldBe([("loaded-language", 2), ("doubt", 1)]);
    }

    [Fact]
    public async Task Misleading_from_one_annotator_and_false_from_another_count_so_the_seed_case_is_1_of_2()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var tweet = await ClaimAsync(f.Article, "Forces advanced 40 km overnight", null, SourceType.Government,
            new AttributionHop { Agent = "Army spokesman", AgentType = SourceType.Government, Medium = Medium.SocialPost, Relation = Relation.PrimarySource });
        var resident = await ClaimAsync(f.Article, "the town fell at dawn", "A resident, quoted by the Daily Example, said ", SourceType.Person);
        await Verdict(api.Annotator, tweet, CredibilityApi.Client.Verdict.Misleading);
        await Verdict(api.OtherAnnotator, tweet, CredibilityApi.Client.Verdict.False);       // 2 of 2 misleading-or-false: a strict majority
        await Verdict(api.Annotator, resident, CredibilityApi.Client.Verdict.Accurate);
        var day = DateOnly.FromDateTime(f.Article.PublishedAt.UtcDateTime);

        var summary = await api.Researcher.GetClaimsSummaryAsync(f.Outlet.Id, day, day.AddDays(1));

        summary.Verdicts.VerdictedClaims.ShouldBe(2);
        summary.Verdicts.MisleadingOrFalse.ShouldBe(1);
        summary.Verdicts.WithoutConsensus.ShouldBe(1);      // misleading vs false is a plurality tie, reported
        summary.Verdicts.Share.ShouldBe(0.5);
        // Wilson (1927) by hand, n = 2, p = 1/2, z = 1.959964: the centre (p + z²/2n) / (1 + z²/n) is exactly 1/2,
        // the half-width z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n) = 1.959964 · sqrt(0.125 + 0.240091) / 2.920729 = 0.405469.
        summary.Verdicts.Lower95!.Value.ShouldBe(0.094531, 1e-6);
        summary.Verdicts.Upper95!.Value.ShouldBe(0.905469, 1e-6);
    }

    [Fact]
    public async Task An_empty_window_has_null_shares_not_zeros()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var summary = await api.Researcher.GetClaimsSummaryAsync(f.Outlet.Id, new DateOnly(1990, 1, 1), new DateOnly(1990, 2, 1));
        summary.Claims.ShouldBe(0);
        summary.Attribution.Anonymous.Share.ShouldBeNull();
        summary.Verdicts.Share.ShouldBeNull();
        summary.Framing.NotesPerArticle.ShouldBeNull();
    }

    [Fact]
    public async Task An_unknown_outlet_is_404()
    {
        await api.Researcher.GetClaimsSummaryAsync("out_missing", null, null).ShouldFailWith(404);
    }
}

using CredibilityApi.Data;
using CredibilityApi.Tests.Aggregation;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Features.Articles;

/// <summary>An admin merges a duplicate article that a database held before article identity existed.</summary>
[Collection(ApiCollection.Name)]
public sealed class MergeArticlesTests(ApiFixture api)
{
    private static RateArticleRequest Rate(string dimension, double value) => new()
    {
        Values = [new RatingValue { Dimension = dimension, Value = value }],
        Tags = [],
    };

    /// <summary>Two articles of one story, as an older database holds them: two domains of one outlet, no mirrors declared.</summary>
    private async Task<(Outlet Outlet, Article Survivor, Article Duplicate)> TwoCopiesAsync()
    {
        var (ir, uk) = (Unique.Domain("ir"), Unique.Domain("co.uk"));
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(ir, uk));
        var survivor = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{ir}/Detail/x", ArticleFixture.Body));
        var duplicate = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{uk}/Detail/x", ArticleFixture.Body));
        return (outlet, survivor, duplicate);
    }

    [Fact]
    public async Task Merging_moves_claims_and_annotations_with_history_and_tombstones_the_duplicate()
    {
        var (outlet, survivor, duplicate) = await TwoCopiesAsync();
        var claim = await api.Annotator.RegisterClaimAsync(duplicate.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = "Forces advanced 40 km overnight" },
            Claimant = new Claimant { Name = "A spokesman", Type = SourceType.Government },
            Attribution = [],
            Tags = [],
        });
        var framing = await api.OtherAnnotator.RecordFramingAsync(duplicate.Id, new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = "doubt", Severity = 1 },
            Tags = [],
        });
        var verdict = await api.Annotator.RecordProvenanceAsync(new RecordProvenanceRequest
        {
            Target = new AnnotationTarget { Type = TargetType.Claim, Id = claim.Id },
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Verdict, Verdict = Verdict.False, Explanation = "No such advance.", EvidenceUrls = [] },
            Tags = [],
        });

        var merge = await api.Admin.MergeArticlesAsync(survivor.Id, new MergeArticleRequest { DuplicateId = duplicate.Id });

        merge.MovedClaims.ShouldBe(1);
        merge.MovedAnnotations.ShouldBe(2);
        merge.Aliases.Select(a => a.Url).ShouldContain(duplicate.Url);
        (await api.Researcher.ListArticleClaimsAsync(survivor.Id)).Items.Select(c => c.Id).ShouldBe([claim.Id]);
        (await api.Researcher.GetClaimAsync(claim.Id)).ArticleId.ShouldBe(survivor.Id);

        var movedFraming = await api.Researcher.GetAnnotationAsync(framing.Id);
        movedFraming.ArticleId.ShouldBe(survivor.Id);
        movedFraming.Target.Id.ShouldBe(survivor.Id);
        movedFraming.AuthorId.ShouldBe(api.OtherAnnotatorAccount.Id);
        var history = (await api.Researcher.ListRevisionsAsync(framing.Id)).Items.ToList();
        history.Select(r => r.Action).ShouldBe([RevisionAction.Created, RevisionAction.Moved]);
        history[0].Annotation.ArticleId.ShouldBe(duplicate.Id);
        history[1].Reason!.ShouldContain(duplicate.Id);
        (await api.Researcher.GetAnnotationAsync(verdict.Id)).ArticleId.ShouldBe(survivor.Id);

        var gone = await api.Researcher.GetArticleAsync(duplicate.Id).ShouldFailWith(404);
        gone.Header("Location").ShouldBe($"/api/v1/articles/{survivor.Id}");
        gone.Response!.ShouldContain($"\"mergedInto\":\"{survivor.Id}\"");
        (await api.Researcher.LookupArticleAsync(duplicate.Url)).Article.Id.ShouldBe(survivor.Id);
        (await api.Researcher.ListArticlesAsync(outlet.Id)).Items.Select(a => a.Id).ShouldBe([survivor.Id]);
        await api.Annotator.RegisterArticleAsync(Requests.Article(duplicate.Url)).ShouldFailWith(409);

        var again = await api.Admin.MergeArticlesAsync(survivor.Id, new MergeArticleRequest { DuplicateId = duplicate.Id }).ShouldFailWith(409);
        again.Response!.ShouldContain("already merged");
    }

    [Fact]
    public async Task Ratings_move_one_current_rating_per_annotator_remains_and_rollups_equal_a_recomputation()
    {
        var (outlet, survivor, duplicate) = await TwoCopiesAsync();

        // The annotator rated both copies on accuracy; the later rating (on the duplicate) is the one that counts.
        var older = (await api.Annotator.RateArticleAsync(survivor.Id, Rate("factual_accuracy", 20))).Ratings.Single();
        await Task.Delay(50); // "later" is by UpdatedAt, on the real clock
        var later = (await api.Annotator.RateArticleAsync(duplicate.Id, Rate("factual_accuracy", 70))).Ratings.Single();
        var onlyOnDuplicate = (await api.Annotator.RateArticleAsync(duplicate.Id, Rate("slant", -40))).Ratings.Single();
        var otherAnnotator = (await api.OtherAnnotator.RateArticleAsync(duplicate.Id, Rate("factual_accuracy", 50))).Ratings.Single();
        await api.Factory.ApplyPendingRollupsAsync();

        var merge = await api.Admin.MergeArticlesAsync(survivor.Id, new MergeArticleRequest { DuplicateId = duplicate.Id });

        var superseded = merge.SupersededRatings.ShouldHaveSingleItem();
        (superseded.AnnotationId, superseded.KeptAnnotationId, superseded.Dimension).ShouldBe((later.Id, older.Id, "factual_accuracy"));
        merge.MovedAnnotations.ShouldBe(2);

        var kept = await api.Researcher.GetAnnotationAsync(older.Id);
        kept.Rating!.Value.ShouldBe(70);
        kept.Status.ShouldBe(AnnotationStatus.Active);
        var retracted = await api.Researcher.GetAnnotationAsync(later.Id);
        retracted.Status.ShouldBe(AnnotationStatus.Retracted);
        retracted.RetractionReason!.ShouldContain(older.Id);
        (await api.Researcher.GetAnnotationAsync(onlyOnDuplicate.Id)).ArticleId.ShouldBe(survivor.Id);
        (await api.Researcher.GetAnnotationAsync(otherAnnotator.Id)).ArticleId.ShouldBe(survivor.Id);

        await api.Factory.ApplyPendingRollupsAsync();
        using var scope = api.Factory.Services.CreateScope();
        await RollupReference.AssertMatchesAsync(scope.ServiceProvider.GetRequiredService<CredibilityDbContext>(), outlet.Id);

        // One article now, with two accuracy ratings (70 and 50), where there were two articles before.
        var series = await api.Researcher.GetScoreSeriesAsync(outlet.Id, dimensions: "factual_accuracy", bucket: Bucket.Year,
            from: new DateOnly(2021, 1, 1), to: new DateOnly(2022, 1, 1));
        var point = series.Points.Single(p => p.Dimension == "factual_accuracy" && p.Articles > 0);
        point.Articles.ShouldBe(1);
        point.Ratings.ShouldBe(2);
    }

    [Fact]
    public async Task The_later_rating_on_the_survivor_wins_and_the_duplicates_is_retracted()
    {
        var (outlet, survivor, duplicate) = await TwoCopiesAsync();
        var onDuplicate = (await api.Annotator.RateArticleAsync(duplicate.Id, Rate("slant", 10))).Ratings.Single();
        await Task.Delay(50); // "later" is by UpdatedAt, on the real clock
        var onSurvivor = (await api.Annotator.RateArticleAsync(survivor.Id, Rate("slant", -30))).Ratings.Single();

        await api.Admin.MergeArticlesAsync(survivor.Id, new MergeArticleRequest { DuplicateId = duplicate.Id });

        (await api.Researcher.GetAnnotationAsync(onSurvivor.Id)).Rating!.Value.ShouldBe(-30);
        (await api.Researcher.GetAnnotationAsync(onSurvivor.Id)).Revision.ShouldBe(1);
        (await api.Researcher.GetAnnotationAsync(onDuplicate.Id)).Status.ShouldBe(AnnotationStatus.Retracted);
        await api.Factory.ApplyPendingRollupsAsync();
        using var scope = api.Factory.Services.CreateScope();
        await RollupReference.AssertMatchesAsync(scope.ServiceProvider.GetRequiredService<CredibilityDbContext>(), outlet.Id);
    }

    [Fact]
    public async Task Only_admins_merge_and_a_refused_merge_changes_nothing()
    {
        var (_, survivor, duplicate) = await TwoCopiesAsync();

        await api.Annotator.MergeArticlesAsync(survivor.Id, new MergeArticleRequest { DuplicateId = duplicate.Id }).ShouldFailWith(403);
        await api.Researcher.MergeArticlesAsync(survivor.Id, new MergeArticleRequest { DuplicateId = duplicate.Id }).ShouldFailWith(403);

        (await api.Researcher.GetArticleAsync(duplicate.Id)).Id.ShouldBe(duplicate.Id);
    }

    [Fact]
    public async Task Merging_an_article_into_itself_or_a_missing_one_is_refused()
    {
        var (_, survivor, _) = await TwoCopiesAsync();
        await api.Admin.MergeArticlesAsync(survivor.Id, new MergeArticleRequest { DuplicateId = survivor.Id }).ShouldFailWith(400);
        await api.Admin.MergeArticlesAsync(survivor.Id, new MergeArticleRequest { DuplicateId = "art_missing" }).ShouldFailWith(404);
        await api.Admin.MergeArticlesAsync("art_missing", new MergeArticleRequest { DuplicateId = survivor.Id }).ShouldFailWith(404);
    }
}

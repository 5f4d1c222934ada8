using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Annotations;

[Collection(ApiCollection.Name)]
public sealed class RatingTests(ApiFixture api)
{
    // Pinned to version 1: another test publishes newer versions while these run.
    private static RateArticleRequest Rate(params (string Dimension, double Value)[] values) => new()
    {
        RubricVersion = 1,
        Values = values.Select(v => new RatingValue { Dimension = v.Dimension, Value = v.Value }).ToList(),
        Tags = [],
    };

    [Fact]
    public async Task Several_dimensions_are_rated_in_one_request_under_the_rubric_version_given()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);

        var rated = await api.Annotator.RateArticleAsync(f.Article.Id, Rate(("factual_accuracy", 35), ("sourcing_transparency", 20), ("slant", -60)));

        rated.Ratings.Count.ShouldBe(3);
        rated.Ratings.ShouldAllBe(r => r.Rating!.RubricVersion == 1 && r.Revision == 1 && r.ArticlePublishedAt == f.Article.PublishedAt);
        rated.Ratings.Single(r => r.Rating!.Dimension == "slant").Rating!.Value.ShouldBe(-60);
    }

    [Fact]
    public async Task Rating_again_revises_the_one_current_rating_per_dimension()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var first = (await api.Annotator.RateArticleAsync(f.Article.Id, Rate(("factual_accuracy", 35)))).Ratings.Single();

        var second = (await api.Annotator.RateArticleAsync(f.Article.Id, Rate(("factual_accuracy", 50)))).Ratings.Single();
        await api.OtherAnnotator.RateArticleAsync(f.Article.Id, Rate(("factual_accuracy", 10)));

        second.Id.ShouldBe(first.Id);
        second.Revision.ShouldBe(2);
        second.Rating!.Value.ShouldBe(50);
        var current = await api.Researcher.ListAnnotationsAsync(kind: AnnotationKind.Rating, articleId: f.Article.Id);
        current.Items.Count.ShouldBe(2);
        current.Items.Select(r => r.Rating!.Value).ShouldBe([50d, 10d], ignoreOrder: true);
        (await api.Researcher.ListRevisionsAsync(first.Id)).Items.Select(r => r.Annotation.Rating!.Value).ShouldBe([35d, 50d]);
    }

    [Fact]
    public async Task Re_rating_some_dimensions_leaves_the_others_as_they_were_and_answers_only_those_sent()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var first = (await api.Annotator.RateArticleAsync(f.Article.Id, Rate(("factual_accuracy", 35), ("slant", -20)))).Ratings;
        var slant = first.Single(r => r.Rating!.Dimension == "slant");

        // One dimension re-rated and one rated for the first time, beside one left out.
        var second = (await api.Annotator.RateArticleAsync(f.Article.Id, Rate(("factual_accuracy", 60), ("headline_fidelity", 80)))).Ratings;

        second.Select(r => (r.Rating!.Dimension, r.Rating.Value, r.Revision))
            .ShouldBe([("factual_accuracy", 60d, 2), ("headline_fidelity", 80d, 1)], ignoreOrder: true);
        second.Single(r => r.Rating!.Dimension == "factual_accuracy").Id.ShouldBe(first.Single(r => r.Rating!.Dimension == "factual_accuracy").Id);
        var untouched = await api.Researcher.GetAnnotationAsync(slant.Id);
        untouched.Revision.ShouldBe(1);
        untouched.Rating!.Value.ShouldBe(-20);
        (await api.Researcher.ListRevisionsAsync(slant.Id)).Items.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("factual_accuracy", 150)]
    [InlineData("factual_accuracy", -1)]
    [InlineData("slant", -101)]
    public async Task A_value_outside_the_dimension_range_is_422_stating_the_range(string dimension, double value)
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);

        var e = await Should.ThrowAsync<ApiException<ValidationProblem>>(api.Annotator.RateArticleAsync(f.Article.Id, Rate((dimension, value))));

        e.StatusCode.ShouldBe(422);
        e.Result.Errors!.Single().Code.ShouldBe("value-out-of-range");
        e.Result.Errors!.Single().Reason!.ShouldContain("from");
    }

    [Fact]
    public async Task An_unknown_dimension_is_422_listing_the_valid_ones_and_nothing_is_saved()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);

        var e = await Should.ThrowAsync<ApiException<ValidationProblem>>(
            api.Annotator.RateArticleAsync(f.Article.Id, Rate(("factual_accuracy", 40), ("truthiness", 3))));

        var error = e.Result.Errors!.Single();
        error.Code.ShouldBe("unknown-dimension");
        error.Reason!.ShouldContain("factual_accuracy, framing_neutrality, headline_fidelity, slant, sourcing_transparency");
        (await api.Researcher.ListAnnotationsAsync(articleId: f.Article.Id)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_a_version_the_current_rubric_is_recorded()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var request = Rate(("slant", 5));
        request.RubricVersion = null;
        var before = (await api.Researcher.GetRubricAsync("current")).Version;

        var rated = (await api.Annotator.RateArticleAsync(f.Article.Id, request)).Ratings.Single();

        rated.Rating!.RubricVersion.ShouldBeGreaterThanOrEqualTo(before);
    }

    [Fact]
    public async Task An_unknown_rubric_version_is_422()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var request = Rate(("factual_accuracy", 40));
        request.RubricVersion = 999;
        var e = await api.Annotator.RateArticleAsync(f.Article.Id, request).ShouldFailWith(422);
        e.Response!.ShouldContain("Published versions");
    }

    [Fact]
    public async Task The_same_dimension_twice_in_one_request_is_400()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        await api.Annotator.RateArticleAsync(f.Article.Id, Rate(("slant", 1), ("slant", 2))).ShouldFailWith(400);
    }

    [Fact]
    public async Task Rating_an_unknown_article_is_404()
    {
        await api.Annotator.RateArticleAsync("art_missing", Rate(("slant", 1))).ShouldFailWith(404);
    }

    [Fact]
    public async Task Rating_after_retracting_makes_the_rating_current_again()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var rating = (await api.Annotator.RateArticleAsync(f.Article.Id, Rate(("headline_fidelity", 80)))).Ratings.Single();
        await api.Annotator.RetractAnnotationAsync(rating.Id, new ReasonRequest { Reason = "wrong article" });

        var again = (await api.Annotator.RateArticleAsync(f.Article.Id, Rate(("headline_fidelity", 70)))).Ratings.Single();

        again.Id.ShouldBe(rating.Id);
        again.Status.ShouldBe(AnnotationStatus.Active);
        again.Revision.ShouldBe(3);
    }
}

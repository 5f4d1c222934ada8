using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Taxonomy;

[Collection(ApiCollection.Name)]
public sealed class RubricAndTaxonomyTests(ApiFixture api)
{
    [Fact]
    public async Task The_default_rubric_is_version_1_with_the_products_five_dimensions()
    {
        var v1 = await api.Researcher.GetRubricAsync("1");

        v1.Dimensions.Select(d => d.Key).ShouldBe(["factual_accuracy", "framing_neutrality", "headline_fidelity", "slant", "sourcing_transparency"]);
        var slant = v1.Dimensions.Single(d => d.Key == "slant");
        (slant.Min, slant.Max, slant.Polarity, slant.Weight).ShouldBe((-100d, 100d, Polarity.Bipolar, 0d));
        slant.Axis.ShouldNotBeNullOrEmpty();
        v1.Dimensions.Where(d => d.Polarity == Polarity.HigherIsBetter).Sum(d => d.Weight).ShouldBe(1, 1e-9);
        v1.Dimensions.Where(d => d.Key != "slant").ShouldAllBe(d => d.Min == 0 && d.Max == 100);
    }

    [Fact]
    public async Task The_default_taxonomy_has_14_techniques_and_15_frames()
    {
        var techniques = await api.Researcher.ListTechniquesAsync(TechniqueKind.Technique);
        var frames = await api.Researcher.ListTechniquesAsync(TechniqueKind.Frame);

        techniques.Items.Where(t => t.Source == "SemEval-2020 Task 11").Count().ShouldBe(14);
        frames.Items.Where(t => t.Source == "Media Frames Corpus").Count().ShouldBe(15);
        techniques.Items.ShouldAllBe(t => t.Definition.Length > 10);
        (await api.Researcher.ListTagsAsync()).Items.ShouldContain(t => t.Key == "wire-copy");
    }

    [Fact]
    public async Task An_admin_adds_a_technique_that_framing_notes_can_then_use()
    {
        var key = "false-balance-" + Unique.Label();
        var added = await api.Admin.AddTechniqueAsync(new AddTechniqueRequest { Key = key, Kind = TechniqueKind.Technique, Label = "False balance", Definition = "A fringe view is staged as an equal counterweight." });
        var f = await ArticleFixture.CreateAsync(api.Annotator);

        var note = await api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest { Framing = new FramingInput { Technique = key, Severity = 1 }, Tags = [] });

        added.Source.ShouldBe((await api.Admin.GetMeAsync()).AccountId);
        note.Framing!.Technique.ShouldBe(key);
        await api.Admin.AddTechniqueAsync(new AddTechniqueRequest { Key = key, Kind = TechniqueKind.Frame, Label = "Again", Definition = "Again." }).ShouldFailWith(409);
        await api.Annotator.AddTechniqueAsync(new AddTechniqueRequest { Key = key + "-x", Kind = TechniqueKind.Frame, Label = "No", Definition = "No." }).ShouldFailWith(403);
        await api.Admin.AddTechniqueAsync(new AddTechniqueRequest { Key = "Not A Key", Kind = TechniqueKind.Frame, Label = "x", Definition = "x" }).ShouldFailWith(400);
    }

    [Fact]
    public async Task An_admin_adds_a_tag_that_annotations_can_then_carry()
    {
        var key = "deepfake-" + Unique.Label();
        await api.Admin.AddTagAsync(new AddTagRequest { Key = key, Label = "Deepfake suspected", Description = "Media may be synthetic." });
        var f = await ArticleFixture.CreateAsync(api.Annotator);

        var rated = await api.Annotator.RateArticleAsync(f.Article.Id, new RateArticleRequest { Values = [new RatingValue { Dimension = "slant", Value = 0 }], Tags = [key] });

        rated.Ratings.Single().Tags.ShouldBe([key]);
        await api.Annotator.AddTagAsync(new AddTagRequest { Key = key + "-x", Label = "x", Description = "" }).ShouldFailWith(403);
    }

    [Fact]
    public async Task Publishing_a_rubric_makes_the_next_version_current_and_ratings_record_it()
    {
        var before = await api.Researcher.GetRubricAsync("current");
        var published = await api.Admin.PublishRubricAsync(new PublishRubricRequest
        {
            Notes = "Adds image provenance.",
            Dimensions =
            [
                .. before.Dimensions,
                new RubricDimension { Key = "image_provenance", Label = "Image provenance", Description = "Images credited and genuine.", Min = 0, Max = 10, Polarity = Polarity.HigherIsBetter, Weight = 0 },
            ],
        });

        published.Version.ShouldBe(before.Version + 1);
        (await api.Researcher.GetRubricAsync("current")).Version.ShouldBeGreaterThanOrEqualTo(published.Version);
        (await api.Researcher.ListRubricsAsync()).Items.Select(r => r.Version).ShouldContain(published.Version);

        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var rated = await api.Annotator.RateArticleAsync(f.Article.Id, new RateArticleRequest
        {
            RubricVersion = published.Version,
            Values = [new RatingValue { Dimension = "image_provenance", Value = 7 }],
            Tags = [],
        });
        rated.Ratings.Single().Rating!.RubricVersion.ShouldBe(published.Version);
        await api.Annotator.RateArticleAsync(f.Article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "image_provenance", Value = 7 }],
            Tags = [],
        }).ShouldFailWith(422);
    }

    [Fact]
    public async Task A_rubric_must_be_well_formed_and_only_admins_publish_it()
    {
        var bipolarWithWeight = new PublishRubricRequest
        {
            Dimensions = [new RubricDimension { Key = "lean", Label = "Lean", Description = "", Min = -1, Max = 1, Polarity = Polarity.Bipolar, Weight = 0.5 }],
        };
        await api.Admin.PublishRubricAsync(bipolarWithWeight).ShouldFailWith(400);
        await api.Annotator.PublishRubricAsync(bipolarWithWeight).ShouldFailWith(403);
        await api.Researcher.GetRubricAsync("999").ShouldFailWith(404);
        await api.Researcher.GetRubricAsync("latest").ShouldFailWith(400);
    }
}

using System.Text.RegularExpressions;
using CredibilityApi.Domain;

namespace CredibilityApi.Tests.Domain;

public sealed partial class DefaultTaxonomyTests
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KeyPattern();

    private static IEnumerable<string> AllKeys =>
        DefaultTaxonomy.Techniques.Select(t => t.Key).Concat(DefaultTaxonomy.Tags.Select(t => t.Key));

    [Fact]
    public void There_are_14_semeval_techniques_followed_by_15_media_frames()
    {
        var techniques = DefaultTaxonomy.Techniques;

        techniques.Count.ShouldBe(29);
        techniques.Take(14).ShouldAllBe(t => t.Kind == TechniqueKind.Technique && t.Source == DefaultTaxonomy.SemEvalSource);
        techniques.Skip(14).ShouldAllBe(t => t.Kind == TechniqueKind.Frame && t.Source == DefaultTaxonomy.MediaFramesSource);
    }

    [Fact]
    public void The_techniques_are_the_semeval_2020_task_11_set()
    {
        DefaultTaxonomy.Techniques.Where(t => t.Kind == TechniqueKind.Technique).Select(t => t.Key).ShouldBe(
        [
            "loaded-language", "name-calling-labeling", "repetition", "exaggeration-minimisation", "doubt",
            "appeal-to-fear-prejudice", "flag-waving", "causal-oversimplification", "slogans",
            "appeal-to-authority", "black-and-white-fallacy", "thought-terminating-cliche",
            "whataboutism-straw-man-red-herring", "bandwagon-reductio-ad-hitlerum",
        ], ignoreOrder: true);
    }

    [Fact]
    public void Every_frame_key_has_the_frame_prefix_and_no_technique_key_does()
    {
        DefaultTaxonomy.Techniques.Where(t => t.Kind == TechniqueKind.Frame).ShouldAllBe(t => t.Key.StartsWith("frame-"));
        DefaultTaxonomy.Techniques.Where(t => t.Kind == TechniqueKind.Technique).ShouldAllBe(t => !t.Key.StartsWith("frame-"));
        DefaultTaxonomy.Techniques.Select(t => t.Key).ShouldContain("frame-economic");
        DefaultTaxonomy.Techniques.Select(t => t.Key).ShouldContain("frame-security-and-defense");
        DefaultTaxonomy.Techniques.Select(t => t.Key).ShouldContain("frame-other");
    }

    [Fact]
    public void Technique_and_frame_keys_are_unique() =>
        DefaultTaxonomy.Techniques.Select(t => t.Key).ShouldBeUnique();

    [Fact]
    public void Tag_keys_are_unique_and_there_are_about_ten()
    {
        DefaultTaxonomy.Tags.Select(t => t.Key).ShouldBeUnique();
        DefaultTaxonomy.Tags.Count.ShouldBeInRange(8, 15);
    }

    [Fact]
    public void Labels_are_unique_within_techniques_and_within_tags()
    {
        DefaultTaxonomy.Techniques.Select(t => t.Label).ShouldBeUnique();
        DefaultTaxonomy.Tags.Select(t => t.Label).ShouldBeUnique();
    }

    [Fact]
    public void Keys_are_kebab_case_ascii_of_at_most_64_characters()
    {
        foreach (var key in AllKeys)
        {
            KeyPattern().IsMatch(key).ShouldBeTrue($"'{key}' is not kebab-case ASCII");
            key.Length.ShouldBeLessThanOrEqualTo(64, key);
        }
    }

    [Fact]
    public void Definitions_and_descriptions_are_single_short_lines()
    {
        var texts = DefaultTaxonomy.Techniques.Select(t => (t.Key, Text: t.Definition))
            .Concat(DefaultTaxonomy.Tags.Select(t => (t.Key, Text: t.Description)));

        foreach (var (key, text) in texts)
        {
            text.ShouldNotBeNullOrWhiteSpace(key);
            text.Length.ShouldBeLessThanOrEqualTo(160, key);
            text.ShouldNotContain('\n', key);
            text.Trim().ShouldBe(text, key);
        }
    }

    [Fact]
    public void Labels_are_present()
    {
        DefaultTaxonomy.Techniques.ShouldAllBe(t => !string.IsNullOrWhiteSpace(t.Label));
        DefaultTaxonomy.Tags.ShouldAllBe(t => !string.IsNullOrWhiteSpace(t.Label));
    }
}

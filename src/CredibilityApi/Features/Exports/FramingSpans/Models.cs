using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Exports.FramingSpans;

/// <summary>A framing note on a span of an article's body, flattened for corpus work.</summary>
[SchemaName("FramingSpan")]
public sealed class FramingSpanModel
{
    public required string ArticleId { get; init; }

    /// <summary>Key of the technique or frame of the taxonomy.</summary>
    public required string Technique { get; init; }

    /// <summary>Start offset in UTF-16 code units of the body (0-based).</summary>
    public int Start { get; init; }

    /// <summary>End offset in UTF-16 code units, exclusive.</summary>
    public int End { get; init; }

    /// <summary>1 (mild) to 3 (strong).</summary>
    public int Severity { get; init; }

    /// <summary>The annotator's account id.</summary>
    public required string Annotator { get; init; }

    public required string AnnotationId { get; init; }

    /// <summary>SHA-256 of the body the offsets refer to.</summary>
    public string? BodySha256 { get; init; }

    /// <summary>When the annotation last changed; the export's order and 'since' use it.</summary>
    public DateTime UpdatedAt { get; init; }
}

/// <summary>
/// The technique names of the SemEval-2020 Task 11 propaganda corpus (Da San Martino et al. 2020)
/// for the 14 techniques of the default taxonomy, as its label files spell them, so the TSV export
/// can be scored with the task's own tools. Other keys (frames, techniques admins add) are written as
/// they are.
/// </summary>
internal static class SemEvalLabels
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["loaded-language"] = "Loaded_Language",
        ["name-calling-labeling"] = "Name_Calling,Labeling",
        ["repetition"] = "Repetition",
        ["exaggeration-minimisation"] = "Exaggeration,Minimisation",
        ["doubt"] = "Doubt",
        ["appeal-to-fear-prejudice"] = "Appeal_to_fear-prejudice",
        ["flag-waving"] = "Flag-Waving",
        ["causal-oversimplification"] = "Causal_Oversimplification",
        ["slogans"] = "Slogans",
        ["appeal-to-authority"] = "Appeal_to_Authority",
        ["black-and-white-fallacy"] = "Black-and-White_Fallacy",
        ["thought-terminating-cliche"] = "Thought-terminating_Cliches",
        ["whataboutism-straw-man-red-herring"] = "Whataboutism,Straw_Men,Red_Herring",
        ["bandwagon-reductio-ad-hitlerum"] = "Bandwagon,Reductio_ad_hitlerum",
    };

    public static string For(string technique) => Labels.GetValueOrDefault(technique, technique);
}

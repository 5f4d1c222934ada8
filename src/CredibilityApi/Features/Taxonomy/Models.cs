using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Taxonomy;

/// <summary>A propaganda technique or a news frame that framing notes may name.</summary>
[SchemaName("Technique")]
public sealed class TechniqueModel
{
    /// <summary>Stable key, e.g. <c>loaded-language</c> or <c>frame-economic</c>.</summary>
    public string Key { get; init; } = "";

    public TechniqueKind Kind { get; init; }

    public string Label { get; init; } = "";

    /// <summary>One line, for annotators.</summary>
    public string Definition { get; init; } = "";

    /// <summary>Where it comes from: SemEval-2020 Task 11, Media Frames Corpus, or the admin who added it.</summary>
    public string Source { get; init; } = "";

    internal static TechniqueModel From(Technique t) => new() { Key = t.Key, Kind = t.Kind, Label = t.Label, Definition = t.Definition, Source = t.Source };
}

/// <summary>A tag of the controlled vocabulary.</summary>
[SchemaName("Tag")]
public sealed class TagModel
{
    public string Key { get; init; } = "";

    public string Label { get; init; } = "";

    public string Description { get; init; } = "";

    internal static TagModel From(Tag t) => new() { Key = t.Key, Label = t.Label, Description = t.Description };
}

internal static class TaxonomyRules
{
    public const string KeyPattern = "^[a-z0-9]+(-[a-z0-9]+)*$";
}

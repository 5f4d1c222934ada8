namespace CredibilityApi.Domain;

/// <summary>How a dimension's values read: higher is better, or a position on an axis with two ends.</summary>
public enum Polarity
{
    HigherIsBetter,
    Bipolar,
}

/// <summary>A published, immutable version of the rating rubric.</summary>
public sealed class RubricVersion
{
    private readonly List<RubricDimension> _dimensions = [];

    private RubricVersion() { }

    public RubricVersion(int version, string? notes, IEnumerable<RubricDimension> dimensions, string publishedBy, DateTime now)
    {
        Version = version;
        Notes = notes;
        PublishedBy = publishedBy;
        PublishedAt = now;
        foreach (var dimension in dimensions)
        {
            _dimensions.Add(dimension with { RubricVersion = version });
        }

        if (_dimensions.Count == 0 || _dimensions.Select(d => d.Key).Distinct(StringComparer.Ordinal).Count() != _dimensions.Count)
        {
            throw new DomainException("A rubric has at least one dimension and no key twice.");
        }
    }

    public int Version { get; private init; }
    public string? Notes { get; private init; }
    public string PublishedBy { get; private init; } = "";
    public DateTime PublishedAt { get; private init; }
    public IReadOnlyList<RubricDimension> Dimensions => _dimensions;
}

/// <summary>
/// One dimension of a rubric version. <see cref="Weight"/> is its share of the composite index
/// (bipolar dimensions weigh 0); <see cref="Axis"/> names the two ends of a bipolar axis.
/// </summary>
public sealed record RubricDimension(
    int RubricVersion,
    string Key,
    string Label,
    string Description,
    double Min,
    double Max,
    Polarity Polarity,
    double Weight,
    string? Axis);

/// <summary>A technique or frame of the framing taxonomy.</summary>
public sealed class Technique
{
    private Technique() { }

    public Technique(string key, TechniqueKind kind, string label, string definition, string source, DateTime createdAt)
    {
        Key = key;
        Kind = kind;
        Label = label;
        Definition = definition;
        Source = source;
        CreatedAt = createdAt;
    }

    public string Key { get; private init; } = "";
    public TechniqueKind Kind { get; private init; }
    public string Label { get; private init; } = "";
    public string Definition { get; private init; } = "";
    public string Source { get; private init; } = "";
    public DateTime CreatedAt { get; private init; }
}

/// <summary>A tag of the controlled vocabulary that annotations and claims may carry.</summary>
public sealed class Tag
{
    private Tag() { }

    public Tag(string key, string label, string description, DateTime createdAt)
    {
        Key = key;
        Label = label;
        Description = description;
        CreatedAt = createdAt;
    }

    public string Key { get; private init; } = "";
    public string Label { get; private init; } = "";
    public string Description { get; private init; } = "";
    public DateTime CreatedAt { get; private init; }
}

/// <summary>The default rubric, version 1, as the product defines it.</summary>
public static class DefaultRubric
{
    public static readonly DateTime PublishedAt = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static IReadOnlyList<RubricDimension> Dimensions { get; } =
    [
        new(1, "factual_accuracy", "Factual accuracy", "How far the article's checkable statements are true and correctly stated.", 0, 100, Polarity.HigherIsBetter, 0.4, null),
        new(1, "sourcing_transparency", "Sourcing transparency", "How clearly the article says where its information comes from, and how close to the primary source it gets.", 0, 100, Polarity.HigherIsBetter, 0.3, null),
        new(1, "framing_neutrality", "Framing neutrality", "How far the wording and structure leave the reader to judge, rather than pushing a reading.", 0, 100, Polarity.HigherIsBetter, 0.2, null),
        new(1, "headline_fidelity", "Headline fidelity", "How faithfully the headline represents what the article actually supports.", 0, 100, Polarity.HigherIsBetter, 0.1, null),
        new(1, "slant", "Slant", "Where the article sits between the two sides of the conflict it covers; 0 is even-handed.", -100, 100, Polarity.Bipolar, 0, "-100 favours the government side, +100 favours the opposition side"),
    ];
}

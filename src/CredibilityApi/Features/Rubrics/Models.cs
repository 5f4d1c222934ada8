using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Rubrics;

/// <summary>A dimension of a rubric version.</summary>
[SchemaName("RubricDimension")]
public sealed class DimensionModel
{
    /// <summary>Stable key, e.g. <c>factual_accuracy</c>.</summary>
    public string Key { get; init; } = "";

    public string Label { get; init; } = "";

    public string Description { get; init; } = "";

    public double Min { get; init; }

    public double Max { get; init; }

    public Polarity Polarity { get; init; }

    /// <summary>Share of the composite credibility index; bipolar dimensions weigh 0.</summary>
    public double Weight { get; init; }

    /// <summary>For a bipolar dimension, what its two ends mean.</summary>
    public string? Axis { get; init; }

    internal static DimensionModel From(RubricDimension d) => new()
    {
        Key = d.Key,
        Label = d.Label,
        Description = d.Description,
        Min = d.Min,
        Max = d.Max,
        Polarity = d.Polarity,
        Weight = d.Weight,
        Axis = d.Axis,
    };
}

/// <summary>A published rubric version. Ratings record the version they were made under.</summary>
[SchemaName("Rubric")]
public sealed class RubricModel
{
    public int Version { get; init; }

    public string? Notes { get; init; }

    public DateTime PublishedAt { get; init; }

    public required string PublishedBy { get; init; }

    public required IReadOnlyList<DimensionModel> Dimensions { get; init; }

    internal static RubricModel From(RubricVersion r) => new()
    {
        Version = r.Version,
        Notes = r.Notes,
        PublishedAt = r.PublishedAt,
        PublishedBy = r.PublishedBy,
        Dimensions = r.Dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(DimensionModel.From).ToList(),
    };

    internal static RubricModel Example => From(new RubricVersion(1, "The default rubric of methodology v1.", DefaultRubric.Dimensions, "system", DefaultRubric.PublishedAt));
}

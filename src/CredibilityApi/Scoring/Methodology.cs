namespace CredibilityApi.Scoring;

/// <summary>
/// The parameters of one version of the scoring methodology: the one place they are defined. The scoring
/// code takes them as a parameter, every aggregate cites <see cref="Version"/>, and
/// <c>GET /api/v1/methodology</c> publishes them. A cited figure names its version, so a version's values
/// never change once published: a new method or new defaults make a new version.
/// </summary>
public sealed record MethodologyOptions
{
    /// <summary>The name aggregates carry as <c>methodologyVersion</c>.</summary>
    public required string Version { get; init; }

    /// <summary>Half-life of the decayed score, in days, when the request gives none.</summary>
    public double DefaultHalfLifeDays { get; init; } = 180;

    /// <summary>The normal quantile of the 95% intervals.</summary>
    public double Z { get; init; } = Wilson.Z95;

    /// <summary>v1 only: the floor of the method-of-moments variances (the floor v2 removes).</summary>
    public double VarianceFloor { get; init; } = 1e-6;

    /// <summary>
    /// v2: scale of the half-Cauchy prior on the between-outlet sd tau, as a share of the dimension's range
    /// (0.25 of a 0-100 scale: sd 25). Weakly informative: it lets the data speak with a handful of outlets
    /// and keeps tau finite when there are too few to say anything.
    /// </summary>
    public double TauPriorScale { get; init; } = 0.5;

    /// <summary>v2: scale of the half-Cauchy prior on the sd of annotator leniency, as a share of the range.</summary>
    public double LeniencyPriorScale { get; init; } = 0.10;

    /// <summary>v2: points of the grid the sds are integrated over (denser near 0, up to the whole range).</summary>
    public int GridPoints { get; init; } = 120;

    /// <summary>v2: sweeps of the leniency fit at most (it stops earlier once no estimate moves by 1e-9).</summary>
    public int FitIterations { get; init; } = 500;

    /// <summary>
    /// v2: an interval wider than this share of the dimension's range gets a plain-language reliability note
    /// saying what it lacks.
    /// </summary>
    public double WideIntervalShare { get; init; } = 0.25;

    /// <summary>v2: how often, at most, the background refit of leniencies and variance components runs, in seconds.</summary>
    public double RefitSeconds { get; init; } = 2;
}

/// <summary>The published versions of the methodology.</summary>
public static class Methodology
{
    public static readonly MethodologyOptions V1 = new() { Version = "v1" };

    public static readonly MethodologyOptions V2 = new() { Version = "v2" };

    /// <summary>The version a request gets when it names none.</summary>
    public static MethodologyOptions Default => V2;

    /// <summary>Every version, oldest first.</summary>
    public static IReadOnlyList<MethodologyOptions> All { get; } = [V1, V2];

    public static MethodologyOptions? Find(string? version) =>
        All.FirstOrDefault(m => string.Equals(m.Version, version, StringComparison.Ordinal));
}

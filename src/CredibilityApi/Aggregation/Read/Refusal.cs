using CredibilityApi.Data;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation.Read;

/// <summary>
/// Why a report could not be built from what was asked. The reports say what was wrong; the endpoints answer it
/// as problem details, in their own words.
/// </summary>
public abstract record Refusal
{
    private Refusal()
    {
    }

    /// <summary>No outlet has this id.</summary>
    public sealed record UnknownOutlet(string OutletId) : Refusal;

    /// <summary>
    /// Dimensions no rubric version has, in the order asked; with the valid keys when the report looked them up
    /// (null when it did not).
    /// </summary>
    public sealed record UnknownDimensions(IReadOnlyList<string> Unknown, IReadOnlyList<string>? Valid) : Refusal
    {
        /// <summary>Null when some rubric version has <paramref name="dimension"/>; otherwise the refusal, with every valid key.</summary>
        public static async Task<UnknownDimensions?> CheckAsync(CredibilityDbContext db, string dimension, CancellationToken ct) =>
            await db.RubricDimensions.AnyAsync(d => d.Key == dimension, ct)
                ? null
                : new UnknownDimensions([dimension], await db.RubricDimensions.Select(d => d.Key).Distinct().OrderBy(k => k).ToListAsync(ct));
    }

    /// <summary>The window would span more buckets than the report draws.</summary>
    public sealed record TooManyBuckets(int Max) : Refusal;
}

/// <summary>A report, or the refusal that stopped it: exactly one is set.</summary>
public sealed class ReportResult<T>
    where T : class
{
    private ReportResult(T? report, Refusal? refusal) => (Report, Refusal) = (report, refusal);

    public T? Report { get; }

    public Refusal? Refusal { get; }

    /// <summary>The report, once the endpoint has answered every refusal it knows; a refusal left unanswered is a bug.</summary>
    public T GetReport() => Report ?? throw new InvalidOperationException($"The report was refused ({Refusal}) and the refusal was not answered.");

    public static implicit operator ReportResult<T>(T report) => new(report, null);

    public static implicit operator ReportResult<T>(Refusal refusal) => new(null, refusal);
}

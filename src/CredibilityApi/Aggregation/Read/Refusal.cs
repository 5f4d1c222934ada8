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

    /// <summary>No campaign has this id.</summary>
    public sealed record UnknownCampaign(string CampaignId) : Refusal;

    /// <summary>
    /// Dimensions no rubric version has, in the order asked; with the valid keys when the report looked them up
    /// (null when it did not).
    /// </summary>
    public sealed record UnknownDimensions(IReadOnlyList<string> Unknown, IReadOnlyList<string>? Valid) : Refusal
    {
        /// <summary>
        /// Null when some rubric version has every one of <paramref name="dimensions"/>; otherwise the refusal, with
        /// every valid key. Keys compare ordinally, here in memory rather than in the database, so the rule is the
        /// same whatever the column's collation: <c>SLANT</c> is not <c>slant</c> (keys are lower-case by the
        /// rubric's own rule), and every endpoint taking a dimension answers it with the same 422.
        /// </summary>
        public static async Task<UnknownDimensions?> CheckAsync(CredibilityDbContext db, IReadOnlyList<string> dimensions, CancellationToken ct) =>
            await CheckAsync(db, dimensions, await db.RubricVersions.MaxAsync(r => (int?)r.Version, ct) ?? 0, ct);

        /// <summary>
        /// As <see cref="CheckAsync(CredibilityDbContext, IReadOnlyList{string}, CancellationToken)"/>, when the caller has
        /// read the current rubric version: the valid keys are remembered for it (<see cref="RubricCatalog"/>), so a hot
        /// read does not ask the database for them every time.
        /// </summary>
        public static async Task<UnknownDimensions?> CheckAsync(CredibilityDbContext db, IReadOnlyList<string> dimensions, int current, CancellationToken ct)
        {
            var known = await RubricCatalog.KeysAsync(db, current, ct);
            var unknown = dimensions.Where(d => !known.Contains(d, StringComparer.Ordinal)).ToList();
            return unknown.Count == 0 ? null : new UnknownDimensions(unknown, known);
        }

        /// <summary>As <see cref="CheckAsync(CredibilityDbContext, IReadOnlyList{string}, CancellationToken)"/>, for one dimension.</summary>
        public static Task<UnknownDimensions?> CheckAsync(CredibilityDbContext db, string dimension, CancellationToken ct) =>
            CheckAsync(db, [dimension], ct);

        /// <summary>The answer's detail: "Unknown dimension 'SLANT'. Valid: factual_accuracy, slant, ...".</summary>
        public string Detail =>
            $"Unknown dimension{(Unknown.Count == 1 ? "" : "s")} {string.Join(", ", Unknown.Select(u => $"'{u}'"))}. Valid: {string.Join(", ", Valid ?? [])}.";
    }

    /// <summary>The window would span more buckets than the report draws.</summary>
    public sealed record TooManyBuckets(int Max) : Refusal;
}

/// <summary>A report, or the refusal that stopped it: exactly one is set.</summary>
public sealed class ReportResult<T>
    where T : class
{
    private ReportResult(T? report, Refusal? refusal, long rollupsPending = 0) => (Report, Refusal, RollupsPending) = (report, refusal, rollupsPending);

    public T? Report { get; }

    public Refusal? Refusal { get; }

    /// <summary>
    /// Rating changes acknowledged before the read that the report does not include: still queued for the rollups when
    /// the read's wait for them ran out (<see cref="RollupApplier.WaitUntilCurrentAsync"/>). 0 when the rollups were current.
    /// </summary>
    public long RollupsPending { get; }

    /// <summary>A report read from rollups that missed <paramref name="rollupsPending"/> queued changes (0: none).</summary>
    public static ReportResult<T> Of(T report, long rollupsPending) => new(report, null, rollupsPending);

    /// <summary>The report, once the endpoint has answered every refusal it knows; a refusal left unanswered is a bug.</summary>
    public T GetReport() => Report ?? throw new InvalidOperationException($"The report was refused ({Refusal}) and the refusal was not answered.");

    public static implicit operator ReportResult<T>(T report) => new(report, null);

    public static implicit operator ReportResult<T>(Refusal refusal) => new(null, refusal);
}

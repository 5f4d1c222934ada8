using CredibilityApi.Data;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation.Read;

/// <summary>One annotator's stored leniency estimate on the dimension, with their name.</summary>
public sealed record AnnotatorLeniency(AnnotatorLeniencyEstimate Estimate, string AnnotatorName);

/// <summary>
/// One page, in annotator id order, of methodology v2's leniency estimates on a dimension, with the stored fit they
/// come from (its variance components and when it was computed).
/// </summary>
public sealed record LeniencyReport(string Dimension, string MethodologyVersion, DimensionV2 Fit, IReadOnlyList<AnnotatorLeniency> Page, bool HasMore)
{
    /// <summary>The page of <paramref name="limit"/> annotators after <paramref name="after"/> (null: from the first).</summary>
    public static async Task<ReportResult<LeniencyReport>> BuildAsync(
        CredibilityDbContext db, string dimension, string? after, int limit, CancellationToken ct)
    {
        if (await Refusal.UnknownDimensions.CheckAsync(db, dimension, ct) is { } unknown)
        {
            return unknown;
        }

        var page = await db.AnnotatorLeniencies.AsNoTracking()
            .Where(l => l.Dimension == dimension && (after == null || string.Compare(l.AnnotatorId, after) > 0))
            .OrderBy(l => l.AnnotatorId)
            .Take(limit + 1)
            .Join(db.Accounts, l => l.AnnotatorId, a => a.Id, (l, a) => new { Leniency = l, a.Name })
            .ToListAsync(ct);
        var fit = (await V2Model.StoredAsync(db, [dimension], null, default, default, ct))[dimension];
        return new LeniencyReport(
            dimension,
            Methodology.V2.Version,
            fit,
            page.Take(limit).Select(x => new AnnotatorLeniency(x.Leniency, x.Name)).ToList(),
            page.Count > limit);
    }
}

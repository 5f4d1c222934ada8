using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation.Read;

/// <summary>A count and its share of the whole; the share null when the whole is empty.</summary>
public sealed record Portion(int Count, double? Share);

/// <summary>
/// The verdicted claims (at least one current verdict), those whose plurality verdict ties (for display), and the
/// misleading-or-false share of all of them, with its Wilson 95% interval (<see cref="VerdictShares"/>).
/// </summary>
public sealed record VerdictTally(int VerdictedClaims, int WithoutConsensus, Proportion MisleadingOrFalse);

/// <summary>How many framing notes name one technique.</summary>
public sealed record TechniqueTally(string Technique, int Count);

/// <summary>Framing notes over the outlet's articles in the window, by technique (most used first, ties by name).</summary>
public sealed record FramingTally(int Articles, int FramingNotes, double? NotesPerArticle, IReadOnlyList<TechniqueTally> ByTechnique);

/// <summary>
/// An outlet's claims over a window, by article publication: the attribution mix, the verdicts' consensus and the
/// framing notes. Only current annotations count (not retracted, not hidden).
/// </summary>
public sealed record ClaimsSummaryReport(
    string OutletId,
    DateOnly From,
    DateOnly To,
    int Claims,
    int Annotators,
    IReadOnlyDictionary<AttributionClass, Portion> Attribution,
    VerdictTally Verdicts,
    FramingTally Framing,
    string MethodologyVersion,
    DateTime ComputedAt)
{
    public static async Task<ReportResult<ClaimsSummaryReport>> BuildAsync(
        CredibilityDbContext db, string outletId, DateOnly? from, DateOnly? to, DateTime now, CancellationToken ct)
    {
        if (!await db.Outlets.AnyAsync(o => o.Id == outletId, ct))
        {
            return new Refusal.UnknownOutlet(outletId);
        }

        var window = Window.Resolve(from, to, now);
        var start = window.From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = window.To.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        var classes = await db.Claims.AsNoTracking()
            .Where(c => c.OutletId == outletId && c.ArticlePublishedAt >= start && c.ArticlePublishedAt < end)
            .GroupBy(c => c.AttributionClass)
            .Select(g => new { Class = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Class, x => x.Count, ct);
        var claims = classes.Values.Sum();
        var attribution = Enum.GetValues<AttributionClass>().ToDictionary(
            c => c,
            c => new Portion(classes.GetValueOrDefault(c), claims == 0 ? null : (double)classes.GetValueOrDefault(c) / claims));

        // Verdict and framing counts are grouped by the database over the (outlet, kind, published) index.
        var verdicts = await db.Annotations.AsNoTracking()
            .Where(a => a.OutletId == outletId && a.Kind == AnnotationKind.Provenance && a.TargetType == TargetType.Claim
                        && a.Verdict != null && a.Status == AnnotationStatus.Active && !a.Hidden
                        && a.ArticlePublishedAt >= start && a.ArticlePublishedAt < end)
            .GroupBy(a => new { a.ClaimId, a.Verdict })
            .Select(g => new { g.Key.ClaimId, g.Key.Verdict, Count = g.Count() })
            .ToListAsync(ct);
        var annotators = await db.Annotations.AsNoTracking()
            .Where(a => a.OutletId == outletId && ((a.Kind == AnnotationKind.Provenance && a.Verdict != null) || a.Kind == AnnotationKind.Framing)
                        && a.Status == AnnotationStatus.Active && !a.Hidden && a.ArticlePublishedAt >= start && a.ArticlePublishedAt < end)
            .Select(a => a.AuthorId)
            .Distinct()
            .CountAsync(ct);
        var share = VerdictShares.Of(
            verdicts.GroupBy(v => v.ClaimId).Select(g => (IReadOnlyCollection<Verdict>)g.SelectMany(v => Enumerable.Repeat(v.Verdict!.Value, v.Count)).ToList()),
            Domain.Verdicts.IsMisleadingOrFalse);

        var framing = await db.Annotations.AsNoTracking()
            .Where(a => a.OutletId == outletId && a.Kind == AnnotationKind.Framing && a.Status == AnnotationStatus.Active && !a.Hidden
                        && a.ArticlePublishedAt >= start && a.ArticlePublishedAt < end)
            .GroupBy(a => a.Technique)
            .Select(g => new { Technique = g.Key!, Count = g.Count() })
            .ToListAsync(ct);
        var articles = await db.Articles.CountAsync(a => a.OutletId == outletId && a.PublishedAt >= start && a.PublishedAt < end, ct);
        var notes = framing.Sum(f => f.Count);

        return new ClaimsSummaryReport(
            outletId,
            window.From,
            window.To,
            claims,
            annotators,
            attribution,
            new VerdictTally(share.VerdictedClaims, share.Ties, share.Share),
            new FramingTally(
                articles,
                notes,
                articles == 0 ? null : (double)notes / articles,
                framing.OrderByDescending(f => f.Count).ThenBy(f => f.Technique, StringComparer.Ordinal).Select(f => new TechniqueTally(f.Technique, f.Count)).ToList()),
            Methodology.Default.Version,
            now);
    }
}

using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation.Read;

/// <summary>
/// What agreement is asked for: one dimension (null: every dimension of the current rubric), one outlet (null:
/// all), the window (null: the year up to tomorrow), whether to add alpha for every pair of annotators, and whether
/// to count only annotations made blind in study campaigns.
/// </summary>
public sealed record AgreementQuery(string? Dimension, string? OutletId, DateOnly? From, DateOnly? To, bool ByAnnotatorPair, bool BlindOnly = false)
{
    /// <summary>Only the annotations of this study campaign (see <see cref="CampaignScopes"/>).</summary>
    public string? CampaignId { get; init; }
}

/// <summary>Alpha between two annotators over the articles both rated.</summary>
public sealed record PairAgreement(string AnnotatorA, string AnnotatorB, int SharedArticles, double? Alpha);

/// <summary>Alpha (interval) on one dimension with the counts behind it; the pairs only when asked for.</summary>
public sealed record DimensionAgreement(string Dimension, Alpha Alpha, int Articles, int Ratings, int Annotators, IReadOnlyList<PairAgreement>? Pairs);

/// <summary>
/// Inter-annotator agreement over a window: per dimension from the rollups, and on claim verdicts and on the
/// technique given to the same span (nominal metric) from the current annotations.
/// </summary>
public sealed record AgreementReport(
    string? OutletId,
    DateOnly From,
    DateOnly To,
    string MethodologyVersion,
    DateTime ComputedAt,
    IReadOnlyList<DimensionAgreement> Dimensions,
    Alpha Verdicts,
    Alpha Techniques,
    bool BlindOnly = false)
{
    public static async Task<ReportResult<AgreementReport>> BuildAsync(
        CredibilityDbContext db, RollupApplier rollups, AgreementQuery query, DateTime now, CancellationToken ct, ScoreComputations? computations = null)
    {
        if (query.OutletId is not null && !await db.Outlets.AnyAsync(o => o.Id == query.OutletId, ct))
        {
            return new Refusal.UnknownOutlet(query.OutletId);
        }

        var current = await db.RubricVersions.MaxAsync(r => r.Version, ct);
        var dimensions = query.Dimension is not null
            ? [query.Dimension]
            : await db.RubricDimensions.AsNoTracking().Where(d => d.RubricVersion == current).OrderBy(d => d.Key).Select(d => d.Key).ToListAsync(ct);
        if (query.Dimension is not null && await Refusal.UnknownDimensions.CheckAsync(db, query.Dimension, ct) is { } unknown)
        {
            return unknown;
        }

        if (query.CampaignId is not null && !await db.Campaigns.AnyAsync(c => c.Id == query.CampaignId, ct))
        {
            return new Refusal.UnknownCampaign(query.CampaignId);
        }

        var (from, to) = Window.Resolve(query.From, query.To, now);
        if (query.CampaignId is not null || query.BlindOnly)
        {
            // Computed from the annotations themselves, in one of the node's computation slots (ScoreComputations).
            using var annotationsSlot = await ScoreComputations.EnterAsync(computations, ct);
            return await FromAnnotationsAsync(db, query, dimensions, from, to, now, ct);
        }

        var pending = await rollups.WaitUntilCurrentAsync(db, ct);
        // Computed in one of the node's computation slots (ScoreComputations).
        using var slot = await ScoreComputations.EnterAsync(computations, ct);
        var days = db.OutletDayStats.AsNoTracking().Where(s => dimensions.Contains(s.Dimension) && s.Day >= from && s.Day < to);
        days = query.OutletId is { } outletId ? days.Where(s => s.OutletId == outletId) : days;
        var sums = await days
            .GroupBy(s => s.Dimension)
            .Select(g => new
            {
                Dimension = g.Key,
                Articles = g.Sum(s => s.Articles),
                Ratings = g.Sum(s => s.Ratings),
                Values = g.Sum(s => s.PairableValues),
                Units = g.Sum(s => s.PairableUnits),
                Sum = g.Sum(s => s.PairableSum),
                Squares = g.Sum(s => s.PairableSumSquares),
                Observed = g.Sum(s => s.ObservedDisagreement),
            })
            .ToDictionaryAsync(x => x.Dimension, ct);

        var raters = db.OutletDayAnnotators.AsNoTracking().Where(s => dimensions.Contains(s.Dimension) && s.Day >= from && s.Day < to);
        raters = query.OutletId is { } ro ? raters.Where(s => s.OutletId == ro) : raters;
        var annotators = await raters.GroupBy(s => s.Dimension)
            .Select(g => new { Dimension = g.Key, Count = g.Select(s => s.AnnotatorId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Dimension, x => x.Count, ct);

        var result = new List<DimensionAgreement>();
        foreach (var dimension in dimensions)
        {
            var alpha = sums.TryGetValue(dimension, out var s)
                ? Krippendorff.FromSums(new Krippendorff.IntervalSums(s.Values, s.Units, s.Sum, s.Squares, s.Observed))
                : new Alpha(null, 0, 0);
            result.Add(new DimensionAgreement(
                dimension,
                alpha,
                sums.TryGetValue(dimension, out var c) ? c.Articles : 0,
                sums.TryGetValue(dimension, out var r) ? r.Ratings : 0,
                annotators.GetValueOrDefault(dimension),
                query.ByAnnotatorPair ? await PairsAsync(db, dimension, query.OutletId, from, to, ct) : null));
        }

        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var verdictRows = db.Annotations.AsNoTracking()
            .Where(a => a.Kind == AnnotationKind.Provenance && a.TargetType == TargetType.Claim && a.Verdict != null
                        && a.Status == AnnotationStatus.Active && !a.Hidden && a.ArticlePublishedAt >= start && a.ArticlePublishedAt < end);
        verdictRows = query.OutletId is { } o ? verdictRows.Where(a => a.OutletId == o) : verdictRows;
        var verdicts = await verdictRows.Select(a => new { a.ClaimId, Verdict = a.Verdict!.Value }).ToListAsync(ct);
        var verdictAlpha = Krippendorff.Nominal(verdicts.GroupBy(v => v.ClaimId).Select(g => (IReadOnlyList<Verdict>)g.Select(v => v.Verdict).ToList()));

        var spanRows = db.Annotations.AsNoTracking()
            .Where(a => a.Kind == AnnotationKind.Framing && a.SpanStart != null && a.Status == AnnotationStatus.Active && !a.Hidden
                        && a.ArticlePublishedAt >= start && a.ArticlePublishedAt < end);
        spanRows = query.OutletId is { } so ? spanRows.Where(a => a.OutletId == so) : spanRows;
        var spans = await spanRows.Select(a => new { a.ArticleId, a.SpanStart, a.SpanEnd, Technique = a.Technique! }).ToListAsync(ct);
        var techniqueAlpha = Krippendorff.Nominal(spans.GroupBy(x => (x.ArticleId, x.SpanStart, x.SpanEnd)).Select(g => (IReadOnlyList<string>)g.Select(x => x.Technique).ToList()));

        return ReportResult<AgreementReport>.Of(new AgreementReport(query.OutletId, from, to, Methodology.Default.Version, now, result, verdictAlpha, techniqueAlpha), pending);
    }

    /// <summary>
    /// Agreement over one campaign's annotations, or over the annotations made blind (or both). The rollups know
    /// neither, so this reads those current annotations: bounded sets (a campaign's items × k × dimensions; blind
    /// annotations exist only in campaigns and are found through the (CampaignId, ArticleId) index), computed with
    /// the same estimator.
    /// </summary>
    private static async Task<AgreementReport> FromAnnotationsAsync(
        CredibilityDbContext db, AgreementQuery query, IReadOnlyList<string> dimensions, DateOnly from, DateOnly to, DateTime now, CancellationToken ct)
    {
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var scoped = CampaignScopes.Subset(db, query.CampaignId, query.BlindOnly);
        scoped = scoped.Where(a => a.ArticlePublishedAt >= start && a.ArticlePublishedAt < end);
        scoped = query.OutletId is { } outletId ? scoped.Where(a => a.OutletId == outletId) : scoped;
        var ratings = await scoped
            .Where(a => a.Kind == AnnotationKind.Rating && a.Value != null && dimensions.Contains(a.Dimension!))
            .Select(a => new { a.ArticleId, a.AuthorId, a.Dimension, Value = a.Value!.Value })
            .ToListAsync(ct);
        var result = new List<DimensionAgreement>();
        foreach (var dimension in dimensions)
        {
            var rows = ratings.Where(r => r.Dimension == dimension).ToList();
            var alpha = Krippendorff.Interval(rows.GroupBy(r => r.ArticleId).Select(g => (IReadOnlyList<double>)g.Select(r => r.Value).ToList()));
            IReadOnlyList<PairAgreement>? pairs = null;
            if (query.ByAnnotatorPair)
            {
                var byAuthor = rows.GroupBy(r => r.AuthorId).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.ArticleId!, r => r.Value));
                pairs = Pairs(byAuthor);
            }

            result.Add(new DimensionAgreement(
                dimension, alpha, rows.Select(r => r.ArticleId).Distinct().Count(), rows.Count, rows.Select(r => r.AuthorId).Distinct().Count(), pairs));
        }

        var verdicts = await scoped
            .Where(a => a.Kind == AnnotationKind.Provenance && a.TargetType == TargetType.Claim && a.Verdict != null)
            .Select(a => new { a.ClaimId, Verdict = a.Verdict!.Value })
            .ToListAsync(ct);
        var verdictAlpha = Krippendorff.Nominal(verdicts.GroupBy(v => v.ClaimId).Select(g => (IReadOnlyList<Verdict>)g.Select(v => v.Verdict).ToList()));
        var spans = await scoped
            .Where(a => a.Kind == AnnotationKind.Framing && a.SpanStart != null)
            .Select(a => new { a.ArticleId, a.SpanStart, a.SpanEnd, Technique = a.Technique! })
            .ToListAsync(ct);
        var techniqueAlpha = Krippendorff.Nominal(spans.GroupBy(x => (x.ArticleId, x.SpanStart, x.SpanEnd)).Select(g => (IReadOnlyList<string>)g.Select(x => x.Technique).ToList()));
        return new AgreementReport(query.OutletId, from, to, Methodology.Default.Version, now, result, verdictAlpha, techniqueAlpha, query.BlindOnly);
    }

    /// <summary>Pairwise alpha needs who gave which value, which the rollups do not keep: read the current ratings of the window.</summary>
    private static async Task<IReadOnlyList<PairAgreement>> PairsAsync(
        CredibilityDbContext db, string dimension, string? outletId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var ratings = db.Annotations.AsNoTracking()
            .Where(a => a.Kind == AnnotationKind.Rating && a.Dimension == dimension && a.Status == AnnotationStatus.Active && !a.Hidden
                        && a.ArticlePublishedAt >= start && a.ArticlePublishedAt < end);
        ratings = outletId is null ? ratings : ratings.Where(a => a.OutletId == outletId);
        var rows = await ratings.Select(a => new { a.ArticleId, a.AuthorId, Value = a.Value!.Value }).ToListAsync(ct);
        var byAuthor = rows.GroupBy(r => r.AuthorId).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.ArticleId!, r => r.Value));
        return Pairs(byAuthor);
    }

    /// <summary>Alpha for every pair of annotators over the articles both rated.</summary>
    private static List<PairAgreement> Pairs(Dictionary<string, Dictionary<string, double>> byAuthor)
    {
        var authors = byAuthor.Keys.Order(StringComparer.Ordinal).ToList();
        var pairs = new List<PairAgreement>();
        for (var i = 0; i < authors.Count; i++)
        {
            for (var j = i + 1; j < authors.Count; j++)
            {
                var a = byAuthor[authors[i]];
                var b = byAuthor[authors[j]];
                var shared = a.Keys.Where(b.ContainsKey).ToList();
                if (shared.Count == 0)
                {
                    continue;
                }

                var alpha = Krippendorff.Interval(shared.Select(k => (IReadOnlyList<double>)[a[k], b[k]]));
                pairs.Add(new PairAgreement(authors[i], authors[j], shared.Count, alpha.Value));
            }
        }

        return pairs;
    }
}

using System.Globalization;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation;

/// <summary>One current rating with what v2 groups it by.</summary>
public sealed record RatingRow(string ArticleId, string AnnotatorId, string OutletId, DateTime PublishedAt, double Value);

/// <summary>What methodology v2 needs of one dimension: the fit, the dimension's range, and the stored bucket priors.</summary>
public sealed record DimensionV2(string Dimension, LeniencyFit Fit, double Range, DateTime? ComputedAt, IReadOnlyDictionary<(Bucket Bucket, DateOnly Start), SdPosterior> Priors);

/// <summary>
/// Methodology v2 over a set of current ratings: the long-window fit and the priors of calendar buckets. The
/// background refit (<see cref="V2Refitter"/>) and asOf reads both come through here, so they cannot disagree.
/// Ratings are sorted first: the same ratings in any order give the same numbers.
/// </summary>
public static class V2Model
{
    public static LeniencyFit Fit(IReadOnlyCollection<RatingRow> ratings, double range, MethodologyOptions options)
    {
        // One group string per outlet-month (a few thousand), not one per rating (some 200,000 per dimension in a
        // million-rating history): the refit's memory is the rows, not copies of their keys.
        var groups = new Dictionary<(string OutletId, int Year, int Month), string>();
        string GroupOf(RatingRow r)
        {
            var key = (r.OutletId, r.PublishedAt.Year, r.PublishedAt.Month);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = Group(r);
            }

            return group;
        }

        return LeniencyModel.Fit(ratings.Select(r => new RatingObservation(r.ArticleId, r.AnnotatorId, r.Value, GroupOf(r))).ToList(), range, options);
    }

    /// <summary>The outlet-month an article's score is compared within, for the article variance.</summary>
    public static string Group(RatingRow r) => string.Create(CultureInfo.InvariantCulture, $"{r.OutletId}|{r.PublishedAt:yyyy-MM}");

    /// <summary>The priors of every bucket of the given kinds that has a rated article (and, if given, starts in [from, to)).</summary>
    public static IEnumerable<(Bucket Bucket, DateOnly Start, SdPosterior Prior)> Priors(
        IReadOnlyCollection<RatingRow> ratings, LeniencyFit fit, double range, MethodologyOptions options, IEnumerable<Bucket> kinds, DateOnly? from = null, DateOnly? to = null)
    {
        if (fit.Unavailable is not null)
        {
            yield break;
        }

        var articles = ratings
            .GroupBy(r => r.ArticleId, StringComparer.Ordinal)
            .Select(g => (g.First().OutletId, Day: DateOnly.FromDateTime(g.First().PublishedAt), ArticleId: g.Key,
                Ratings: (IReadOnlyList<(string, double)>)g.OrderBy(r => r.AnnotatorId, StringComparer.Ordinal).Select(r => (r.AnnotatorId, r.Value)).ToList()))
            .OrderBy(a => a.ArticleId, StringComparer.Ordinal)
            .ToList();
        foreach (var kind in kinds)
        {
            foreach (var bucket in articles.GroupBy(a => Buckets.StartOf(a.Day, kind)).OrderBy(g => g.Key))
            {
                if ((from is { } f && bucket.Key < f) || (to is { } t && bucket.Key >= t))
                {
                    continue;
                }

                var units = bucket
                    .GroupBy(a => a.OutletId, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => ScoringV2.Unit(OutletUnitSums.Of(g.Select(a => a.Ratings)), fit))
                    .OfType<OutletUnit>()
                    .ToList();
                if (ScoringV2.Prior(units, range, options) is { } prior)
                {
                    yield return (kind, bucket.Key, prior);
                }
            }
        }
    }

    /// <summary>Every current rating on a dimension, for the refit: reads the annotations, so it runs in the background only.</summary>
    public static async Task<List<RatingRow>> CurrentRatingsAsync(CredibilityDbContext db, string dimension, CancellationToken ct)
    {
        // Streamed, with the ids shared: a dimension of a million-rating history has some 200,000 ratings but only
        // thousands of articles and tens of annotators and outlets, so one string per distinct id (instead of three
        // per row, and a second list of anonymous rows) keeps the refit's memory to the rows themselves.
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(string id)
        {
            if (ids.TryGetValue(id, out var shared))
            {
                return shared;
            }

            ids[id] = id;
            return id;
        }

        var ratings = new List<RatingRow>();
        await foreach (var a in db.Annotations.AsNoTracking()
                           .Where(a => a.Kind == AnnotationKind.Rating && a.Dimension == dimension && a.Status == AnnotationStatus.Active && !a.Hidden
                                       && a.ArticleId != null && a.ArticlePublishedAt != null && a.Value != null)
                           .Select(a => new { a.ArticleId, a.AuthorId, a.OutletId, a.ArticlePublishedAt, a.Value })
                           .AsAsyncEnumerable()
                           .WithCancellation(ct))
        {
            ratings.Add(new RatingRow(Shared(a.ArticleId!), Shared(a.AuthorId), Shared(a.OutletId), a.ArticlePublishedAt!.Value, a.Value!.Value));
        }

        return ratings;
    }

    /// <summary>Each dimension's range (max − min), from the newest rubric version that defines it.</summary>
    public static async Task<Dictionary<string, double>> RangesAsync(CredibilityDbContext db, CancellationToken ct) =>
        (await db.RubricDimensions.AsNoTracking().Select(d => new { d.Key, d.RubricVersion, d.Min, d.Max }).ToListAsync(ct))
        .GroupBy(d => d.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.MaxBy(d => d.RubricVersion)!.Max - g.MaxBy(d => d.RubricVersion)!.Min, StringComparer.Ordinal);

    /// <summary>
    /// The stored v2 state of some dimensions, with the priors of the buckets of one kind starting in [from, to):
    /// one row per dimension, one per annotator and one per bucket. A dimension never fitted gets a fit that says so.
    /// With <paramref name="only"/>, only the priors of those (dimension, bucket start)s are read: a series needs
    /// the prior of a bucket only where the outlet has rated articles (<see cref="ScoreInputs.OutletBuckets"/>),
    /// and each prior is a grid of some 50 points, so this reads a fraction of the rows' bytes.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, DimensionV2>> StoredAsync(
        CredibilityDbContext db, IReadOnlyCollection<string> dimensions, Bucket? bucket, DateOnly from, DateOnly to, CancellationToken ct,
        IReadOnlyCollection<(string Dimension, DateOnly Start)>? only = null)
    {
        var ranges = await RangesAsync(db, ct);
        var fits = await db.DimensionFits.AsNoTracking().Where(f => dimensions.Contains(f.Dimension)).ToListAsync(ct);
        var leniencies = (await db.AnnotatorLeniencies.AsNoTracking().Where(l => dimensions.Contains(l.Dimension)).ToListAsync(ct))
            .ToLookup(l => l.Dimension, StringComparer.Ordinal);
        var starts = only?.Select(o => o.Start).Distinct().Order().ToList();
        var priors = bucket is not { } kind
            ? []
            : starts is null
                ? await db.BucketPriorsV2.AsNoTracking()
                    .Where(p => dimensions.Contains(p.Dimension) && p.Bucket == kind && p.Start >= from && p.Start < to)
                    .ToListAsync(ct)
                : await db.BucketPriorsV2.AsNoTracking()
                    .Where(p => dimensions.Contains(p.Dimension) && p.Bucket == kind && p.Start >= from && p.Start < to && starts.Contains(p.Start))
                    .ToListAsync(ct);
        if (only is not null)
        {
            var wanted = only.ToHashSet();
            priors = priors.Where(p => wanted.Contains((p.Dimension, p.Start))).ToList();
        }

        var priorsOf = priors.ToLookup(p => p.Dimension, StringComparer.Ordinal);
        return dimensions.ToDictionary(d => d, d =>
        {
            var row = fits.FirstOrDefault(f => f.Dimension == d);
            var fit = row?.ComputedAt is null
                ? LeniencyFit.Empty with { Unavailable = NotYetFitted }
                : new LeniencyFit(
                    leniencies[d].ToDictionary(l => l.AnnotatorId, l => l.ToScoring(), StringComparer.Ordinal),
                    row.NoiseVariance, row.ArticleVariance, row.LeniencyVariance, row.SharedVariance,
                    row.Ratings, row.Articles, row.OverlappingArticles, row.Unavailable);
            return new DimensionV2(d, fit, ranges.GetValueOrDefault(d, 100), row?.ComputedAt,
                priorsOf[d].ToDictionary(p => (p.Bucket, p.Start), p => BucketPriorV2.Unpack(p.Grid, p.Outlets)));
        }, StringComparer.Ordinal);
    }

    /// <summary>The v2 state of some dimensions computed from the ratings as they stood at an instant (for asOf).</summary>
    public static IReadOnlyDictionary<string, DimensionV2> FromRatings(
        ILookup<string, RatingRow> ratingsByDimension, IReadOnlyCollection<string> dimensions,
        IReadOnlyDictionary<string, double> ranges, Bucket bucket, DateOnly from, DateOnly to, MethodologyOptions options) =>
        dimensions.ToDictionary(d => d, d =>
        {
            var mine = ratingsByDimension[d].ToList();
            var range = ranges.GetValueOrDefault(d, 100);
            var fit = Fit(mine, range, options);
            var priors = Priors(mine, fit, range, options, [bucket], from, to).ToDictionary(p => (p.Bucket, p.Start), p => p.Prior);
            return new DimensionV2(d, fit, range, null, priors);
        }, StringComparer.Ordinal);

    public const string NotYetFitted =
        "Annotator leniencies and variance components for this dimension have not been estimated yet; they are refreshed in the background within seconds of a change.";
}

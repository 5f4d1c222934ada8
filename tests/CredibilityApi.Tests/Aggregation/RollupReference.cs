using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// The rollups recomputed straight from the raw annotation rows, written independently of the maintenance
/// code, and compared with what is stored. Shared by the random-write and the crash tests, so a change to
/// how the rollups are kept is absorbed in one place.
/// </summary>
public static class RollupReference
{
    /// <summary>Fails unless the stored rollups of <paramref name="outletId"/> (and the priors of every bucket around its days) equal a recomputation.</summary>
    public static async Task AssertMatchesAsync(CredibilityDbContext db, string outletId)
    {
        // The reference: straight from the annotation rows, written independently of the maintenance code.
        var raw = await db.Annotations.AsNoTracking()
            .Where(a => a.OutletId == outletId && a.Kind == CredibilityApi.Domain.AnnotationKind.Rating)
            .ToListAsync();
        var current = raw.Where(a => a.Status == CredibilityApi.Domain.AnnotationStatus.Active && !a.Hidden).ToList();
        var expectedArticles = current
            .GroupBy(a => (a.ArticleId!, a.Dimension!))
            .ToDictionary(g => g.Key, g => (Count: g.Count(), Sum: g.Sum(a => a.Value!.Value), Squares: g.Sum(a => a.Value!.Value * a.Value!.Value)));
        var expectedDays = current
            .GroupBy(a => (a.Dimension!, DateOnly.FromDateTime(a.ArticlePublishedAt!.Value)))
            .ToDictionary(g => g.Key, g =>
            {
                var scores = g.GroupBy(a => a.ArticleId).Select(u => u.Average(a => a.Value!.Value)).ToList();
                var units = g.GroupBy(a => a.ArticleId).Select(u => u.Select(a => a.Value!.Value).ToList()).Where(u => u.Count >= 2).ToList();
                var observed = units.Sum(u => u.SelectMany(x => u, (x, y) => (x - y) * (x - y)).Sum() / (u.Count - 1));

                // Every rating of an article holds 1/k of its score, k the article's ratings that day.
                var shares = g.GroupBy(a => a.ArticleId).SelectMany(u => u.Select(a => (a.AuthorId, Share: 1.0 / u.Count()))).ToList();
                return (Articles: scores.Count, ScoreSum: scores.Sum(), Ratings: g.Count(), Pairable: units.Sum(u => u.Count),
                    Observed: observed, InverseRatings: g.GroupBy(a => a.ArticleId).Sum(u => 1.0 / u.Count()),
                    Annotators: shares.GroupBy(s => s.AuthorId).Select(s => (Id: s.Key, Weight: s.Sum(x => x.Share))).OrderBy(s => s.Id, StringComparer.Ordinal).ToList());
            });

        var articleRows = await db.ArticleDimensionStats.AsNoTracking().Where(s => s.OutletId == outletId).ToListAsync();
        articleRows.Select(r => (r.ArticleId, r.Dimension)).Order().ShouldBe(expectedArticles.Keys.Order());
        foreach (var row in articleRows)
        {
            var e = expectedArticles[(row.ArticleId, row.Dimension)];
            row.Ratings.ShouldBe(e.Count);
            row.Sum.ShouldBe(e.Sum, 1e-9);
            row.SumSquares.ShouldBe(e.Squares, 1e-6);
        }

        var dayRows = await db.OutletDayStats.AsNoTracking().Where(s => s.OutletId == outletId).ToListAsync();
        dayRows.Select(r => (r.Dimension, r.Day)).Order().ShouldBe(expectedDays.Keys.Order());
        foreach (var row in dayRows)
        {
            var e = expectedDays[(row.Dimension, row.Day)];
            row.Articles.ShouldBe(e.Articles);
            row.ScoreSum.ShouldBe(e.ScoreSum, 1e-9);
            row.Ratings.ShouldBe(e.Ratings);
            row.PairableValues.ShouldBe(e.Pairable);
            row.ObservedDisagreement.ShouldBe(e.Observed, 1e-6);
            row.InverseRatingsSum.ShouldBe(e.InverseRatings, 1e-9);
            var annotators = (await db.OutletDayAnnotators.AsNoTracking()
                    .Where(a => a.OutletId == outletId && a.Dimension == row.Dimension && a.Day == row.Day)
                    .ToListAsync())
                .OrderBy(a => a.AnnotatorId, StringComparer.Ordinal)
                .ToList();
            annotators.Select(a => a.AnnotatorId).ShouldBe(e.Annotators.Select(a => a.Id));
            for (var i = 0; i < annotators.Count; i++)
            {
                annotators[i].Weight.ShouldBe(e.Annotators[i].Weight, 1e-9, $"weight of annotator {annotators[i].AnnotatorId} on {row.Dimension} {row.Day}");
            }

            annotators.Sum(a => a.Weight).ShouldBe(row.Articles, 1e-9);
        }

        // The stored prior of every bucket, of every kind, around the outlet's days: against every outlet's
        // current ratings in the bucket, straight from the annotation rows.
        var touched = raw.Select(a => (Dimension: a.Dimension!, Day: DateOnly.FromDateTime(a.ArticlePublishedAt!.Value))).Distinct().ToList();
        foreach (var (dimension, day) in touched)
        {
            foreach (var bucket in Enum.GetValues<CredibilityApi.Aggregation.Bucket>())
            {
                var start = Buckets.StartOf(day, bucket);
                var from = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                var until = Buckets.Next(start, bucket).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                var ratings = await db.Annotations.AsNoTracking()
                    .Where(a => a.Kind == CredibilityApi.Domain.AnnotationKind.Rating && a.Dimension == dimension
                                && a.Status == CredibilityApi.Domain.AnnotationStatus.Active && !a.Hidden
                                && a.ArticlePublishedAt >= from && a.ArticlePublishedAt < until)
                    .Select(a => new { a.OutletId, a.ArticleId, a.Value })
                    .ToListAsync();
                var outlets = ratings
                    .GroupBy(a => a.OutletId)
                    .Select(o => CredibilityApi.Scoring.Moments.Of(o.GroupBy(a => a.ArticleId).Select(u => u.Average(a => a.Value!.Value))))
                    .ToList();
                // This outlet's bucket row, which the prior is refreshed from.
                var own = ratings.Where(a => a.OutletId == outletId).GroupBy(a => a.ArticleId).Select(u => u.Average(a => a.Value!.Value)).ToList();
                var bucketRow = await db.OutletBucketStats.AsNoTracking()
                    .SingleOrDefaultAsync(s => s.Dimension == dimension && s.Bucket == bucket && s.Start == start && s.OutletId == outletId);
                if (own.Count == 0)
                {
                    bucketRow.ShouldBeNull();
                }
                else
                {
                    bucketRow.ShouldNotBeNull();
                    bucketRow.Articles.ShouldBe(own.Count);
                    bucketRow.ScoreSum.ShouldBe(own.Sum(), 1e-6);
                    bucketRow.ScoreSumSquares.ShouldBe(own.Sum(x => x * x), 1e-6);
                }

                var stored = await db.BucketPriors.AsNoTracking().SingleOrDefaultAsync(p => p.Dimension == dimension && p.Bucket == bucket && p.Start == start);
                if (outlets.Count == 0)
                {
                    stored.ShouldBeNull();
                    continue;
                }

                var expected = CredibilityApi.Scoring.EmpiricalBayes.EstimatePrior(outlets, CredibilityApi.Scoring.Methodology.V1.VarianceFloor);
                stored.ShouldNotBeNull();
                stored.Outlets.ShouldBe(expected.Outlets);
                stored.Mu.ShouldBe(expected.Mu, 1e-6);
                if (double.IsPositiveInfinity(expected.Tau2))
                {
                    stored.Tau2.ShouldBe(double.PositiveInfinity);
                }
                else
                {
                    stored.Tau2.ShouldBe(expected.Tau2, 1e-6);
                }
                stored.Sigma2.ShouldBe(expected.Sigma2, 1e-6);

                // The sums the prior is kept by (moved by each outlet row's change) are the sums over the outlets.
                var sums = outlets.Aggregate(default(CredibilityApi.Scoring.PriorSums), (total, o) => total + CredibilityApi.Scoring.PriorSums.Of(o));
                stored.Sums.Outlets.ShouldBe(sums.Outlets);
                stored.Sums.MeanSum.ShouldBe(sums.MeanSum, 1e-6);
                stored.Sums.MeanSquares.ShouldBe(sums.MeanSquares, 1e-6);
                stored.Sums.WithinDf.ShouldBe(sums.WithinDf);
                stored.Sums.WithinSquares.ShouldBe(sums.WithinSquares, 1e-6);
                stored.Sums.InverseArticles.ShouldBe(sums.InverseArticles, 1e-9);
            }
        }
    }
}

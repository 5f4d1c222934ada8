namespace CredibilityApi.Aggregation;

/// <summary>
/// The current ratings of one article on one dimension, summarised: the article's score is
/// <see cref="Sum"/> / <see cref="Ratings"/>, and the same sums are the article's contribution to
/// Krippendorff's alpha (a unit with <see cref="Ratings"/> values). Kept current in the transaction of
/// every rating change, so reads never scan raw annotations.
/// </summary>
public sealed class ArticleDimensionStats
{
    public string ArticleId { get; set; } = "";
    public string Dimension { get; set; } = "";
    public string OutletId { get; set; } = "";

    /// <summary>The article's publication instant: aggregates are bucketed by it.</summary>
    public DateTime PublishedAt { get; set; }

    /// <summary>The UTC day of <see cref="PublishedAt"/>, the grain of the outlet rollup.</summary>
    public DateOnly Day { get; set; }

    public int Ratings { get; set; }
    public double Sum { get; set; }
    public double SumSquares { get; set; }
}

/// <summary>
/// One outlet's rated articles of one UTC day on one dimension, as mergeable sums: the article
/// scores' count, sum and sum of squares, the ratings behind them, and the interval-alpha sums of the
/// day's units. Any window's statistics are the sum of its days.
/// </summary>
public sealed class OutletDayStats
{
    public string OutletId { get; set; } = "";
    public string Dimension { get; set; } = "";
    public DateOnly Day { get; set; }

    /// <summary>Rated articles.</summary>
    public int Articles { get; set; }

    public double ScoreSum { get; set; }
    public double ScoreSumSquares { get; set; }

    /// <summary>Current ratings behind the article scores.</summary>
    public int Ratings { get; set; }

    /// <summary>Values in units with two or more ratings (pairable for alpha).</summary>
    public int PairableValues { get; set; }

    public int PairableUnits { get; set; }
    public double PairableSum { get; set; }
    public double PairableSumSquares { get; set; }

    /// <summary>Σ over pairable units of (2·m·Σv² − 2·(Σv)²)/(m − 1): alpha's observed disagreement, unnormalised.</summary>
    public double ObservedDisagreement { get; set; }

    /// <summary>
    /// Σ over the day's rated articles of 1/k, k the article's current ratings: methodology v2 takes the noise
    /// part of an outlet mean's variance from it, σ²_noise · Σ 1/k / n² over the window's n articles, since an
    /// article's score averages k ratings and so carries σ²_noise / k of rating noise.
    /// </summary>
    public double InverseRatingsSum { get; set; }
}

/// <summary>Which annotators rated which outlet's articles of a day on a dimension: distinct counts over any window.</summary>
public sealed class OutletDayAnnotator
{
    public string OutletId { get; set; } = "";
    public string Dimension { get; set; } = "";
    public DateOnly Day { get; set; }
    public string AnnotatorId { get; set; } = "";

    /// <summary>
    /// The annotator's share of the day's article scores: Σ 1/k_a over the articles the annotator rated, k_a the
    /// article's current ratings; Σ over annotators = <see cref="OutletDayStats.Articles"/>.
    /// </summary>
    public double Weight { get; set; }
}

/// <summary>
/// The empirical-Bayes prior (methodology v1, step 3) of one calendar bucket on one dimension: estimated
/// from every outlet's rated articles in the bucket, exactly as a series would estimate it from the
/// outlet-day rows, from the <see cref="OutletBucketStats"/> of the bucket (one row per outlet), whenever
/// those change. A series then reads one row per bucket instead of every outlet's days in the window.
/// </summary>
public sealed class BucketPrior
{
    public string Dimension { get; set; } = "";
    public Bucket Bucket { get; set; }

    /// <summary>First day of the bucket (<see cref="Buckets.StartOf"/>).</summary>
    public DateOnly Start { get; set; }

    /// <summary>Outlets with a rated article in the bucket; there is no row when there are none.</summary>
    public int Outlets { get; set; }

    public double Mu { get; set; }
    public double Tau2 { get; set; }
    public double Sigma2 { get; set; }

    // The bucket's outlets as sums (Scoring.PriorSums, with Outlets): the prior moves by one outlet's change.
    public double MeanSum { get; set; }
    public double MeanSquares { get; set; }
    public double WithinDf { get; set; }
    public double WithinSquares { get; set; }
    public double InverseArticles { get; set; }

    /// <summary>The sums over the bucket's outlets that <see cref="Mu"/>, <see cref="Tau2"/> and <see cref="Sigma2"/> are estimated from.</summary>
    public Scoring.PriorSums Sums
    {
        get => new(Outlets, MeanSum, MeanSquares, WithinDf, WithinSquares, InverseArticles);
        set => (Outlets, MeanSum, MeanSquares, WithinDf, WithinSquares, InverseArticles) = ((int)value.Outlets, value.MeanSum, value.MeanSquares, value.WithinDf, value.WithinSquares, value.InverseArticles);
    }

    /// <summary>Takes the estimate's values.</summary>
    public BucketPrior Set(Scoring.Prior prior)
    {
        Outlets = prior.Outlets;
        Mu = prior.Mu;
        Tau2 = prior.Tau2;
        Sigma2 = prior.Sigma2;
        return this;
    }
}

/// <summary>
/// One outlet's article scores in one calendar bucket on one dimension: the sums of its day rows in the
/// bucket (<see cref="OutletDayStats"/>), so that refreshing a bucket's prior reads one row per outlet instead
/// of every outlet's days (a year holds thousands). There is no row for an outlet without rated articles in it.
/// </summary>
public sealed class OutletBucketStats
{
    public string Dimension { get; set; } = "";
    public Bucket Bucket { get; set; }

    /// <summary>First day of the bucket (<see cref="Buckets.StartOf"/>).</summary>
    public DateOnly Start { get; set; }

    public string OutletId { get; set; } = "";
    public int Articles { get; set; }
    public double ScoreSum { get; set; }
    public double ScoreSumSquares { get; set; }

    /// <summary>The outlet's article scores in the bucket, as the prior estimate takes them.</summary>
    public Scoring.Moments Scores => new(Articles, ScoreSum, ScoreSumSquares);
}

/// <summary>
/// A rating change not yet folded into the rollups: written in the same transaction as the change, so a
/// crash cannot lose it, and folded in by <see cref="RollupApplier"/> in batches, off the request path.
/// Reads of the rollups fold in whatever is pending first, so they never see a rating without its rollup.
/// </summary>
public sealed class PendingRollup
{
    public long Id { get; set; }
    public string ArticleId { get; set; } = "";
    public string Dimension { get; set; } = "";
}

namespace CredibilityApi.Scoring;

/// <summary>
/// The decayed score at an instant (methodology v1, step 4): a weighted mean of article scores with
/// weight 2^(−age/h), age in days. Articles published after the instant are left out: a score at t
/// uses only what had been published by t.
/// </summary>
public static class Decay
{
    public static double Weight(DateTime publishedAt, DateTime at, double halfLifeDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfLifeDays);
        return Math.Pow(2, -(at - publishedAt).TotalDays / halfLifeDays);
    }

    public static double? Score(IEnumerable<(DateTime PublishedAt, double Score)> articles, DateTime at, double halfLifeDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfLifeDays);
        var included = articles.Where(a => a.PublishedAt <= at).ToList();
        if (included.Count == 0)
        {
            return null;
        }

        // Weights relative to the newest article: the common factor 2^(−(at − newest)/h) cancels in the
        // mean, and the newest weighs 1, so old articles and short half-lives cannot underflow to 0/0.
        var newest = included.Max(a => a.PublishedAt);
        double weights = 0, sum = 0;
        foreach (var (publishedAt, score) in included)
        {
            var w = Math.Pow(2, -(newest - publishedAt).TotalDays / halfLifeDays);
            weights += w;
            sum += w * score;
        }

        return sum / weights;
    }

    /// <summary>
    /// The decayed score at each of a rising sequence of instants, in one pass over the articles: O(articles +
    /// instants) instead of <see cref="Score"/> at every instant, O(articles × instants). Articles published strictly
    /// before an instant count at it (as a series' bucket end, which is exclusive). A running weighted sum is kept
    /// relative to the newest article included so far; when a newer one arrives the sums are scaled down by
    /// 2^(−Δ/h) and the newcomer weighs 1, so the result equals <see cref="Score"/> up to rounding and cannot
    /// underflow to 0/0.
    /// </summary>
    /// <param name="articles">The articles in any order.</param>
    /// <param name="instants">Instants in ascending order.</param>
    /// <param name="halfLifeDays">The half-life h, in days.</param>
    public static double?[] ScoresBefore(IReadOnlyList<(DateTime PublishedAt, double Score)> articles, IReadOnlyList<DateTime> instants, double halfLifeDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfLifeDays);
        var ordered = articles.OrderBy(a => a.PublishedAt).ToArray();
        var result = new double?[instants.Count];
        double weights = 0, sum = 0;
        DateTime newest = default;
        var next = 0;
        for (var i = 0; i < instants.Count; i++)
        {
            if (i > 0 && instants[i] < instants[i - 1])
            {
                throw new ArgumentException("The instants must be in ascending order.", nameof(instants));
            }

            for (; next < ordered.Length && ordered[next].PublishedAt < instants[i]; next++)
            {
                var (publishedAt, score) = ordered[next];
                if (weights > 0 && publishedAt > newest)
                {
                    var scale = Math.Pow(2, -(publishedAt - newest).TotalDays / halfLifeDays);
                    weights *= scale;
                    sum *= scale;
                }

                if (weights == 0 || publishedAt > newest)
                {
                    newest = publishedAt;
                }

                // Ordered by time, so an article is never newer than 'newest' after the update above: its weight
                // relative to the newest is 2^(−(newest − publishedAt)/h), 1 for the newest itself.
                var w = Math.Pow(2, -(newest - publishedAt).TotalDays / halfLifeDays);
                weights += w;
                sum += w * score;
            }

            result[i] = weights > 0 ? sum / weights : null;
        }

        return result;
    }
}

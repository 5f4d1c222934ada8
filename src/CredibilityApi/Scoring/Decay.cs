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
}

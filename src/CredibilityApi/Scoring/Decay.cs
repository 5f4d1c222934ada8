namespace CredibilityApi.Scoring;

/// <summary>
/// The decayed score at an instant (methodology v1, step 4): a weighted mean of article scores with
/// weight 2^(−age/h), age in days. Articles published after the instant are left out: a score at t
/// uses only what had been published by t.
/// </summary>
public static class Decay
{
    public const double DefaultHalfLifeDays = 180;

    public static double Weight(DateTime publishedAt, DateTime at, double halfLifeDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfLifeDays);
        return Math.Pow(2, -(at - publishedAt).TotalDays / halfLifeDays);
    }

    public static double? Score(IEnumerable<(DateTime PublishedAt, double Score)> articles, DateTime at, double halfLifeDays = DefaultHalfLifeDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfLifeDays);
        double weights = 0, sum = 0;
        foreach (var (publishedAt, score) in articles)
        {
            if (publishedAt > at)
            {
                continue;
            }

            var w = Weight(publishedAt, at, halfLifeDays);
            weights += w;
            sum += w * score;
        }

        return weights > 0 ? sum / weights : null;
    }
}

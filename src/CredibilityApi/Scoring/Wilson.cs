namespace CredibilityApi.Scoring;

/// <summary>A share with its Wilson score interval; all null when there were no trials.</summary>
public sealed record Proportion(int Successes, int Trials, double? Share, double? Lower, double? Upper);

/// <summary>The Wilson score interval for a binomial proportion (Wilson 1927), good at small n and near 0 or 1.</summary>
public static class Wilson
{
    public const double Z95 = 1.959963984540054;

    public static Proportion Interval(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), "Successes must be between 0 and the number of trials.");
        }

        if (trials == 0)
        {
            return new Proportion(0, 0, null, null, null);
        }

        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / (1 + (z2 / n));
        // At 0 and at all successes the bound on that side is exactly 0 or 1; elsewhere the bounds are
        // clamped so that rounding can never leave the share outside its own interval.
        var lower = successes == 0 ? 0 : Math.Clamp(centre - half, 0, p);
        var upper = successes == trials ? 1 : Math.Clamp(centre + half, p, 1);
        return new Proportion(successes, trials, p, lower, upper);
    }
}

namespace CredibilityApi.Aggregation;

/// <summary>How a time series is cut: by UTC day, ISO week (from Monday), month, quarter or year.</summary>
public enum Bucket
{
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

public static class Buckets
{
    /// <summary>The first day of the bucket that contains <paramref name="day"/>.</summary>
    public static DateOnly StartOf(DateOnly day, Bucket bucket) => bucket switch
    {
        Bucket.Day => day,
        Bucket.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        Bucket.Month => new DateOnly(day.Year, day.Month, 1),
        Bucket.Quarter => new DateOnly(day.Year, (((day.Month - 1) / 3) * 3) + 1, 1),
        _ => new DateOnly(day.Year, 1, 1),
    };

    /// <summary>The first day of the next bucket.</summary>
    public static DateOnly Next(DateOnly start, Bucket bucket) => bucket switch
    {
        Bucket.Day => start.AddDays(1),
        Bucket.Week => start.AddDays(7),
        Bucket.Month => start.AddMonths(1),
        Bucket.Quarter => start.AddMonths(3),
        _ => start.AddYears(1),
    };

    /// <summary>The first day of the bucket <paramref name="count"/> buckets before the one starting at <paramref name="start"/>.</summary>
    public static DateOnly Back(DateOnly start, Bucket bucket, int count) => bucket switch
    {
        Bucket.Day => start.AddDays(-count),
        Bucket.Week => start.AddDays(-7 * count),
        Bucket.Month => start.AddMonths(-count),
        Bucket.Quarter => start.AddMonths(-3 * count),
        _ => start.AddYears(-count),
    };

    /// <summary>The buckets that meet [from, to): the first may start before <paramref name="from"/>.</summary>
    public static IEnumerable<(DateOnly Start, DateOnly End)> Covering(DateOnly from, DateOnly to, Bucket bucket)
    {
        for (var start = StartOf(from, bucket); start < to; start = Next(start, bucket))
        {
            yield return (start, Next(start, bucket));
        }
    }

    /// <summary>How many buckets a window spans, to refuse series too long to be useful.</summary>
    public static int Count(DateOnly from, DateOnly to, Bucket bucket) => Covering(from, to, bucket).Count();
}

/// <summary>The window of a researcher query: [from, to) in UTC days, by default the year up to tomorrow.</summary>
public static class Window
{
    public static (DateOnly From, DateOnly To) Resolve(DateOnly? from, DateOnly? to, DateTime now)
    {
        var end = to ?? DateOnly.FromDateTime(now).AddDays(1);
        return (from ?? end.AddYears(-1), end);
    }
}

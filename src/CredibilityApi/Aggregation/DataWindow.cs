using CredibilityApi.Data;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Aggregation;

/// <summary>The window a series or chart takes, and whether it was given or chosen for the caller.</summary>
/// <param name="From">First day (UTC).</param>
/// <param name="To">Day after the window (exclusive).</param>
/// <param name="Note">Set when the window was chosen because the request gave neither <c>from</c> nor <c>to</c>: says which and why.</param>
/// <param name="NoRatedArticles">Chosen, and the outlet had no rated article on the dimensions (then): the year up to tomorrow (or asOf).</param>
public sealed record SeriesWindow(DateOnly From, DateOnly To, string? Note, bool NoRatedArticles = false)
{
    public bool Defaulted => Note is not null;
}

/// <summary>
/// A request without <c>from</c> and <c>to</c> gets the window that holds the outlet's rated articles on the
/// requested dimensions, so a newcomer's first series of a 2021 archive is not a year of nulls. It reads the
/// day rollups' first and last day (their key is outlet, dimension, day), never the ratings. A request that gives
/// either end keeps today's rule (<see cref="Window.Resolve"/>).
/// </summary>
public static class DataWindow
{
    public static async Task<SeriesWindow> ResolveAsync(
        CredibilityDbContext db, string outletId, IReadOnlyCollection<string> dimensions, DateOnly? from, DateOnly? to,
        Bucket bucket, int maxBuckets, DateTime now, CancellationToken ct, DateTime? asOf = null)
    {
        if (from is not null || to is not null)
        {
            var (f, t) = Window.Resolve(from, to, now);
            return new SeriesWindow(f, t, null);
        }

        DateOnly? first, last;
        if (asOf is { } instant)
        {
            // As of an instant: the articles rated then, from the revisions, so a later rating cannot move the window.
            var range = await ScoreInputLoader.PublishedRangeAsOfAsync(db, outletId, dimensions, instant, ct);
            (first, last) = (range?.First, range?.Last);
        }
        else
        {
            var days = db.OutletDayStats.AsNoTracking().Where(s => s.OutletId == outletId && dimensions.Contains(s.Dimension) && s.Articles > 0);
            first = await days.MinAsync(s => (DateOnly?)s.Day, ct);
            last = await days.MaxAsync(s => (DateOnly?)s.Day, ct);
        }

        var at = asOf is { } when ? " as of " + when.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", System.Globalization.CultureInfo.InvariantCulture) : "";
        if (first is null || last is null)
        {
            // Under asOf the year up to the day after asOf, not today: the same answer whenever it is asked.
            var (f, t) = Window.Resolve(null, null, asOf ?? now);
            return new SeriesWindow(f, t,
                $"No from/to given and the outlet has no rated articles on these dimensions{at}: the year up to {(asOf is null ? "tomorrow" : "the day after asOf")}, {f:yyyy-MM-dd} to {t:yyyy-MM-dd}.", NoRatedArticles: true);
        }

        var end = last.Value.AddDays(1);
        // Too long a history for the bucket: its latest buckets, as many as a series may have.
        var whole = Buckets.Count(first.Value, end, bucket) <= maxBuckets;
        var start = whole ? first.Value : Buckets.Back(Buckets.StartOf(last.Value, bucket), bucket, maxBuckets - 1);
        var note = whole
            ? $"No from/to given: the window holds the outlet's rated articles on these dimensions{at}, published {first:yyyy-MM-dd} to {last:yyyy-MM-dd}. Give from and to for another window."
            : $"No from/to given: the latest {maxBuckets} buckets of the outlet's rated articles on these dimensions{at} (published {first:yyyy-MM-dd} to {last:yyyy-MM-dd}). Give from and to, or a coarser bucket, for more.";
        return new SeriesWindow(start, end, note);
    }
}

using CredibilityApi.Scoring;
using Microsoft.Extensions.Caching.Memory;

namespace CredibilityApi.Aggregation.Read;

/// <summary>
/// Live score series (no <c>asOf</c>, no campaign or blind subset) remembered per question and
/// <see cref="ScoreStamp"/>: a series is served from here only while the stamp it was computed under is the stamp in
/// the database, which changes in the same transaction as any write to a series' inputs, on whichever node. A cached
/// series keeps the <c>computedAt</c> of its computation. Bounded by <c>Scores:SeriesCachePoints</c> (points held,
/// default 200,000; 0 turns the cache off).
/// </summary>
public sealed class SeriesCache : IDisposable
{
    /// <summary>What an entry costs besides its points (its key, the report, the cache's bookkeeping), in points.</summary>
    private const int EntryOverhead = 16;

    private readonly MemoryCache? _entries;

    public SeriesCache(IConfiguration configuration)
    {
        var points = Math.Max(0, configuration.GetValue("Scores:SeriesCachePoints", 200_000L));
        _entries = points == 0 ? null : new MemoryCache(new MemoryCacheOptions { SizeLimit = points, CompactionPercentage = 0.25 });
    }

    public bool Enabled => _entries is not null;

    /// <summary>The cached series of <paramref name="key"/> if it was computed under <paramref name="stamp"/>.</summary>
    public SeriesReport? Find(Key key, long stamp) =>
        _entries is not null && _entries.TryGetValue(key, out Entry? entry) && entry!.Stamp == stamp ? entry.Report : null;

    /// <summary>Remembers a series computed after <paramref name="stamp"/> was read (so from data at least that new).</summary>
    public void Remember(Key key, long stamp, SeriesReport report)
    {
        _entries?.Set(key, new Entry(stamp, report), new MemoryCacheEntryOptions
        {
            // Counted in points; the entry's own objects and its v2 summaries as a few more.
            Size = EntryOverhead + report.Points.Count + report.Composite.Count + (report.VarianceComponents?.Count ?? 0),
            SlidingExpiration = TimeSpan.FromMinutes(10),
        });
    }

    public void Dispose() => _entries?.Dispose();

    /// <summary>
    /// Everything a live series depends on besides the stored data: the question as asked (the dimensions in their
    /// order), the current rubric version and the day (a window given at one end or none ends relative to today).
    /// </summary>
    public sealed record Key(
        string OutletId,
        string Dimensions,
        Bucket? Bucket,
        DateOnly? From,
        DateOnly? To,
        double? HalfLifeDays,
        MethodologyOptions Methodology,
        int RubricVersion,
        DateOnly Today);

    private sealed record Entry(long Stamp, SeriesReport Report);
}

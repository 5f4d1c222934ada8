namespace CredibilityApi.Domain;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014, as published by Vigna): a tiny PRNG written out here so a campaign's draw
/// depends only on its seed, never on the runtime's <see cref="Random"/>, whose algorithm may change between .NET
/// versions.
/// </summary>
public sealed class SplitMix64(long seed)
{
    private ulong _state = unchecked((ulong)seed);

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, n), without modulo bias (rejection sampling).</summary>
    public int Below(int n)
    {
        var bound = (ulong)n;
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong x;
        do
        {
            x = Next();
        }
        while (x >= limit);

        return (int)(x % bound);
    }

    /// <summary>Fisher-Yates, in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Below(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>An article a sampling rule may draw.</summary>
public sealed record DrawCandidate(string Id, string OutletId, DateTime PublishedAt);

/// <summary>
/// The reproducible parts of a campaign: which articles a rule draws and who gets each. Both are functions of their
/// inputs and the seed alone: candidates are put in a stable order (outlet id, bucket, publication time, id) before
/// anything random happens, so the same rule and seed on the same articles give the same list on any machine.
/// </summary>
public static class CampaignDraw
{
    /// <summary>Up to <paramref name="perBucket"/> articles per (outlet, bucket), in a seeded random order.</summary>
    public static List<string> Sample(IEnumerable<DrawCandidate> candidates, int perBucket, SamplingBucket bucket, long seed)
    {
        var rng = new SplitMix64(seed);
        var drawn = new List<string>();
        var groups = candidates
            .GroupBy(c => (c.OutletId, Start: BucketStart(c.PublishedAt, bucket)))
            .OrderBy(g => g.Key.OutletId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Start);
        foreach (var group in groups)
        {
            var members = group.OrderBy(c => c.PublishedAt).ThenBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).ToList();
            rng.Shuffle(members);
            drawn.AddRange(members.Take(perBucket));
        }

        // Shuffled once more, so an annotator's queue does not run through one outlet after another.
        rng.Shuffle(drawn);
        return drawn;
    }

    /// <summary>The first instant of the bucket holding <paramref name="at"/>: Monday of its ISO week, or the 1st of its month (UTC).</summary>
    public static DateTime BucketStart(DateTime at, SamplingBucket bucket)
    {
        var day = at.Date;
        return bucket == SamplingBucket.Month
            ? new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc)
            : DateTime.SpecifyKind(day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), DateTimeKind.Utc);
    }

    /// <summary>
    /// Gives each of <paramref name="itemCount"/> items <paramref name="overlap"/> distinct annotators. The pool is put
    /// in ordinal order, shuffled by the seed, and dealt round-robin: item i takes the next k of the cycle. Any k
    /// consecutive places of a cycle of at least k annotators are distinct, and dealing in turn keeps every
    /// annotator's load within one of every other's.
    /// </summary>
    public static List<IReadOnlyList<string>> Assign(int itemCount, IEnumerable<string> pool, int overlap, long seed)
    {
        var order = pool.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (overlap < 1 || overlap > order.Count)
        {
            throw new DomainException($"An overlap of {overlap} needs at least {overlap} annotators in the pool; it has {order.Count}.");
        }

        // A stream of its own, so the dealing does not depend on how many numbers the sampling used.
        new SplitMix64(seed ^ 0x5DEECE66DL).Shuffle(order);
        var result = new List<IReadOnlyList<string>>(itemCount);
        var next = 0;
        for (var i = 0; i < itemCount; i++)
        {
            var annotators = new string[overlap];
            for (var j = 0; j < overlap; j++)
            {
                annotators[j] = order[next];
                next = (next + 1) % order.Count;
            }

            result.Add(annotators);
        }

        return result;
    }
}

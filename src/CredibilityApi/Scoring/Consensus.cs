namespace CredibilityApi.Scoring;

/// <summary>The consensus of several judgements: the plurality value; a tie for first place is no consensus.</summary>
public static class Consensus
{
    public static TValue? Plurality<TValue>(IEnumerable<TValue> values)
        where TValue : struct, Enum
    {
        var counts = values.GroupBy(v => v).Select(g => (g.Key, Count: g.Count())).OrderByDescending(x => x.Count).ToList();
        if (counts.Count == 0 || (counts.Count > 1 && counts[0].Count == counts[1].Count))
        {
            return null;
        }

        return counts[0].Key;
    }
}

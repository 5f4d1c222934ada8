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

    /// <summary>Whether more than half of <paramref name="values"/> satisfy <paramref name="grouped"/> (half exactly is not a majority).</summary>
    public static bool StrictMajority<TValue>(IReadOnlyCollection<TValue> values, Func<TValue, bool> grouped) =>
        values.Count > 0 && 2 * values.Count(grouped) > values.Count;
}

/// <summary>The misleading-or-false share of an outlet's verdicted claims (methodology step "claims").</summary>
/// <param name="VerdictedClaims">Claims with at least one current verdict: the denominator, every one of them.</param>
/// <param name="Ties">Verdicted claims whose plurality verdict is a tie: reported for display, still in the denominator.</param>
/// <param name="MisleadingOrFalse">Claims a strict majority of whose verdicts are misleading or false.</param>
/// <param name="Share">MisleadingOrFalse of VerdictedClaims with its Wilson interval.</param>
public sealed record VerdictShare(int VerdictedClaims, int Ties, int MisleadingOrFalse, Proportion Share);

/// <summary>
/// The one definition of the misleading-or-false share. A verdicted claim counts when a strict majority of its
/// current verdicts are misleading or false, the two grouped, so "misleading" from one annotator and "false"
/// from another count, and "false" + "accurate" does not. Every verdicted claim is in the denominator,
/// ties of the plurality verdict included.
/// </summary>
public static class VerdictShares
{
    /// <summary>The rule in words, as <c>GET /api/v1/methodology</c> publishes it.</summary>
    public const string Definition =
        "A verdicted claim (one with at least one current verdict) counts as misleading-or-false when a strict majority " +
        "(more than half) of its current verdicts are misleading or false, the two grouped: misleading + false counts, " +
        "false + accurate does not. Every verdicted claim is in the denominator. The share has a Wilson 95% interval. " +
        "The plurality verdict of each claim is kept for display, and claims whose plurality is a tie are reported " +
        "(withoutConsensus); they stay in the denominator.";

    /// <param name="claims">Each verdicted claim's current verdicts (claims with none are skipped).</param>
    /// <param name="misleadingOrFalse">Which verdicts are grouped as misleading or false.</param>
    /// <param name="z">The normal quantile of the interval.</param>
    public static VerdictShare Of<TValue>(IEnumerable<IReadOnlyCollection<TValue>> claims, Func<TValue, bool> misleadingOrFalse, double z = Wilson.Z95)
        where TValue : struct, Enum
    {
        var verdicted = claims.Where(c => c.Count > 0).ToList();
        var bad = verdicted.Count(c => Consensus.StrictMajority(c, misleadingOrFalse));
        var ties = verdicted.Count(c => Consensus.Plurality(c) is null);
        return new VerdictShare(verdicted.Count, ties, bad, Wilson.Interval(bad, verdicted.Count, z));
    }
}

namespace CredibilityApi.Features.Scores;

/// <summary>
/// Tells the client that a score answer misses rating changes acknowledged before its request: still queued for the rollups
/// when the read's wait for them ran out (<c>Rollups:ReadWaitMilliseconds</c>), as happens while writes outpace the fold.
/// Absent when the answer includes every change queued before the request.
/// </summary>
public static class RollupsPendingHeader
{
    public const string Name = "Rollups-Pending";

    /// <summary>The operations that read the rollups and may answer without some queued changes (declared in the OpenAPI document).</summary>
    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(StringComparer.Ordinal) { "GetScoreSeries", "GetScoreChart", "RankOutlets", "GetAgreement" };

    public const string Description =
        "Present only when this answer misses rating changes acknowledged before the request: how many were still queued for the " +
        "rollups when the read's wait for them (Rollups:ReadWaitMilliseconds, 2 s by default) ran out, at most what it misses, as " +
        "happens while ratings are written faster than the rollups fold them in. Read again later for the full figure. Campaign, " +
        "blind and asOf reads do not read the rollups and never send it.";

    public static void Set(HttpContext http, long pending)
    {
        if (pending > 0)
        {
            http.Response.Headers[Name] = pending.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

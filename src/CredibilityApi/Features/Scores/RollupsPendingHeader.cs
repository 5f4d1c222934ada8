using FastEndpoints;

namespace CredibilityApi.Features.Scores;

/// <summary>
/// Tells the client that a score answer misses rating changes acknowledged before its request: still queued for the rollups
/// when the read's wait for them ran out (<c>Rollups:ReadWaitMilliseconds</c>), as happens while writes outpace the fold.
/// Absent when the answer includes every change queued before the request.
/// </summary>
public static class RollupsPendingHeader
{
    public const string Name = "Rollups-Pending";

    private const string Description =
        "Present only when this answer misses rating changes acknowledged before the request: how many were still queued for the " +
        "rollups when the read's wait for them (Rollups:ReadWaitMilliseconds, 2 s by default) ran out, at most what it misses, as " +
        "happens while ratings are written faster than the rollups fold them in. Read again later for the full figure. Campaign, " +
        "blind and asOf reads do not read the rollups and never send it.";

    /// <summary>Declares the header on the 200 answer of a score endpoint that reads the rollups (in the OpenAPI document).</summary>
    public static void Describe(EndpointSummary summary) =>
        summary.ResponseHeaders.Add(new ResponseHeader(StatusCodes.Status200OK, Name) { Description = Description, Example = 1200L });

    public static void Set(HttpContext http, long pending)
    {
        if (pending > 0)
        {
            http.Response.Headers[Name] = pending.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

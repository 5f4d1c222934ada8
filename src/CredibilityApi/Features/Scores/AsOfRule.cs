using System.Globalization;
using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Scores;

/// <summary>
/// The rule every score read with <c>asOf</c> follows: the instant may not be later than now. asOf reproduces a figure
/// from the history recorded by then; an instant still to come has none yet, and its answer would change as ratings
/// arrive, under the same label.
/// </summary>
public static class AsOfRule
{
    /// <summary>Why <c>asOf</c> is refused (a field error for 'asOf'); null when it is absent or not later than <c>now</c>.</summary>
    /// <param name="asOf">The request's asOf.</param>
    /// <param name="now">The server's clock.</param>
    /// <param name="what">What the read answers, for the message: "a figure", "a ranking", "a chart".</param>
    public static string? Refusal(DateTime? asOf, DateTime now, string what) =>
        asOf is { } at && Instants.AsUtc(at) > now
            ? $"'asOf' is later than now ({now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}): {what} as of an instant still to come would change as ratings arrive. Leave asOf out for the current one."
            : null;
}

using System.Text.Json.Serialization;
using CredibilityApi.Domain;
using FluentValidation.Results;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// The 422 of a selector that does not anchor: a validation problem whose title says what happened ("Quote is
/// ambiguous", "Quote not found") and whose extension members say how to fix it: <c>occurrences</c> lists where
/// an ambiguous quote occurs, with the text around each place; <c>suggestion</c> gives the body's own text for a
/// quote that matched only once typographic quotes, dashes and spaces were folded.
/// </summary>
[SchemaName("AnchorProblem")]
public sealed class AnchorProblem
{
    /// <summary>The sentence each anchoring endpoint's description ends with.</summary>
    public const string Description =
        " A selector that does not anchor is a 422 AnchorProblem whose title says what happened ('Quote not found', " +
        "'Quote is ambiguous', 'Selector does not match the text', ...). An ambiguous quote lists where it occurs in " +
        "'occurrences' ({start, end, before, after}, up to 30 code units of text each side, the first 20 places), so you can " +
        "pick a prefix or suffix. A quote not found as sent that matches once typographic quotes and apostrophes (curly and " +
        "straight), dashes (en, em, hyphen) and white space (non-breaking, repeated) are folded gets 'suggestion' " +
        "({exact, prefix?, suffix?, start, end}): the body's own text, which anchors when sent back. Nothing is ever anchored " +
        "on a folded match.";

    public required string Type { get; init; }

    /// <summary>What happened: "Quote not found", "Quote is ambiguous", "Selector does not match the text", ...</summary>
    public required string Title { get; init; }

    public int Status { get; init; }

    public required string Instance { get; init; }

    public required string TraceId { get; init; }

    /// <summary>What went wrong and how to fix it, in words (the places and the suggestion included).</summary>
    public string? Detail { get; init; }

    /// <summary>Every field error of the request; the selector's has the code quote-not-found, quote-ambiguous, ...</summary>
    public required IReadOnlyList<FastEndpoints.ProblemDetails.Error> Errors { get; init; }

    /// <summary>
    /// Where the quote occurs, with up to 30 code units of text before and after each place (the first 20 places): for an
    /// ambiguous quote, or for a quote not found as sent that matches several places once folded. Pick one and send a
    /// prefix or suffix (or its start and end).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<QuoteOccurrenceModel>? Occurrences { get; init; }

    /// <summary>
    /// For a quote not found as sent that matches exactly one place once typographic quotes, apostrophes, dashes and
    /// white space are folded: the body's text there. Sent back as the selector, it anchors. Nothing is anchored on
    /// the folded match by itself.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public QuoteSuggestionModel? Suggestion { get; init; }

    /// <summary>
    /// FastEndpoints' error response builder: a failed anchoring (a field error carrying its <see cref="AnchorResult"/>)
    /// is answered as an anchor problem, every other validation failure as the usual validation problem.
    /// </summary>
    public static object Build(List<ValidationFailure> failures, HttpContext context, int status)
    {
        var problem = new FastEndpoints.ProblemDetails(failures, context.Request.Path, context.TraceIdentifier, status);
        if (failures.Select(f => f.CustomState).OfType<AnchorResult>().FirstOrDefault() is not { } anchor)
        {
            return problem;
        }

        return new AnchorProblem
        {
            Type = problem.Type,
            Title = anchor.Title,
            Status = status,
            Instance = problem.Instance,
            TraceId = problem.TraceId,
            Detail = anchor.Message,
            Errors = [.. problem.Errors],
            Occurrences = anchor.Places is { Count: > 0 } places
                ? [.. places.Select(p => new QuoteOccurrenceModel { Start = p.Start, End = p.End, Before = p.Before, After = p.After })]
                : null,
            Suggestion = anchor.Suggestion is { } s
                ? new QuoteSuggestionModel { Exact = s.Exact, Prefix = s.Prefix, Suffix = s.Suffix, Start = s.Start, End = s.End }
                : null,
        };
    }
}

/// <summary>One place a quote occurs in the article body, with the text around it.</summary>
[SchemaName("QuoteOccurrence")]
public sealed class QuoteOccurrenceModel
{
    /// <summary>Offset of the quote (UTF-16 code units).</summary>
    public int Start { get; init; }

    /// <summary>Offset just past the quote.</summary>
    public int End { get; init; }

    /// <summary>Up to 30 code units just before the quote: a prefix to single this place out can be taken from its end.</summary>
    public required string Before { get; init; }

    /// <summary>Up to 30 code units just after the quote: a suffix can be taken from its start.</summary>
    public required string After { get; init; }
}

/// <summary>The body's own text for a quote that matched only once folded; send it back as the selector.</summary>
[SchemaName("QuoteSuggestion")]
public sealed class QuoteSuggestionModel
{
    /// <summary>The quote exactly as the body has it (curly quotes, dashes and spaces included).</summary>
    public required string Exact { get; init; }

    /// <summary>The given prefix as the body has it; absent when none was given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Prefix { get; init; }

    /// <summary>The given suffix as the body has it; absent when none was given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Suffix { get; init; }

    /// <summary>Offset of the quote (UTF-16 code units).</summary>
    public int Start { get; init; }

    /// <summary>Offset just past the quote.</summary>
    public int End { get; init; }
}

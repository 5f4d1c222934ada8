namespace CredibilityApi.Domain;

/// <summary>
/// Where an annotation points in an article's body, after the W3C Web Annotation
/// <c>TextQuoteSelector</c> (<see cref="Exact"/>, <see cref="Prefix"/>, <see cref="Suffix"/>) and
/// <c>TextPositionSelector</c> (<see cref="Start"/>, <see cref="End"/>). Give the quote, the
/// position, or both.
/// </summary>
/// <remarks>
/// Offsets count UTF-16 code units (JavaScript string indices), from 0, with <see cref="End"/>
/// exclusive; a character outside the Basic Multilingual Plane, such as most emoji, counts as 2.
/// Matching is ordinal, code unit by code unit, with no Unicode normalisation and no case or accent
/// folding: send the quote in the same normalisation form as the body as stored (copy it from the body).
/// </remarks>
/// <param name="Exact">The annotated text, exactly as it appears in the body.</param>
/// <param name="Prefix">Text that immediately precedes the quote, to tell apart repeated quotes.</param>
/// <param name="Suffix">Text that immediately follows the quote, to tell apart repeated quotes.</param>
/// <param name="Start">Offset of the first code unit of the annotated text.</param>
/// <param name="End">Offset just past the last code unit of the annotated text.</param>
public sealed record TextSelector(string? Exact, string? Prefix, string? Suffix, int? Start, int? End);

/// <summary>Why a <see cref="TextSelector"/> could not be anchored in an article body.</summary>
public enum AnchorFailure
{
    /// <summary>The selector was anchored.</summary>
    None,

    /// <summary>Neither a quote nor both offsets were given (or only one of start and end).</summary>
    MissingSelector,

    /// <summary>The quote, with its prefix and suffix if given, does not occur in the body.</summary>
    NotFound,

    /// <summary>The quote, with its prefix and suffix if given, occurs more than once.</summary>
    Ambiguous,

    /// <summary>The text at the given offsets (or around them) differs from the given quote, prefix or suffix.</summary>
    Mismatch,

    /// <summary>The offsets do not satisfy 0 &lt;= start &lt; end &lt;= body length.</summary>
    OutOfRange,

    /// <summary>An offset, or the only place the quote occurs, falls inside a surrogate pair.</summary>
    SplitsSurrogatePair,

    /// <summary>Offsets were given for an article registered without its body.</summary>
    PositionWithoutBody,

    /// <summary>The quote was given but is empty.</summary>
    EmptyQuote,
}

/// <summary>
/// A selector as stored: the quote with the offsets and surrounding context the server computed
/// from the body.
/// </summary>
/// <param name="Start">Offset of the quote in UTF-16 code units; null when the article has no body (quote only).</param>
/// <param name="End">Exclusive end offset in UTF-16 code units; null when the article has no body (quote only).</param>
/// <param name="Exact">The annotated text.</param>
/// <param name="Prefix">
/// Up to <see cref="Anchoring.ContextLength"/> code units before the quote (computed from the body),
/// or the prefix as given when the article has no body; null when there is none.
/// </param>
/// <param name="Suffix">
/// Up to <see cref="Anchoring.ContextLength"/> code units after the quote (computed from the body),
/// or the suffix as given when the article has no body; null when there is none.
/// </param>
public sealed record Anchor(int? Start, int? End, string Exact, string? Prefix, string? Suffix);

/// <summary>One place a quote occurs, with the text around it, so an annotator can choose a prefix or suffix.</summary>
/// <param name="Start">Offset of the quote's first code unit.</param>
/// <param name="End">Offset just past its last code unit.</param>
/// <param name="Before">Up to <see cref="Anchoring.OccurrenceContextLength"/> code units just before it.</param>
/// <param name="After">Up to <see cref="Anchoring.OccurrenceContextLength"/> code units just after it.</param>
public sealed record QuoteOccurrence(int Start, int End, string Before, string After);

/// <summary>
/// The body's own text for a quote that matched only once typographic quotes, dashes and spaces were
/// folded: send it back as the selector and it anchors.
/// </summary>
/// <param name="Exact">The quote as the body has it.</param>
/// <param name="Prefix">The prefix as the body has it; null when none was given.</param>
/// <param name="Suffix">The suffix as the body has it; null when none was given.</param>
/// <param name="Start">Offset of the quote in the body.</param>
/// <param name="End">Offset just past it.</param>
public sealed record QuoteSuggestion(string Exact, string? Prefix, string? Suffix, int Start, int End);

/// <summary>The outcome of <see cref="Anchoring.Resolve"/>.</summary>
/// <param name="Anchor">The anchored selector, or null on failure.</param>
/// <param name="Failure">Why anchoring failed, or <see cref="AnchorFailure.None"/>.</param>
/// <param name="Message">For API users: what went wrong and how to fix the request. Empty on success.</param>
/// <param name="Occurrences">
/// How many places matched: 1 on success, the count (capped at 1000) when ambiguous, otherwise 0.
/// </param>
/// <param name="Places">
/// Where an ambiguous quote occurs (the first <see cref="Anchoring.MaxListedOccurrences"/>), or, for a quote not
/// found as sent, the places it matches once folded when there are several. Empty otherwise.
/// </param>
/// <param name="Suggestion">For a quote not found as sent that matches exactly one place once folded: the body's text there.</param>
public sealed record AnchorResult(
    Anchor? Anchor, AnchorFailure Failure, string Message, int Occurrences,
    IReadOnlyList<QuoteOccurrence>? Places = null, QuoteSuggestion? Suggestion = null)
{
    public bool Succeeded => Anchor is not null;

    /// <summary>A short title for the failure, as a problem document's title says what happened.</summary>
    public string Title => Failure switch
    {
        AnchorFailure.NotFound => "Quote not found",
        AnchorFailure.Ambiguous => "Quote is ambiguous",
        AnchorFailure.Mismatch => "Selector does not match the text",
        AnchorFailure.OutOfRange => "Offsets out of range",
        AnchorFailure.SplitsSurrogatePair => "Selector splits a character",
        AnchorFailure.PositionWithoutBody => "Offsets need the article body",
        AnchorFailure.EmptyQuote => "Quote is empty",
        AnchorFailure.MissingSelector => "Selector incomplete",
        _ => "Anchored",
    };
}

/// <summary>
/// Anchors a <see cref="TextSelector"/> in an article body: checks it against the text and returns
/// the one place it denotes, or says why it denotes none or several.
/// </summary>
/// <remarks>
/// Matching is ordinal, code unit by code unit: case-, accent- and normalisation-sensitive, so
/// "é" as one code point (U+00E9) does not match "e" followed by a combining acute accent (U+0301).
/// Send the quote in the same Unicode normalisation form as the body. Offsets are UTF-16 code units.
/// </remarks>
public static class Anchoring
{
    /// <summary>How many code units of context the server stores on each side of a quote.</summary>
    public const int ContextLength = 32;

    // Counting stops here: past a thousand the exact number does not help anyone fix the request,
    // and it bounds the work a repetitive 2 MiB body can cause.
    private const int MaxCountedOccurrences = 1000;

    private const int ShownTextLength = 80;

    /// <summary>How many places of an ambiguous quote are listed.</summary>
    public const int MaxListedOccurrences = 20;

    /// <summary>How many code units of text are shown on each side of a listed place.</summary>
    public const int OccurrenceContextLength = 30;

    /// <summary>
    /// Anchors <paramref name="selector"/> in <paramref name="body"/> (null when the article was
    /// registered without its text).
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Quote only: the quote, with the prefix just before it and the suffix just after it when
    /// given, must occur exactly once.</item>
    /// <item>Position only: 0 &lt;= start &lt; end &lt;= body length, and neither offset may split a
    /// surrogate pair; the quote is the text in between.</item>
    /// <item>Both: the position is checked as above, then the text there must equal the quote.</item>
    /// <item>No body: a quote is stored as given (no offsets); a position cannot be checked and is refused.</item>
    /// </list>
    /// A prefix or suffix given with a position must also match the text around it. On success with a
    /// body, the stored prefix and suffix are recomputed from the body (up to <see cref="ContextLength"/>
    /// code units each, never splitting a surrogate pair). Matching is ordinal with no Unicode
    /// normalisation: send the quote in the same normalisation form as the body.
    /// </remarks>
    public static AnchorResult Resolve(string? body, TextSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);

        var (exact, start, end) = (selector.Exact, selector.Start, selector.End);
        var prefix = string.IsNullOrEmpty(selector.Prefix) ? null : selector.Prefix;
        var suffix = string.IsNullOrEmpty(selector.Suffix) ? null : selector.Suffix;

        if (start.HasValue != end.HasValue)
        {
            var given = start.HasValue ? "start" : "end";
            return Fail(AnchorFailure.MissingSelector,
                $"Only {given} was given. Give both start and end offsets, or neither and send the quote (exact) alone.");
        }

        var hasPosition = start.HasValue;
        if (exact is { Length: 0 })
        {
            return Fail(AnchorFailure.EmptyQuote,
                "The quote (exact) is empty. Send the annotated text as it appears in the article body, or leave exact out and give start and end offsets.");
        }

        if (exact is null && !hasPosition)
        {
            return Fail(AnchorFailure.MissingSelector,
                "Say what the annotation is about: give the quote (exact), start and end offsets, or both.");
        }

        if (body is null)
        {
            // Without the text nothing can be checked; the quote is kept so the annotation can be
            // anchored once a reader has the text in front of them.
            return hasPosition
                ? Fail(AnchorFailure.PositionWithoutBody,
                    "The article was registered without its body, so start and end offsets cannot be checked. Leave them out and send the quote (exact), with prefix or suffix if it could occur more than once.")
                : Success(new Anchor(null, null, exact!, prefix, suffix));
        }

        return hasPosition
            ? ResolvePosition(body, start!.Value, end!.Value, exact, prefix, suffix)
            : ResolveQuote(body, exact!, prefix, suffix);
    }

    private static AnchorResult ResolvePosition(string body, int start, int end, string? exact, string? prefix, string? suffix)
    {
        if (start < 0 || start >= end || end > body.Length)
        {
            return Fail(AnchorFailure.OutOfRange,
                $"The offsets must satisfy 0 <= start < end <= {body.Length}, the article body's length in UTF-16 code units; got start {start} and end {end}. Fix the offsets or send the quote (exact) alone.");
        }

        foreach (var (name, offset) in new[] { ("start", start), ("end", end) })
        {
            if (SplitsSurrogatePair(body, offset))
            {
                return Fail(AnchorFailure.SplitsSurrogatePair,
                    $"The {name} offset {offset} falls between the two UTF-16 code units of one character (a surrogate pair, such as an emoji). Offsets count UTF-16 code units and such a character counts as 2: move it one unit earlier or later. The body is {body.Length} code units long.");
            }
        }

        var actual = body[start..end];
        if (exact is not null && !string.Equals(actual, exact, StringComparison.Ordinal))
        {
            return Fail(AnchorFailure.Mismatch,
                $"The text at start {start} and end {end} is \"{Shown(actual)}\", not the quote. Offsets count UTF-16 code units (an emoji counts as 2) and matching is exact; fix the offsets, or send the quote alone without start and end.");
        }

        if (prefix is not null && !body.AsSpan(0, start).EndsWith(prefix, StringComparison.Ordinal))
        {
            var before = body[Math.Max(0, start - prefix.Length)..start];
            return Fail(AnchorFailure.Mismatch,
                $"The text just before start {start} is \"{Shown(before)}\", which does not end with the given prefix. Fix the prefix or leave it out.");
        }

        if (suffix is not null && !body.AsSpan(end).StartsWith(suffix, StringComparison.Ordinal))
        {
            var after = body[end..Math.Min(body.Length, end + suffix.Length)];
            return Fail(AnchorFailure.Mismatch,
                $"The text just after end {end} is \"{Shown(after)}\", which does not start with the given suffix. Fix the suffix or leave it out.");
        }

        return Success(WithContext(body, start, end));
    }

    private static AnchorResult ResolveQuote(string body, string exact, string? prefix, string? suffix)
    {
        // Searching for prefix + quote + suffix as one string is the same test as finding the quote
        // and then checking its surroundings, but lets IndexOf skip past places where only the quote
        // matches, which keeps a short quote in a long repetitive body cheap.
        var needle = string.Concat(prefix, exact, suffix);
        var offset = prefix?.Length ?? 0;

        var count = 0;
        var first = -1;
        var splitting = 0;
        var places = new List<QuoteOccurrence>();
        for (var from = 0; from <= body.Length - needle.Length && count < MaxCountedOccurrences;)
        {
            var at = body.IndexOf(needle, from, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            var start = at + offset;
            // A quote that begins or ends with half of a surrogate pair cannot be addressed by
            // offsets either, so such a match is not a place the annotation can point to.
            if (SplitsSurrogatePair(body, start) || SplitsSurrogatePair(body, start + exact.Length))
            {
                splitting++;
            }
            else
            {
                if (count == 0)
                {
                    first = start;
                }

                if (places.Count < MaxListedOccurrences)
                {
                    places.Add(Place(body, start, start + exact.Length));
                }

                count++;
            }

            // Overlapping occurrences count: "aa" occurs twice in "aaa", and both are places.
            from = at + 1;
        }

        var context = (prefix, suffix) switch
        {
            (null, null) => "",
            (_, null) => " with the given prefix just before it",
            (null, _) => " with the given suffix just after it",
            _ => " with the given prefix and suffix around it",
        };

        if (count == 0 && splitting > 0)
        {
            return Fail(AnchorFailure.SplitsSurrogatePair,
                $"The quote{context} only occurs where it would begin or end in the middle of a character (half of a surrogate pair, such as an emoji). Include the whole character in the quote.");
        }

        if (count == 0)
        {
            // Never anchored on: a folded match only tells the annotator what to send instead.
            if (Folding.Find(body, exact, prefix, suffix) is { Count: > 0 } folded)
            {
                return FoldedHint(body, folded, context);
            }

            var quoteAlone = context.Length > 0 && body.Contains(exact, StringComparison.Ordinal);
            return Fail(AnchorFailure.NotFound, quoteAlone
                ? $"The quote occurs in the article body, but never{context}. Copy the prefix and suffix from the body as stored (GET the article), or leave them out."
                : "The quote was not found in the article body (matching is exact, case- and accent-sensitive, in UTF-16 code units). Copy it from the body as stored (GET the article).");
        }

        if (count > 1)
        {
            var times = count >= MaxCountedOccurrences ? $"at least {count} times" : $"{count} times";
            var how = context.Length > 0 ? "Lengthen the prefix or suffix" : "Add a prefix or suffix";
            var listed = places.Count < count ? $" The first {places.Count}" : " They";
            return new AnchorResult(null, AnchorFailure.Ambiguous,
                $"The quote{context} occurs {times} in the article body. {how} (the text just before or after it) or give start and end offsets so it matches exactly one place." +
                $"{listed} are listed in 'occurrences' with the text around each: {Describe(places)}.",
                count,
                places);
        }

        return Success(WithContext(body, first, first + exact.Length));
    }

    private static AnchorResult FoldedHint(string body, IReadOnlyList<Folding.Match> folded, string context)
    {
        const string Folded =
            "once typographic quotes and apostrophes (‘ ’ “ ” against ' \"), dashes (– — against -) and spaces (non-breaking, repeated) are folded";
        if (folded.Count == 1)
        {
            var m = folded[0];
            var exact = body[m.Start..m.End];
            var suggestion = new QuoteSuggestion(
                exact,
                m.PrefixStart is { } ps ? body[ps..m.Start] : null,
                m.SuffixEnd is { } se ? body[m.End..se] : null,
                m.Start,
                m.End);
            return new AnchorResult(null, AnchorFailure.NotFound,
                $"The quote{context} was not found as sent, but it matches one place {Folded}: the body has \"{Shown(exact)}\" at {m.Start}-{m.End}. " +
                "Matching is exact, so send the body's text as given in 'suggestion' (exact, and prefix or suffix if you gave them), or its start and end offsets.",
                0,
                null,
                suggestion);
        }

        var places = folded.Take(MaxListedOccurrences).Select(m => Place(body, m.Start, m.End)).ToList();
        return new AnchorResult(null, AnchorFailure.NotFound,
            $"The quote{context} was not found as sent, but it matches {folded.Count} places {Folded}; they are listed in 'occurrences': {Describe(places)}. " +
            "Matching is exact: send the body's text of the one you mean, with a prefix or suffix, or its start and end offsets.",
            0,
            places);
    }

    private static QuoteOccurrence Place(string body, int start, int end)
    {
        var before = Math.Max(0, start - OccurrenceContextLength);
        if (SplitsSurrogatePair(body, before))
        {
            before++;
        }

        var after = Math.Min(body.Length, end + OccurrenceContextLength);
        if (SplitsSurrogatePair(body, after))
        {
            after--;
        }

        return new QuoteOccurrence(start, end, body[before..start], body[end..after]);
    }

    private static string Describe(IEnumerable<QuoteOccurrence> places) =>
        string.Join("; ", places.Select(p => $"{p.Start}-{p.End} after \"{p.Before}\""));

    private static Anchor WithContext(string body, int start, int end)
    {
        var prefixStart = Math.Max(0, start - ContextLength);
        if (SplitsSurrogatePair(body, prefixStart))
        {
            prefixStart++;
        }

        var suffixEnd = Math.Min(body.Length, end + ContextLength);
        if (SplitsSurrogatePair(body, suffixEnd))
        {
            suffixEnd--;
        }

        return new Anchor(
            start,
            end,
            body[start..end],
            prefixStart < start ? body[prefixStart..start] : null,
            end < suffixEnd ? body[end..suffixEnd] : null);
    }

    /// <summary>True when <paramref name="index"/> lies between a high and a low surrogate.</summary>
    private static bool SplitsSurrogatePair(string text, int index) =>
        index > 0 && index < text.Length &&
        char.IsHighSurrogate(text[index - 1]) && char.IsLowSurrogate(text[index]);

    /// <summary>The text cut to a readable length for a message, without splitting a surrogate pair.</summary>
    private static string Shown(string text)
    {
        if (text.Length <= ShownTextLength)
        {
            return text;
        }

        var cut = SplitsSurrogatePair(text, ShownTextLength) ? ShownTextLength - 1 : ShownTextLength;
        return text[..cut] + "…";
    }

    private static AnchorResult Success(Anchor anchor) => new(anchor, AnchorFailure.None, "", 1);

    private static AnchorResult Fail(AnchorFailure failure, string message) => new(null, failure, message, 0);
}

using System.Text;

namespace CredibilityApi.Domain;

/// <summary>
/// Matching with typographic differences folded away: curly and straight quotes and apostrophes, the
/// dashes and the hyphen, and any run of white space (non-breaking, thin, tabs, line breaks) as one space.
/// Used only to tell an annotator what to send when their quote does not match exactly; nothing is
/// anchored on a folded match.
/// </summary>
internal static class Folding
{
    /// <summary>Where a folded match lies in the original body; the prefix and suffix ends when they were given.</summary>
    public sealed record Match(int Start, int End, int? PrefixStart, int? SuffixEnd);

    private const int MaxMatches = 1000;

    public static IReadOnlyList<Match> Find(string body, string exact, string? prefix, string? suffix)
    {
        var (text, starts, ends) = Fold(body);
        var foldedPrefix = prefix is null ? "" : Fold(prefix).Text;
        var foldedQuote = Fold(string.Concat(prefix, exact)).Text;
        var needle = Fold(string.Concat(prefix, exact, suffix)).Text;
        var (p, q) = (foldedPrefix.Length, foldedQuote.Length);
        if (q <= p || needle.Length == 0)
        {
            return [];
        }

        var matches = new List<Match>();
        for (var from = 0; from <= text.Length - needle.Length && matches.Count < MaxMatches;)
        {
            var at = text.IndexOf(needle, from, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            matches.Add(new Match(
                starts[at + p],
                ends[at + q - 1],
                prefix is null ? null : starts[at],
                suffix is null || needle.Length == q ? null : ends[at + needle.Length - 1]));
            from = at + 1;
        }

        return matches;
    }

    /// <summary>The folded text, and for each of its characters the span of the original it came from.</summary>
    private static (string Text, List<int> Starts, List<int> Ends) Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        var starts = new List<int>(text.Length);
        var ends = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (folded.Length > 0 && folded[^1] == ' ' && ends[^1] == i && char.IsWhiteSpace(text[i - 1]))
                {
                    ends[^1] = i + 1;
                    continue;
                }

                c = ' ';
            }
            else
            {
                c = FoldChar(c);
            }

            folded.Append(c);
            starts.Add(i);
            ends.Add(i + 1);
        }

        return (folded.ToString(), starts, ends);
    }

    private static char FoldChar(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u02BC' or '\u0060' or '\u00B4' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
        _ => c,
    };
}

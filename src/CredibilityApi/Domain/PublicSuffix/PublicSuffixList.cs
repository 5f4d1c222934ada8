using System.Globalization;

namespace CredibilityApi.Domain.PublicSuffix;

/// <summary>Which part of the Public Suffix List a rule comes from.</summary>
public enum PublicSuffixSection
{
    /// <summary>Suffixes run by registries (<c>co.uk</c>, <c>com</c>).</summary>
    Icann,

    /// <summary>Suffixes that companies hand out to their users (<c>blogspot.com</c>, <c>github.io</c>).</summary>
    Private,

    /// <summary>The list's implied rule <c>*</c>: a top-level domain the list does not name is a public suffix.</summary>
    Default,
}

/// <summary>A rule of the list: its text as the list writes it (Unicode, with <c>*.</c> or <c>!</c>), and its section.</summary>
public sealed record PublicSuffixRule(string Text, PublicSuffixSection Section);

/// <summary>What the list says about a host. All names are lower-case ASCII (IDNA).</summary>
/// <param name="Host">The host, normalised.</param>
/// <param name="PublicSuffix">The host's public suffix (eTLD), e.g. <c>co.uk</c>.</param>
/// <param name="RegistrableDomain">The public suffix and one label more (eTLD+1), e.g. <c>example.co.uk</c>; null when the host is itself a public suffix.</param>
/// <param name="Rule">The rule that decided the public suffix.</param>
public sealed record PublicSuffixMatch(string Host, string PublicSuffix, string? RegistrableDomain, PublicSuffixRule Rule)
{
    public bool IsPublicSuffix => RegistrableDomain is null;
}

/// <summary>
/// The Public Suffix List (https://publicsuffix.org/list/), read from the copy embedded beside this
/// file, and its algorithm: of the rules matching a host, an exception (<c>!</c>) wins, else the one
/// with most labels; a wildcard (<c>*.</c>) stands for exactly one label; with no rule, the top-level
/// domain alone is the suffix.
/// </summary>
public sealed class PublicSuffixList
{
    private const string ResourceName = "CredibilityApi.Domain.PublicSuffix.public_suffix_list.dat";
    private static readonly IdnMapping Idn = new();
    private static readonly PublicSuffixRule DefaultRule = new("*", PublicSuffixSection.Default);
    private static readonly Lazy<PublicSuffixList> Embedded = new(LoadEmbedded);

    // Keyed by the rule in ASCII with its "!" or "*." kept, so one lookup per candidate suffix and kind.
    private readonly Dictionary<string, PublicSuffixRule> _rules;

    private PublicSuffixList(Dictionary<string, PublicSuffixRule> rules) => _rules = rules;

    /// <summary>The list embedded in the API (see README.md beside this file for its date and source).</summary>
    public static PublicSuffixList Default => Embedded.Value;

    public int RuleCount => _rules.Count;

    public static PublicSuffixList Parse(TextReader reader)
    {
        var rules = new Dictionary<string, PublicSuffixRule>(StringComparer.Ordinal);
        var section = PublicSuffixSection.Icann;
        while (reader.ReadLine() is { } line)
        {
            var text = line.Trim();
            if (text.StartsWith("// ===BEGIN PRIVATE DOMAINS===", StringComparison.Ordinal))
            {
                section = PublicSuffixSection.Private;
            }

            if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            // A rule ends at the first whitespace.
            var rule = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];
            var prefix = rule.StartsWith('!') ? "!" : rule.StartsWith("*.", StringComparison.Ordinal) ? "*." : "";
            var key = prefix + Idn.GetAscii(rule[prefix.Length..]).ToLowerInvariant();
            rules.TryAdd(key, new PublicSuffixRule(rule, section));
        }

        return new PublicSuffixList(rules);
    }

    /// <summary>
    /// Applies the list to a host given in Unicode or ASCII, any case. Null when it is not a host
    /// name: empty, a leading dot, an empty label, or not valid IDNA.
    /// </summary>
    public PublicSuffixMatch? Match(string? host)
    {
        if (string.IsNullOrEmpty(host) || host.StartsWith('.'))
        {
            return null;
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(host.TrimEnd('.')).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        var labels = ascii.Split('.');
        if (labels.Any(l => l.Length == 0))
        {
            return null;
        }

        // Walk the suffixes from the top-level domain down; a longer match replaces a shorter one.
        var suffixLabels = 1;
        var prevailing = DefaultRule;
        for (var n = 1; n <= labels.Length; n++)
        {
            var suffix = Last(labels, n);
            if (_rules.TryGetValue("!" + suffix, out var exception))
            {
                // The exception's own leftmost label is the registrable one.
                (suffixLabels, prevailing) = (n - 1, exception);
                break;
            }

            if (_rules.TryGetValue(suffix, out var rule)
                || (n > 1 && _rules.TryGetValue("*." + Last(labels, n - 1), out rule)))
            {
                (suffixLabels, prevailing) = (n, rule);
            }
        }

        var registrable = suffixLabels < labels.Length ? Last(labels, suffixLabels + 1) : null;
        return new PublicSuffixMatch(ascii, Last(labels, suffixLabels), registrable, prevailing);
    }

    private static string Last(string[] labels, int count) => string.Join('.', labels, labels.Length - count, count);

    private static PublicSuffixList LoadEmbedded()
    {
        using var stream = typeof(PublicSuffixList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}

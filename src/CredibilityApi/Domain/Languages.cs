using System.Text.RegularExpressions;

namespace CredibilityApi.Domain;

/// <summary>
/// BCP 47 language tags: well-formed (language, then script/region/variant subtags), and a region subtag that
/// names a region: an ISO 3166-1 alpha-2 country (the list outlets' countries use) or a UN M.49 area that BCP 47
/// registers (419 Latin America and the Caribbean, 150 Europe, ...). <c>en-UK</c> is refused: UK is not an
/// ISO 3166-1 code, GB is.
/// </summary>
public static partial class Languages
{
    /// <summary>The UN M.49 area codes in the IANA language subtag registry (the only 3-digit regions BCP 47 allows).</summary>
    private static readonly HashSet<string> M49Areas = new(
        """
        001 002 003 005 009 011 013 014 015 017 018 019 021 029 030 034 035 039 053 054 057 061 142 143 145 150 151 154 155 202 419
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    /// <summary>Region codes people write for a country whose ISO 3166-1 code is another.</summary>
    private static readonly Dictionary<string, string> Mistaken = new(StringComparer.Ordinal)
    {
        ["UK"] = "GB",   // the United Kingdom is GB in ISO 3166-1
        ["EL"] = "GR",   // Greece in EU usage
        ["EN"] = "GB",   // the language code written as a region
    };

    public static bool IsWellFormed(string? tag) => tag is not null && tag.Length <= Limits.LanguageLength && Pattern().IsMatch(tag);

    /// <summary>A well-formed tag whose region subtag, if any, names a real region.</summary>
    public static bool IsValid(string? tag) => Problem(tag) is null;

    /// <summary>Why <paramref name="tag"/> is not an acceptable language tag, in words; null when it is.</summary>
    public static string? Problem(string? tag)
    {
        if (!IsWellFormed(tag))
        {
            return $"'{tag}' is not a BCP 47 language tag (e.g. en, fa, pt-BR).";
        }

        // The region is the only subtag of 2 letters or 3 digits after the language (and script), by the pattern.
        var region = tag!.Split('-').Skip(1).FirstOrDefault(s => s.Length == 2 || (s.Length == 3 && s.All(char.IsAsciiDigit)));
        if (region is null)
        {
            return null;
        }

        if (region.All(char.IsAsciiDigit))
        {
            return M49Areas.Contains(region)
                ? null
                : $"'{tag}': region '{region}' is not a UN M.49 area code that BCP 47 registers (e.g. 419 Latin America, 150 Europe, 001 World).";
        }

        var upper = region.ToUpperInvariant();
        if (Countries.IsValid(upper))
        {
            return null;
        }

        var hint = Mistaken.TryGetValue(upper, out var meant) ? $"; did you mean {meant}?" : " (e.g. GB, IR, US, BR).";
        return $"'{tag}': region '{region}' is not an ISO 3166-1 country code{hint}";
    }

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$")]
    private static partial Regex Pattern();
}

using System.Text.RegularExpressions;

namespace CredibilityApi.Domain;

/// <summary>BCP 47 language tags, checked for well-formedness (language, then script/region/variant subtags).</summary>
public static partial class Languages
{
    public static bool IsWellFormed(string? tag) => tag is not null && tag.Length <= Limits.LanguageLength && Pattern().IsMatch(tag);

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$")]
    private static partial Regex Pattern();
}

using System.Text;
using FluentValidation;

namespace CredibilityApi.Infrastructure;

/// <summary>Rules for free text: well-formed Unicode, and no control characters where a line of text is expected.</summary>
public static class TextRules
{
    /// <summary>A single line of text: no control characters, no unpaired surrogates.</summary>
    public static IRuleBuilderOptions<T, string?> SingleLine<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || (IsWellFormed(s) && !s.Any(char.IsControl)))
            .WithMessage("'{PropertyName}' must be a single line of text without control characters.");

    /// <summary>Multi-line text: tabs and line breaks are fine, other control characters and unpaired surrogates are not.</summary>
    public static IRuleBuilderOptions<T, string?> MultiLine<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || (IsWellFormed(s) && !s.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'))))
            .WithMessage("'{PropertyName}' must be text without control characters other than tabs and line breaks.");

    public static bool IsWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}

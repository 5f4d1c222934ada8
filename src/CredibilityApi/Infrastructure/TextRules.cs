using System.Text;
using FluentValidation;

namespace CredibilityApi.Infrastructure;

/// <summary>Rules for free text: well-formed Unicode, and no control characters where a line of text is expected.</summary>
public static class TextRules
{
    /// <summary>A single line of text: no control characters, no unpaired surrogates, no noncharacters.</summary>
    public static IRuleBuilderOptions<T, string?> SingleLine<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || (IsAcceptable(s) && !s.Any(char.IsControl)))
            .WithMessage("'{PropertyName}' must be a single line of text without control characters, Unicode noncharacters or unpaired surrogates.");

    /// <summary>Multi-line text: tabs and line breaks are fine, other control characters, unpaired surrogates and noncharacters are not.</summary>
    public static IRuleBuilderOptions<T, string?> MultiLine<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || (IsAcceptable(s) && !s.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'))))
            .WithMessage("'{PropertyName}' must be text without control characters other than tabs and line breaks, Unicode noncharacters or unpaired surrogates.");

    /// <summary>The message of the rule every text field of every request obeys (<see cref="IsAcceptable(string)"/>).</summary>
    public const string AcceptableMessage =
        "'{0}' contains a character that is not text: a control character other than tab, line feed or carriage return, " +
        "a Unicode noncharacter (U+FDD0..U+FDEF, U+FFFE, U+FFFF and their counterparts in every plane) or an unpaired surrogate.";

    /// <summary>
    /// The rule every text field of every request obeys, whatever its slice says (<see cref="TextFieldPreProcessor"/>):
    /// well-formed UTF-16, no C0 control character other than tab, line feed and carriage return, and no Unicode
    /// noncharacter. Such characters have no meaning in text and break XML (the SVG chart) and other consumers.
    /// </summary>
    public static bool IsAcceptable(string s)
    {
        if (!IsWellFormed(s))
        {
            return false;
        }

        foreach (var rune in s.EnumerateRunes())
        {
            if (!IsAcceptable(rune))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A character that may appear in text: not a C0 control other than tab, LF and CR, not a noncharacter.</summary>
    public static bool IsAcceptable(Rune rune) =>
        rune.Value switch
        {
            '\t' or '\n' or '\r' => true,
            < 0x20 => false,
            >= 0xFDD0 and <= 0xFDEF => false,
            _ => (rune.Value & 0xFFFE) != 0xFFFE,
        };

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

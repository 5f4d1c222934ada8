using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Opaque keyset cursors: the sort key of the last item of a page, so the next page starts after it
/// whatever was inserted meanwhile.
/// </summary>
public static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static string Encode(params string[] keys) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(keys)));

    public static bool TryDecode(string? cursor, int parts, out string[] keys)
    {
        keys = [];
        if (string.IsNullOrEmpty(cursor))
        {
            return false;
        }

        try
        {
            var decoded = JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(cursor));
            if (decoded is null || decoded.Length != parts || decoded.Any(k => k is null))
            {
                return false;
            }

            keys = decoded;
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    public static bool IsValidOrEmpty(string? cursor, int parts) =>
        string.IsNullOrEmpty(cursor) || TryDecode(cursor, parts, out _);
}

/// <summary>The keyset of lists ordered by an instant, then id: articles and claims by publication time.</summary>
public static class TimeIdCursor
{
    public static string Write(DateTime at, string id) =>
        Cursor.Encode(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture), id);

    public static bool TryRead(string? cursor, out DateTime at, out string id)
    {
        at = default;
        id = "";
        if (!Cursor.TryDecode(cursor, 2, out var keys) ||
            !DateTime.TryParse(keys[0], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out at))
        {
            return false;
        }

        at = DateTime.SpecifyKind(at.ToUniversalTime(), DateTimeKind.Utc);
        id = keys[1];
        return true;
    }
}

/// <summary>
/// Patterns for "contains" filters with LIKE, with every character the user sends taken literally: <c>%</c> and
/// <c>_</c> are wildcards on both providers, and SQL Server also reads <c>[</c> as the start of a character
/// class (<c>[a-c]</c>), so each of them, and the escape character itself, is preceded by <see cref="Escape"/>.
/// Always pass <see cref="Escape"/> as the escape character of <c>EF.Functions.Like</c>.
/// </summary>
public static class LikePattern
{
    public const string Escape = "\\";

    public static string Contains(string text) => "%" + Literal(text) + "%";

    /// <summary>The text as a LIKE pattern that matches exactly itself (with <see cref="Escape"/> as the escape).</summary>
    public static string Literal(string text)
    {
        var pattern = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '%' or '_' or '[')
            {
                pattern.Append('\\');
            }

            pattern.Append(c);
        }

        return pattern.ToString();
    }
}

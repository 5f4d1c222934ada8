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

/// <summary>Patterns for case-insensitive "contains" filters with LIKE, with the user's wildcards escaped.</summary>
public static class LikePattern
{
    public const string Escape = "\\";

    public static string Contains(string text) =>
        "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}

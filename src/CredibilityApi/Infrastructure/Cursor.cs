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

using System.Security.Cryptography;

namespace CredibilityApi.Domain;

/// <summary>
/// Opaque, stable identifiers: a short type prefix and a version-7 UUID (RFC 9562) in hex. They sort by creation
/// time as plain strings on every provider, which keyset paging relies on.
/// </summary>
/// <remarks>
/// <see cref="Guid.CreateVersion7()"/> fills everything after the millisecond with random bits, so two ids made in
/// the same millisecond sort at random: four claims marked in a row could list out of order. Here the 12 bits after
/// the version (<c>rand_a</c>) are a counter within the millisecond (RFC 9562, section 6.2, method 1), so the ids of
/// one process strictly increase; the remaining 62 bits stay random. Ids made on different nodes in the same
/// millisecond still sort by their random part, which is as good as any order between them.
/// </remarks>
public static class Ids
{
    private static readonly Lock Gate = new();
    private static long _lastMillisecond;
    private static int _counter;

    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        var millisecond = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        int counter;
        lock (Gate)
        {
            if (millisecond > _lastMillisecond)
            {
                _lastMillisecond = millisecond;
                _counter = 0;
            }
            else if (++_counter > 0xFFF)
            {
                // 4,096 ids in one millisecond: borrow the next millisecond rather than wrap.
                _lastMillisecond++;
                _counter = 0;
            }

            millisecond = _lastMillisecond;
            counter = _counter;
        }

        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)millisecond;
            millisecond >>= 8;
        }

        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return $"{prefix}_{Convert.ToHexStringLower(bytes)}";
    }
}

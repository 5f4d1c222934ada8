using System.Security.Cryptography;
using System.Text;

namespace CredibilityApi.Domain;

/// <summary>
/// Hashes API keys for storage and lookup: HMAC-SHA-256 under a server-side pepper that is never stored in the
/// database. A copy of the keys table alone then cannot confirm a guessed key, however short. Keys stored before
/// the pepper existed carry a plain SHA-256 (<see cref="KeyHashScheme.Sha256"/>) until they are next used.
/// </summary>
public sealed class KeyHasher
{
    /// <summary>The least length of a key chosen by an operator (the bootstrap admin key) and of the pepper.</summary>
    public const int MinimumSecretLength = 32;

    private readonly byte[] _pepper;

    public KeyHasher(string pepper)
    {
        if (pepper.Length < MinimumSecretLength)
        {
            throw new ArgumentException($"The key pepper must have at least {MinimumSecretLength} characters.", nameof(pepper));
        }

        _pepper = Encoding.UTF8.GetBytes(pepper);
    }

    /// <summary>The stored hash of a key: HMAC-SHA-256 under the pepper, lower-case hex.</summary>
    public string Hash(string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_pepper, Encoding.UTF8.GetBytes(secret)));

    /// <summary>The plain SHA-256 that keys stored before the pepper carry, to find and upgrade them.</summary>
    public static string LegacyHash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

using System.Security.Cryptography;

namespace CredibilityApi.Domain;

/// <summary>What an account may do. Annotators write annotations, researchers only read, admins manage.</summary>
public enum Role
{
    // Least privilege first, so a client's default value never grants more than reading.
    Researcher,
    Annotator,
    Admin,
}

public sealed class Account : VersionedEntity
{
    private readonly List<ApiKey> _keys = [];

    private Account() { }

    public Account(string name, Role role, string? email, DateTime now)
    {
        Id = Ids.New("acc");
        Name = name;
        Role = role;
        Email = email;
        Created(now);
    }

    public string Name { get; private set; } = "";
    public string? Email { get; private set; }
    public Role Role { get; private set; }
    public IReadOnlyList<ApiKey> Keys => _keys;

    /// <summary>Creates a key for this account and returns it with its secret, which is never stored.</summary>
    public (ApiKey Key, string Secret) IssueKey(string? name, DateTime? expiresAt, DateTime now, KeyHasher hasher)
    {
        if (expiresAt is { } e && e <= now)
        {
            throw new DomainException("A key cannot expire in the past.");
        }

        var secret = ApiKey.GenerateSecret();
        var key = new ApiKey(Id, ApiKey.GeneratePrefix(), hasher.Hash(secret), name, expiresAt, now);
        _keys.Add(key);
        return (key, secret);
    }

    /// <summary>
    /// Adds a key whose secret was chosen elsewhere (the bootstrap admin key from configuration). Its label is
    /// random like any other key's: nothing of the secret is stored.
    /// </summary>
    public ApiKey AddKnownKey(string secret, string name, DateTime now, KeyHasher hasher)
    {
        if (secret.Length < KeyHasher.MinimumSecretLength)
        {
            throw new DomainException($"A configured key must have at least {KeyHasher.MinimumSecretLength} characters.");
        }

        var key = new ApiKey(Id, ApiKey.GeneratePrefix(), hasher.Hash(secret), name, null, now);
        _keys.Add(key);
        return key;
    }
}

/// <summary>How <see cref="ApiKey.Hash"/> was computed.</summary>
public enum KeyHashScheme
{
    /// <summary>Plain SHA-256 of the key, as keys were stored before the pepper; replaced by the pepper's hash on the key's next use.</summary>
    Sha256 = 0,

    /// <summary>HMAC-SHA-256 of the key under the server's pepper (<c>Auth:KeyPepper</c>).</summary>
    HmacSha256 = 1,
}

public sealed class ApiKey
{
    private const string SecretPrefix = "cred_";

    private ApiKey() { }

    internal ApiKey(string accountId, string prefix, string hash, string? name, DateTime? expiresAt, DateTime now)
    {
        Id = Ids.New("key");
        AccountId = accountId;
        Prefix = prefix;
        Hash = hash;
        Name = name;
        ExpiresAt = expiresAt;
        CreatedAt = now;
    }

    public string Id { get; private init; } = "";
    public string AccountId { get; private init; } = "";

    /// <summary>
    /// A short random label, shown so a user can tell their keys apart. It is drawn on its own and is not part of
    /// the secret, so showing it gives away nothing of the key.
    /// </summary>
    public string Prefix { get; private init; } = "";

    /// <summary>
    /// HMAC-SHA-256 of the key under the server's pepper, in lower-case hex (<see cref="HashScheme"/>). A key has
    /// 256 random bits, so a fast keyed hash is enough; the pepper, kept out of the database, means a stolen
    /// copy of the table cannot even be checked against a guessed key.
    /// </summary>
    public string Hash { get; private init; } = "";

    public KeyHashScheme HashScheme { get; private init; } = KeyHashScheme.HmacSha256;

    public string? Name { get; private init; }
    public DateTime CreatedAt { get; private init; }
    public DateTime? ExpiresAt { get; private init; }
    public DateTime? RevokedAt { get; private set; }

    public bool IsActive(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(DateTime now) => RevokedAt ??= now;

    /// <summary>A random secret: "cred_" and 256 random bits in base64url.</summary>
    internal static string GenerateSecret() => SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A random label of 8 characters from an alphabet without look-alikes (no 0/o, 1/l/i), drawn apart from the secret.</summary>
    internal static string GeneratePrefix() => "key-" + RandomNumberGenerator.GetString(PrefixAlphabet, 8);

    private const string PrefixAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Security.Cryptography;
using System.Text;

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
    public (ApiKey Key, string Secret) IssueKey(string? name, DateTime? expiresAt, DateTime now)
    {
        if (expiresAt is { } e && e <= now)
        {
            throw new DomainException("A key cannot expire in the past.");
        }

        var secret = ApiKey.GenerateSecret(out var prefix);
        var key = new ApiKey(Id, prefix, ApiKey.HashOf(secret), name, expiresAt, now);
        _keys.Add(key);
        return (key, secret);
    }

    /// <summary>Adds a key whose secret was chosen elsewhere (the bootstrap admin key from configuration).</summary>
    public ApiKey AddKnownKey(string secret, string name, DateTime now)
    {
        var prefix = secret.Length >= 12 ? secret[..12] : secret;
        var key = new ApiKey(Id, prefix, ApiKey.HashOf(secret), name, null, now);
        _keys.Add(key);
        return key;
    }
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

    /// <summary>The first characters of the key, shown so a user can tell their keys apart.</summary>
    public string Prefix { get; private init; } = "";

    /// <summary>SHA-256 of the key in lower-case hex. A key has 256 random bits, so a fast hash is enough.</summary>
    public string Hash { get; private init; } = "";

    public string? Name { get; private init; }
    public DateTime CreatedAt { get; private init; }
    public DateTime? ExpiresAt { get; private init; }
    public DateTime? RevokedAt { get; private set; }

    public bool IsActive(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(DateTime now) => RevokedAt ??= now;

    public static string HashOf(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    internal static string GenerateSecret(out string prefix)
    {
        var random = Base64Url(RandomNumberGenerator.GetBytes(32));
        var secret = SecretPrefix + random;
        prefix = secret[..12];
        return secret;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

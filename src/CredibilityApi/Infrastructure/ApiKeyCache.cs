using System.Collections.Concurrent;
using CredibilityApi.Domain;

namespace CredibilityApi.Infrastructure;

/// <summary>What authentication needs to know about a key, as read from the database.</summary>
public sealed record KnownKey(string KeyId, string AccountId, string AccountName, Role Role, DateTime? RevokedAt, DateTime? ExpiresAt);

/// <summary>
/// Keys recently seen, by the SHA-256 of the key, for <c>Auth:KeyCacheSeconds</c> (30 by default; 0 turns the
/// cache off), so a busy client is not one extra database read per request. Revoking a key through this
/// process forgets it at once; another process sharing the database sees a revocation within that many
/// seconds. Expiry is checked on every request against the cached instant. Unknown keys are not cached.
/// </summary>
public sealed class ApiKeyCache(IConfiguration configuration, TimeProvider clock)
{
    /// <summary>Past this many entries the cache starts over, so no flood of keys can grow it without bound.</summary>
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (KnownKey Key, long Until)> _byHash = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(configuration.GetValue("Auth:KeyCacheSeconds", 30));

    public async Task<KnownKey?> GetOrLoadAsync(string hash, Func<Task<KnownKey?>> load)
    {
        var now = clock.GetTimestamp();
        if (_byHash.TryGetValue(hash, out var entry) && now < entry.Until)
        {
            return entry.Key;
        }

        var key = await load();
        if (key is not null && _lifetime > TimeSpan.Zero)
        {
            if (_byHash.Count >= MaxEntries)
            {
                _byHash.Clear();
            }

            _byHash[hash] = (key, now + (long)(_lifetime.TotalSeconds * clock.TimestampFrequency));
        }

        return key;
    }

    /// <summary>Drops the key with this id, so its revocation takes effect on the next request.</summary>
    public void Forget(string keyId)
    {
        foreach (var (hash, entry) in _byHash)
        {
            if (entry.Key.KeyId == keyId)
            {
                _byHash.TryRemove(hash, out _);
            }
        }
    }
}

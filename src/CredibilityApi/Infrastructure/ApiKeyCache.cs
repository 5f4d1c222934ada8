using System.Collections.Concurrent;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Infrastructure;

/// <summary>What authentication needs to know about a key, as read from the database.</summary>
public sealed record KnownKey(string KeyId, string AccountId, string AccountName, Role Role, DateTime? RevokedAt, DateTime? ExpiresAt);

/// <summary>
/// Keys recently seen, by the SHA-256 of the key, for <c>Auth:KeyCacheSeconds</c> (30 by default; 0 turns the
/// cache off), so a busy client is not one extra database read per request. Expiry is checked on every request
/// against the cached instant. Unknown keys are not cached.
/// <para>
/// Revocations reach every node within about a second: a revocation also changes the <see cref="RevocationStamp"/>
/// row, and before answering from the cache this node reads that row if it has not done so for
/// <c>Auth:RevocationCheckSeconds</c> (1 by default): one primary-key read per node per second at most, and none
/// while no cached key is used. When the stamp changed, every cached key is forgotten and read again. Revoking a
/// key through this process also forgets it at once.
/// </para>
/// </summary>
public sealed class ApiKeyCache(IConfiguration configuration, TimeProvider clock, IServiceScopeFactory scopes)
{
    /// <summary>Past this many entries the cache starts over, so no flood of keys can grow it without bound.</summary>
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (KnownKey Key, long Until)> _byHash = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(configuration.GetValue("Auth:KeyCacheSeconds", 30));
    private readonly TimeSpan _stampInterval = TimeSpan.FromSeconds(configuration.GetValue("Auth:RevocationCheckSeconds", 1.0));
    private readonly SemaphoreSlim _stampGate = new(1, 1);

    /// <summary>The stamp last read; null until the first read, so the first read always starts the cache over.</summary>
    private Guid? _stamp;

    /// <summary>When the stamp was last read (a <see cref="TimeProvider.GetTimestamp"/>); 0: never.</summary>
    private long _stampReadAt;

    /// <summary>Bumped whenever the cache starts over, so a key read before that is not put back afterwards.</summary>
    private long _generation;

    /// <summary>
    /// The cached key for this hash when it can be answered without an await: the entry is fresh and the revocation stamp
    /// is not due for a read. Otherwise false, and <see cref="GetOrLoadAsync"/> does the rest.
    /// </summary>
    public bool TryGetFresh(string hash, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KnownKey? key)
    {
        if (!StampDue() && _byHash.TryGetValue(hash, out var entry) && clock.GetTimestamp() < entry.Until)
        {
            key = entry.Key;
            return true;
        }

        key = null;
        return false;
    }

    public async Task<KnownKey?> GetOrLoadAsync(string hash, Func<Task<KnownKey?>> load, CancellationToken ct = default)
    {
        if (_byHash.ContainsKey(hash))
        {
            await CheckStampAsync(ct);
            if (_byHash.TryGetValue(hash, out var entry) && clock.GetTimestamp() < entry.Until)
            {
                return entry.Key;
            }
        }

        var generation = Interlocked.Read(ref _generation);
        var now = clock.GetTimestamp();
        var key = await load();
        if (key is not null && _lifetime > TimeSpan.Zero)
        {
            if (_byHash.Count >= MaxEntries)
            {
                _byHash.Clear();
            }

            _byHash[hash] = (key, now + (long)(_lifetime.TotalSeconds * clock.TimestampFrequency));

            // The cache started over while the key was read: the read may predate the revocation that caused it.
            if (Interlocked.Read(ref _generation) != generation)
            {
                _byHash.TryRemove(hash, out _);
            }
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

    /// <summary>
    /// Reads the revocation stamp when the last read is older than the interval, and starts the cache over when it
    /// changed. Concurrent requests wait for the one read rather than each reading.
    /// </summary>
    private async Task CheckStampAsync(CancellationToken ct)
    {
        if (!StampDue())
        {
            return;
        }

        await _stampGate.WaitAsync(ct);
        try
        {
            if (!StampDue())
            {
                return;
            }

            var readAt = clock.GetTimestamp();
            Guid stamp;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
                stamp = await db.RevocationStamps.AsNoTracking()
                    .Where(s => s.Id == RevocationStamp.RowId)
                    .Select(s => s.Value)
                    .SingleOrDefaultAsync(ct);
            }

            if (_stamp != stamp)
            {
                Interlocked.Increment(ref _generation);
                _byHash.Clear();
                _stamp = stamp;
            }

            Volatile.Write(ref _stampReadAt, readAt);
        }
        finally
        {
            _stampGate.Release();
        }
    }

    private bool StampDue()
    {
        var readAt = Volatile.Read(ref _stampReadAt);
        return readAt == 0 || clock.GetElapsedTime(readAt) >= _stampInterval;
    }
}

using CredibilityApi.Domain;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.LoadBaseline;

internal sealed record Caller(string AccountId, string Role);

/// <summary>
/// API keys, read once at start-up and then checked in memory: the presented key's HMAC-SHA-256 under the pepper
/// (as the API computes it) looked up in a dictionary. Keys issued, revoked or expired after start-up are
/// not seen; the benchmark issues none.
/// </summary>
internal sealed class Keys
{
    private readonly Dictionary<string, Caller> _byHash;
    private readonly KeyHasher _hasher;

    private Keys(Dictionary<string, Caller> byHash, KeyHasher hasher) => (_byHash, _hasher) = (byHash, hasher);

    public int Count => _byHash.Count;

    public static Keys Load(string connectionString, string pepper)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT k.Hash, k.AccountId, a.Role FROM ApiKeys k JOIN Accounts a ON a.Id = k.AccountId " +
            "WHERE k.RevokedAt IS NULL AND (k.ExpiresAt IS NULL OR k.ExpiresAt > $now)";
        command.Parameters.AddWithValue("$now", DateTime.UtcNow);
        using var reader = command.ExecuteReader();
        var byHash = new Dictionary<string, Caller>(StringComparer.Ordinal);
        while (reader.Read())
        {
            byHash[reader.GetString(0)] = new Caller(reader.GetString(1), reader.GetString(2));
        }

        return new Keys(byHash, new KeyHasher(pepper));
    }

    /// <summary>The caller of a request with a known key in X-Api-Key or Authorization: Bearer; null otherwise.</summary>
    public Caller? Authenticate(HttpContext context)
    {
        var presented = context.Request.Headers["X-Api-Key"].ToString().Trim();
        if (presented.Length == 0)
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            presented = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : "";
        }

        return presented.Length > 0 && _byHash.TryGetValue(_hasher.Hash(presented), out var caller) ? caller : null;
    }
}

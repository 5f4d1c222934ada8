using System.Collections.Concurrent;
using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Data;

/// <summary>
/// Published rubric versions never change (a change is a new version, and nothing edits or deletes one), so what a
/// version defines is read once per process and database (several databases share a process in the tests) instead
/// of on every rating and every score read.
/// </summary>
public static class RubricCatalog
{
    private static readonly ConcurrentDictionary<(string? Database, int Version), IReadOnlyDictionary<string, RubricDimension>> DimensionsOf = new();
    private static readonly ConcurrentDictionary<(string? Database, int Current), IReadOnlyList<string>> KeysUpTo = new();

    /// <summary>The dimensions of a rubric version by key, in the table's order; empty for a version that does not exist (not remembered, it may be published later).</summary>
    public static async Task<IReadOnlyDictionary<string, RubricDimension>> DimensionsAsync(CredibilityDbContext db, int version, CancellationToken ct)
    {
        var key = (db.Database.GetConnectionString(), version);
        if (DimensionsOf.TryGetValue(key, out var known))
        {
            return known;
        }

        var dimensions = await db.RubricDimensions.AsNoTracking().Where(d => d.RubricVersion == version).ToDictionaryAsync(d => d.Key, StringComparer.Ordinal, ct);
        return dimensions.Count == 0 ? dimensions : DimensionsOf.GetOrAdd(key, dimensions);
    }

    /// <summary>Every dimension key of the rubric versions up to <paramref name="current"/> (the newest), in ordinal order.</summary>
    public static async Task<IReadOnlyList<string>> KeysAsync(CredibilityDbContext db, int current, CancellationToken ct)
    {
        var key = (db.Database.GetConnectionString(), current);
        if (KeysUpTo.TryGetValue(key, out var known))
        {
            return known;
        }

        var keys = (await db.RubricDimensions.AsNoTracking().Where(d => d.RubricVersion <= current).Select(d => d.Key).Distinct().ToListAsync(ct))
            .Order(StringComparer.Ordinal).ToList();
        return keys.Count == 0 ? keys : KeysUpTo.GetOrAdd(key, keys);
    }
}

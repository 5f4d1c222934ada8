using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using Mapster;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Outlets;

/// <summary>Reads one outlet as the API shows it; null when there is none.</summary>
public interface IOutletReader
{
    Task<OutletModel?> GetAsync(string id, CancellationToken ct);
}

/// <summary>Through EF Core: any provider (SQL Server uses it).</summary>
internal sealed class EfOutletReader(CredibilityDbContext db, TypeAdapterConfig mapping) : IOutletReader
{
    public Task<OutletModel?> GetAsync(string id, CancellationToken ct) =>
        db.Outlets.AsNoTracking()
            .Where(o => o.Id == id)
            .ProjectToType<OutletModel>(mapping)
            .SingleOrDefaultAsync(ct);
}

/// <summary>
/// On SQLite: one prepared statement on a held-open connection (<see cref="SqliteReadSessions"/>), the same answer as
/// <see cref="EfOutletReader"/> (<c>Features/Outlets/OutletReaderTests</c> compares the two on outlets of every shape).
/// </summary>
internal sealed class SqliteOutletReader(SqliteReadSessions sessions) : IOutletReader
{
    private const string Sql =
        "SELECT o.Name, o.Homepage, o.Country, o.Language, o.Ownership, o.Notes, o.MirrorDomains, o.RegisteredBy, o.CreatedAt, o.UpdatedAt, o.Version, " +
        "d.Host, d.IsPrimary FROM Outlets o LEFT JOIN OutletDomains d ON d.OutletId = o.Id WHERE o.Id = $p0";

    public Task<OutletModel?> GetAsync(string id, CancellationToken ct) =>
        sessions.ReadAsync(session => Read(session, id), ct).AsTask();

    private static OutletModel? Read(ReadSession session, string id)
    {
        using var reader = session.Command(Sql, id).ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var name = reader.GetString(0);
        var homepage = StringOrNull(reader, 1);
        var country = StringOrNull(reader, 2);
        var language = StringOrNull(reader, 3);
        var ownership = Enum.Parse<Ownership>(reader.GetString(4));
        var notes = StringOrNull(reader, 5);
        var mirrorDomains = reader.GetBoolean(6);
        var registeredBy = StringOrNull(reader, 7);
        var createdAt = DateTime.SpecifyKind(reader.GetDateTime(8), DateTimeKind.Utc);
        var updatedAt = DateTime.SpecifyKind(reader.GetDateTime(9), DateTimeKind.Utc);
        var version = reader.GetInt32(10);
        string? primary = null;
        var aliases = new List<string>();
        do
        {
            if (reader.IsDBNull(11))
            {
                continue;
            }

            if (reader.GetBoolean(12))
            {
                primary ??= reader.GetString(11);
            }
            else
            {
                aliases.Add(reader.GetString(11));
            }
        }
        while (reader.Read());

        // The EF reader orders aliases in SQL; hosts are lower-case ASCII (IDNs as punycode), where SQLite's BINARY order is ordinal.
        aliases.Sort(StringComparer.Ordinal);
        return new OutletModel
        {
            Id = id, Name = name, Homepage = homepage, PrimaryDomain = primary!, Aliases = aliases, Country = country, Language = language,
            Ownership = ownership, Notes = notes, MirrorDomains = mirrorDomains, RegisteredBy = registeredBy,
            CreatedAt = createdAt, UpdatedAt = updatedAt, ETag = ETags.For(version),
        };
    }

    private static string? StringOrNull(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}

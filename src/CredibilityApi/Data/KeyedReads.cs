using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CredibilityApi.Data;

/// <summary>
/// Reads the rows of an entity whose key columns equal one of a set of exact keys, one index search per key: the keys go
/// to the database as one JSON array parameter (<c>json_each</c> on SQLite, <c>OPENJSON</c> on SQL Server) joined to the
/// table. LINQ has no translation for a list of tuples, and filtering each column by its own <c>IN</c> list reads the
/// cross product of the lists: for a rollup batch of 32 ratings, 2,500 annotator rows to find 30 (issue 13's fold
/// profile). The SQL is built from the EF model (table, columns, column types and collations), so it follows the mapping.
/// </summary>
public static class KeyedReads
{
    /// <summary>
    /// The rows of <typeparamref name="T"/> whose <paramref name="properties"/> equal one of <paramref name="keys"/> (each
    /// key's values in the order of the properties, as the entity holds them: strings, <see cref="DateOnly"/>, enums).
    /// Composable: add <c>AsNoTracking</c> as needed. Duplicate keys are read once.
    /// </summary>
    public static IQueryable<T> WithKeys<T>(this DbSet<T> set, CredibilityDbContext db, IReadOnlyList<string> properties, IEnumerable<object[]> keys)
        where T : class
    {
        var columns = Columns(db.Model, typeof(T), properties);
        var json = Json(columns, keys);
        var sql = Statements.GetOrAdd((db.GetType(), typeof(T), string.Join(',', properties)), key =>
        {
            // Column types and collations are kept in the design-time model only (the read-optimized one throws), so the
            // statement is built from it, once per context type, entity and key columns.
            var model = db.GetService<IDesignTimeModel>().Model;
            var designed = Columns(model, key.Entity, properties);
            var entity = model.FindEntityType(key.Entity)!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var helper = db.GetService<ISqlGenerationHelper>();
            return db.Database.IsSqlite() ? SqliteSql(helper, table, designed) : SqlServerSql(helper, table, designed);
        });
        return set.FromSql(FormattableStringFactory.Create(sql, json));
    }

    private static readonly ConcurrentDictionary<(Type Context, Type Entity, string Properties), string> Statements = new();

    private static List<IProperty> Columns(IModel model, Type type, IReadOnlyList<string> properties)
    {
        var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not mapped.");
        return properties.Select(name => entity.FindProperty(name) ?? throw new InvalidOperationException($"{type.Name} has no property {name}.")).ToList();
    }

    /// <summary>
    /// A column of a table alias. Not <c>DelimitIdentifier(name, schema)</c>: SQLite's helper drops the schema, which left
    /// the columns unqualified, ambiguous where the table has a column named like json_each's (Annotations' Value).
    /// </summary>
    private static string Qualified(ISqlGenerationHelper q, string alias, string column) => $"{q.DelimitIdentifier(alias)}.{q.DelimitIdentifier(column)}";

    // Identifiers are delimited by the provider's own helper, as BulkInsert's statements are.
    private static string SqliteSql(ISqlGenerationHelper q, StoreObjectIdentifier table, List<IProperty> columns)
    {
        var sql = new StringBuilder($"SELECT {q.DelimitIdentifier("s")}.* FROM json_each({{0}}) AS {q.DelimitIdentifier("k")} JOIN {q.DelimitIdentifier(table.Name, table.Schema)} AS {q.DelimitIdentifier("s")} ON ");
        for (var i = 0; i < columns.Count; i++)
        {
            sql.Append(i == 0 ? "" : " AND ")
                .Append($"{Qualified(q, "s", columns[i].GetColumnName(table)!)} = json_extract({Qualified(q, "k", "value")}, '$[{i}]')");
        }

        return sql.ToString();
    }

    private static string SqlServerSql(ISqlGenerationHelper q, StoreObjectIdentifier table, List<IProperty> columns)
    {
        var with = string.Join(", ", columns.Select((c, i) => $"{q.DelimitIdentifier($"k{i}")} {c.GetColumnType(table)} '$[{i}]'"));
        var sql = new StringBuilder($"SELECT {q.DelimitIdentifier("s")}.* FROM OPENJSON({{0}}) WITH ({with}) AS {q.DelimitIdentifier("k")} JOIN {q.DelimitIdentifier(table.Name, table.Schema)} AS {q.DelimitIdentifier("s")} ON ");
        for (var i = 0; i < columns.Count; i++)
        {
            // A column with its own collation (the dimension keys' binary one) is compared in it, not in OPENJSON's default.
            var collate = columns[i].GetCollation() is { } collation ? $" COLLATE {collation}" : "";
            sql.Append(i == 0 ? "" : " AND ")
                .Append($"{Qualified(q, "s", columns[i].GetColumnName(table)!)} = {Qualified(q, "k", $"k{i}")}{collate}");
        }

        return sql.ToString();
    }

    /// <summary>The distinct keys as a JSON array of arrays, each value as the provider stores it (enums through their converters).</summary>
    private static string Json(List<IProperty> columns, IEnumerable<object[]> keys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var key in keys)
            {
                if (key.Length != columns.Count)
                {
                    throw new ArgumentException($"A key has {key.Length} values for {columns.Count} columns.", nameof(keys));
                }

                var values = key.Select((v, i) => Provider(columns[i], v)).ToArray();
                if (!seen.Add(string.Join('\u001f', values)))
                {
                    continue;
                }

                writer.WriteStartArray();
                foreach (var value in values)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Provider(IProperty column, object value)
    {
        var stored = column.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value;
        return stored switch
        {
            string s => s,
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            null => throw new ArgumentException($"A key has no value for {column.Name}."),
            _ => stored.ToString()!,
        };
    }
}

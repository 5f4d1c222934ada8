using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using CredibilityApi.Aggregation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CredibilityApi.Data;

/// <summary>
/// Saves the rollup rows the fold has tracked (<see cref="RollupMaintenance"/>) on SQLite with one statement per entity
/// type and operation, prepared once and run for each row, instead of SaveChanges, which builds and SQLite compiles a
/// statement per row (issue 13: 60% of the fold's time under SQLite's one write lock was SaveChanges). Each statement is
/// built from the EF model (table, columns, keys, each column's type mapping and value converter), so a row is stored as
/// SaveChanges would store it; deletes run first, then updates (every non-key column), then inserts, each checked to
/// have touched one row. Only for the rollup tables: entities with concurrency tokens, store-generated values other than
/// defaults, shadow, owned or complex properties are refused, and so is every other type (an annotation saved here
/// would bypass the rollup queue), all before anything is written. In the caller's transaction the caller has changed the
/// <see cref="ScoreStamp"/> (the fold does it first thing); without one it writes in a transaction of its own that
/// changes it, as the SaveChanges interceptor would. On SQL Server it is SaveChanges, which batches its statements in a
/// few round trips where these would take one per row.
/// </summary>
internal static class TrackedWrites
{
    private static readonly HashSet<Type> Rollups =
    [
        typeof(ArticleDimensionStats), typeof(OutletDayStats), typeof(OutletDayAnnotator), typeof(OutletBucketStats), typeof(BucketPrior),
    ];

    public static async Task SaveAsync(CredibilityDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            // SQL Server batches SaveChanges' statements in a few round trips, where these would be one per row.
            await db.SaveChangesAsync(ct);
            return;
        }

        db.ChangeTracker.DetectChanges();
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (entries.Count == 0)
        {
            return;
        }

        // Every type is checked before anything is written, so a refused row leaves no part of the save behind.
        foreach (var type in entries.Select(e => e.Metadata).Distinct())
        {
            Table.Of(type);
        }

        if (db.Database.CurrentTransaction is { } current)
        {
            await WriteAsync(db, entries, current.GetDbTransaction(), ct);
        }
        else
        {
            // No caller's transaction: one of its own, which changes the score stamp as the SaveChanges interceptor would.
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var own = await db.Database.BeginTransactionAsync(ct);
                await ScoreStamp.ChangeAsync(db, ct);
                await WriteAsync(db, entries, own.GetDbTransaction(), ct);
                await own.CommitAsync(ct);
            });
        }

        db.ChangeTracker.AcceptAllChanges();
    }

    private static async Task WriteAsync(CredibilityDbContext db, List<EntityEntry> entries, DbTransaction transaction, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        var timeout = db.Database.GetCommandTimeout();
        foreach (var state in new[] { EntityState.Deleted, EntityState.Modified, EntityState.Added })
        {
            foreach (var group in entries.Where(e => e.State == state).GroupBy(e => e.Metadata))
            {
                var table = Table.Of(group.Key);
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                if (timeout is { } seconds)
                {
                    command.CommandTimeout = seconds;
                }

                var columns = state switch
                {
                    EntityState.Deleted => table.Keys,
                    EntityState.Modified => [.. table.Values, .. table.Keys],
                    _ => [.. table.Keys, .. table.Values],
                };
                command.CommandText = state switch
                {
                    EntityState.Deleted => $"DELETE FROM {table.Name(sql)} WHERE {table.KeyMatch(sql, 0)}",
                    EntityState.Modified => $"UPDATE {table.Name(sql)} SET {string.Join(", ", table.Values.Select((c, i) => $"{c.Column(sql)} = {Placeholder(sql, i)}"))} WHERE {table.KeyMatch(sql, table.Values.Count)}",
                    _ => $"INSERT INTO {table.Name(sql)} ({string.Join(", ", columns.Select(c => c.Column(sql)))}) VALUES ({string.Join(", ", columns.Select((_, i) => Placeholder(sql, i)))})",
                };

                // The group's parameters are added at its first row; later rows set their values, each converted by the
                // column's type mapping as EF converts it (a parameter made for the value, and its value taken), so the
                // names are not built again and the statement keeps its parameters.
                var names = columns.Select((_, i) => sql.GenerateParameterName(Name(i))).ToArray();
                var prepared = false;
                foreach (var entry in group)
                {
                    for (var i = 0; i < columns.Count; i++)
                    {
                        var column = columns[i];
                        var parameter = column.Mapping.CreateParameter(command, names[i], column.Value(entry, state), column.Property.IsNullable);
                        if (prepared)
                        {
                            command.Parameters[i].Value = parameter.Value;
                        }
                        else
                        {
                            command.Parameters.Add(parameter);
                        }
                    }

                    // Prepared at its first run: SQLite compiles it once for the group, not once per row.
                    if (!prepared)
                    {
                        await command.PrepareAsync(ct);
                        prepared = true;
                    }

                    var affected = await command.ExecuteNonQueryAsync(ct);
                    if (affected != 1)
                    {
                        throw new DbUpdateConcurrencyException(
                            $"Expected to {state.ToString().ToLowerInvariant()} one {group.Key.ClrType.Name} row; the statement affected {affected}.");
                    }
                }
            }
        }
    }

    private static string Placeholder(ISqlGenerationHelper sql, int index) => sql.GenerateParameterNamePlaceholder(Name(index));

    private static string Name(int index) => "p" + index.ToString(CultureInfo.InvariantCulture);

    private sealed record ColumnOf(IProperty Property, string ColumnName, RelationalTypeMapping Mapping)
    {
        public string Column(ISqlGenerationHelper sql) => sql.DelimitIdentifier(ColumnName);

        /// <summary>
        /// The value to write: keys of a deleted or modified row as they were read; on insert, a column with a store default
        /// left at its CLR default gets the store default, as SaveChanges leaves it to the store.
        /// </summary>
        public object? Value(EntityEntry entry, EntityState state)
        {
            // The entry's value bags, not entry.Property(...): no PropertyEntry made per column per row.
            if (Property.IsPrimaryKey() && state != EntityState.Added)
            {
                return entry.OriginalValues[Property];
            }

            var value = entry.CurrentValues[Property];
            if (state == EntityState.Added && Property.TryGetDefaultValue(out var storeDefault) && Equals(value, Property.Sentinel))
            {
                return storeDefault;
            }

            return value;
        }
    }

    private sealed record Table(string TableName, string? Schema, IReadOnlyList<ColumnOf> Keys, IReadOnlyList<ColumnOf> Values)
    {
        private static readonly ConcurrentDictionary<IEntityType, Table> Known = new();

        public static Table Of(IEntityType type) => Known.GetOrAdd(type, Describe);

        public string Name(ISqlGenerationHelper sql) => sql.DelimitIdentifier(TableName, Schema);

        public string KeyMatch(ISqlGenerationHelper sql, int firstParameter) =>
            string.Join(" AND ", Keys.Select((k, i) => $"{k.Column(sql)} = {Placeholder(sql, firstParameter + i)}"));

        private static Table Describe(IEntityType type)
        {
            if (!Rollups.Contains(type.ClrType))
            {
                throw new NotSupportedException($"{type.ClrType.Name} is not a rollup row; save it with SaveChanges.");
            }

            if (type.GetComplexProperties().Any() || type.GetNavigations().Any() || type.GetSkipNavigations().Any())
            {
                throw new NotSupportedException($"{type.ClrType.Name} has complex properties or navigations, which these writes do not handle.");
            }

            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var keys = new List<ColumnOf>();
            var values = new List<ColumnOf>();
            foreach (var property in type.GetProperties())
            {
                if (property.IsShadowProperty() || property.IsConcurrencyToken
                    || property.ValueGenerated != ValueGenerated.Never && !property.TryGetDefaultValue(out _))
                {
                    throw new NotSupportedException($"{type.ClrType.Name}.{property.Name} is a shadow property, a concurrency token or generated by the store.");
                }

                var column = new ColumnOf(property, property.GetColumnName(table)!, property.GetRelationalTypeMapping());
                (property.IsPrimaryKey() ? keys : values).Add(column);
            }

            return new Table(table.Name, table.Schema, keys, values);
        }
    }
}

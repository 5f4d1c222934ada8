using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CredibilityApi.Data;

/// <summary>The columns of an entity type that the writers around the change tracker (<see cref="BulkInsert"/>, <see cref="SqliteRatingWriter"/>) write, from the EF model.</summary>
internal static class ModelColumns
{
    /// <summary>
    /// The properties an INSERT of <paramref name="type"/> writes, with their type mappings and getters: every property
    /// the store does not generate (an identity key is left to it). Anything it cannot write as SaveChanges would (other
    /// generated values, shadow, complex or owned properties) is refused, naming <paramref name="writer"/>.
    /// </summary>
    public static List<(IProperty Property, RelationalTypeMapping Mapping, IClrPropertyGetter Getter)> Inserted(IEntityType type, string writer)
    {
        if (type.GetComplexProperties().Any() || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned()))
        {
            throw new NotSupportedException($"{type.ClrType.Name} has complex or owned properties, which {writer} does not write.");
        }

        var columns = new List<(IProperty, RelationalTypeMapping, IClrPropertyGetter)>();
        foreach (var property in type.GetProperties())
        {
            if (property.ValueGenerated != ValueGenerated.Never)
            {
                // Only an identity key is left to the store; anything else generated would be silently missing.
                if (!property.IsPrimaryKey() || property.ClrType != typeof(long) && property.ClrType != typeof(int))
                {
                    throw new NotSupportedException($"{type.ClrType.Name}.{property.Name} is generated on add; {writer} writes identity keys only.");
                }

                continue;
            }

            if (property.IsShadowProperty())
            {
                throw new NotSupportedException($"{type.ClrType.Name}.{property.Name} is a shadow property, which {writer} does not write.");
            }

            columns.Add((property, property.GetRelationalTypeMapping(), property.GetGetter()));
        }

        return columns;
    }
}

using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Refuses <c>null</c> as an element of any list in a request (<c>"tags": [null]</c>,
/// <c>"attribution": [null]</c>). No list of the API holds nulls, and the validators' per-element rules
/// skip them, so without this a null element reached the handlers and failed there as a 500.
/// </summary>
/// <remarks>
/// A contract modifier rather than a list converter, so the serializer's own converters keep reading
/// the lists and error paths inside their elements (<c>values[0].value</c>) stay whole.
/// </remarks>
public static class NoNullElements
{
    public const string Message = "A list element is null.";

    public static void Modify(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (property.Set is not { } set || !IsListOfNullable(property.PropertyType))
            {
                continue;
            }

            property.Set = (target, value) =>
            {
                if (value is IList list && list.IndexOf(null) is var index and >= 0)
                {
                    // The serializer adds the property's path; the index rides in the message.
                    throw new JsonException($"{Message} Index: {index}");
                }

                set(target, value);
            };
        }
    }

    /// <summary>The failure for an exception this modifier threw, or null for any other.</summary>
    public static FluentValidation.Results.ValidationFailure? ToFailure(string field, string message)
    {
        if (!message.StartsWith(Message, StringComparison.Ordinal))
        {
            return null;
        }

        var element = $"{field}[{message[(Message.Length + " Index: ".Length)..]}]";
        return new FluentValidation.Results.ValidationFailure(element, $"'{element}' must not be null: send a value, or leave the element out.") { ErrorCode = "required" };
    }

    private static bool IsListOfNullable(Type type)
    {
        var element = type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        return type != typeof(string) && element is not null && (!element.IsValueType || Nullable.GetUnderlyingType(element) is not null);
    }
}

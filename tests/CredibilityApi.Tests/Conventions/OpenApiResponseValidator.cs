using System.Text.Json;
using System.Text.Json.Nodes;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// Checks a real response against the operation's declared response in the served OpenAPI document, as a
/// strict OpenAPI 3.0.3 reader does: the status and media type must be declared, and a JSON body must match
/// the schema: types, required, enums, <c>$ref</c>, <c>allOf</c>/<c>oneOf</c>/<c>anyOf</c>, items,
/// <c>additionalProperties</c>; and null only where <c>nullable: true</c> stands beside a <c>type</c>
/// (3.0.3: <c>nullable</c> without <c>type</c> adds nothing; a schema with no type at all accepts anything).
/// </summary>
public sealed class OpenApiResponseValidator(JsonNode document)
{
    private static readonly string[] JsonMediaTypes = ["application/json", "application/problem+json", "application/ld+json"];

    /// <summary>The problems found, empty when the response matches; <paramref name="method"/> in lower case.</summary>
    public List<string> Validate(string path, string method, int status, string? mediaType, string body)
    {
        var errors = new List<string>();
        var operation = document["paths"]?[path]?[method.ToLowerInvariant()];
        if (operation is null)
        {
            errors.Add($"{method} {path} is not in the document");
            return errors;
        }

        var response = operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? operation["responses"]?["default"];
        if (response is null)
        {
            errors.Add($"status {status} is not declared");
            return errors;
        }

        if (string.IsNullOrEmpty(body) || mediaType is null)
        {
            return errors;
        }

        var content = response["content"]?[mediaType];
        if (content is null)
        {
            errors.Add($"status {status}: media type {mediaType} is not declared");
            return errors;
        }

        if (!JsonMediaTypes.Contains(mediaType) || content["schema"] is not { } schema)
        {
            return errors;
        }

        JsonNode? value;
        try
        {
            value = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            errors.Add($"status {status}: the body is not JSON: {e.Message}");
            return errors;
        }

        ValidateValue(value, schema, "$", errors);
        return errors;
    }

    /// <summary>Validates <paramref name="value"/> against <paramref name="schema"/>, adding each mismatch to <paramref name="errors"/>.</summary>
    public void ValidateValue(JsonNode? value, JsonNode schema, string at, List<string> errors)
    {
        if (schema["$ref"] is { } reference)
        {
            ValidateValue(value, Resolve((string)reference!), at, errors);
            return;
        }

        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (var part in allOf)
            {
                ValidateValue(value, part!, at, errors);
            }
        }

        if (schema["oneOf"] is JsonArray oneOf)
        {
            var matches = oneOf.Count(part => Matches(value, part!, at));
            if (matches != 1)
            {
                errors.Add($"{at}: matches {matches} of the oneOf schemas, not exactly one (value: {Show(value)})");
            }
        }

        if (schema["anyOf"] is JsonArray anyOf && !anyOf.Any(part => Matches(value, part!, at)))
        {
            errors.Add($"{at}: matches none of the anyOf schemas (value: {Show(value)})");
        }

        var type = (string?)schema["type"];
        if (value is null)
        {
            // OAS 3.0.3: nullable adds null to the type beside it; with no type, nothing is said about null here.
            if (type is not null && schema["nullable"]?.GetValue<bool>() != true)
            {
                errors.Add($"{at}: null, but the schema ({type}) is not nullable");
            }

            if (type is not null && schema["enum"] is JsonArray nullableEnum && !nullableEnum.Any(e => e is null))
            {
                errors.Add($"{at}: null is not in the enum");
            }

            return;
        }

        if (type is not null && !HasType(value, type))
        {
            errors.Add($"{at}: expected {type}, got {value.GetValueKind()} ({Show(value)})");
            return;
        }

        if (schema["enum"] is JsonArray values && !values.Any(e => e is not null && JsonNode.DeepEquals(e, value)))
        {
            errors.Add($"{at}: {Show(value)} is not one of the enum values");
        }

        if (value is JsonObject obj)
        {
            var properties = schema["properties"] as JsonObject;
            if (schema["required"] is JsonArray required)
            {
                foreach (var name in required.Select(r => (string)r!))
                {
                    if (!obj.ContainsKey(name))
                    {
                        errors.Add($"{at}: required property '{name}' is missing");
                    }
                }
            }

            foreach (var (name, propertyValue) in obj)
            {
                if (properties?[name] is { } propertySchema)
                {
                    ValidateValue(propertyValue, propertySchema, $"{at}.{name}", errors);
                }
                else if (schema["additionalProperties"] is JsonValue allowed && allowed.GetValue<bool>() == false)
                {
                    errors.Add($"{at}: property '{name}' is not declared and additionalProperties is false");
                }
                else if (schema["additionalProperties"] is JsonObject additional)
                {
                    ValidateValue(propertyValue, additional, $"{at}.{name}", errors);
                }
            }
        }

        if (value is JsonArray array && schema["items"] is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                ValidateValue(array[i], items, $"{at}[{i}]", errors);
            }
        }
    }

    private bool Matches(JsonNode? value, JsonNode schema, string at)
    {
        var errors = new List<string>();
        ValidateValue(value, schema, at, errors);
        return errors.Count == 0;
    }

    private JsonNode Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Only local references are supported: {reference}");
        }

        var node = document;
        foreach (var segment in reference[2..].Split('/'))
        {
            node = node[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"Unresolved reference {reference}");
        }

        return node;
    }

    private static bool HasType(JsonNode value, string type) => (type, value.GetValueKind()) switch
    {
        ("object", JsonValueKind.Object) => true,
        ("array", JsonValueKind.Array) => true,
        ("string", JsonValueKind.String) => true,
        ("boolean", JsonValueKind.True or JsonValueKind.False) => true,
        ("number", JsonValueKind.Number) => true,
        ("integer", JsonValueKind.Number) => value.AsValue().TryGetValue<long>(out _) ||
            (double.TryParse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var d) && Math.Floor(d) == d),
        _ => false,
    };

    private static string Show(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 80 ? text[..80] + "…" : text;
    }
}

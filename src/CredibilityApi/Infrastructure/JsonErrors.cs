using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation.Results;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Turns the serializer's exceptions into field errors a client can act on, without the server's
/// type names: which field, and what it should have been.
/// </summary>
public static partial class JsonErrors
{
    private static readonly Type[] Enums = typeof(JsonErrors).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic).ToArray();

    public static ValidationFailure ToFailure(JsonException exception)
    {
        var field = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "body" : exception.Path.TrimStart('$', '.');
        var message = exception.Message;

        var unmapped = UnmappedProperty().Match(message);
        if (unmapped.Success)
        {
            var name = Within(field, unmapped.Groups[1].Value);
            return new ValidationFailure(name, $"'{name}' is not a property of this request. Check its spelling against the OpenAPI document.") { ErrorCode = "unknown-property" };
        }

        var duplicate = DuplicateProperty().Match(message);
        if (duplicate.Success)
        {
            var name = Within(field, duplicate.Groups[1].Value);
            return new ValidationFailure(name, $"'{name}' is sent more than once; send each property once.") { ErrorCode = "duplicate-property" };
        }

        var converted = ConvertedTo().Match(message);
        if (converted.Success)
        {
            var target = converted.Groups[1].Value;
            var enumType = Enums.FirstOrDefault(e => target.Contains(e.FullName!, StringComparison.Ordinal));
            var expected = enumType is not null
                ? "one of: " + string.Join(", ", Enum.GetNames(enumType).Select(JsonNamingPolicy.CamelCase.ConvertName))
                : Describe(target);
            return new ValidationFailure(field, $"'{field}' must be {expected}.") { ErrorCode = enumType is null ? "wrong-type" : "unknown-value" };
        }

        if (NullNotAllowed().IsMatch(message))
        {
            return new ValidationFailure(field, $"'{field}' must not be null: send a value, or leave the field out if it is optional.") { ErrorCode = "required" };
        }

        if (NoNullElements.ToFailure(field, message) is { } nullElement)
        {
            return nullElement;
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return new ValidationFailure("body", "The JSON is nested too deeply.") { ErrorCode = "invalid-json" };
        }

        var position = exception.LineNumber is { } line
            ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})"
            : "";
        return new ValidationFailure(field, $"The request body is not valid JSON{position}. Send a JSON object as described in the OpenAPI document.") { ErrorCode = "invalid-json" };
    }

    /// <summary>
    /// A property's path: the serializer's path is the object that holds it, or the property itself; either way the
    /// answer names it in full (<c>values[0].confidense</c>, not <c>confidense</c>).
    /// </summary>
    private static string Within(string path, string name) =>
        // Names are matched as the binder matches them, whatever their case ("RubricVersion" sent twice is 'rubricVersion').
        path == "body" || string.Equals(path, name, StringComparison.OrdinalIgnoreCase) ? name
        : path.EndsWith("." + name, StringComparison.OrdinalIgnoreCase) ? path[..^name.Length] + name
        : path.EndsWith("['" + name + "']", StringComparison.OrdinalIgnoreCase) ? path
        : $"{path}.{name}";

    /// <summary>The message for a query or route value that does not parse, e.g. <c>?kind=meme</c>.</summary>
    public static string QueryValueMessage(Type type, string name, Microsoft.Extensions.Primitives.StringValues value)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        var field = JsonNamingPolicy.CamelCase.ConvertName(name);
        var expected = target.IsEnum
            ? "one of: " + string.Join(", ", Enum.GetNames(target).Select(JsonNamingPolicy.CamelCase.ConvertName))
            : Describe(target.FullName ?? target.Name);
        return $"'{value}' is not valid for '{field}': it must be {expected}.";
    }

    private static string Describe(string typeName) => typeName switch
    {
        _ when typeName.Contains("List`1", StringComparison.Ordinal) || typeName.EndsWith("[]", StringComparison.Ordinal) => "an array",
        _ when typeName.Contains("System.String", StringComparison.Ordinal) => "a string",
        _ when typeName.Contains("System.DateTime", StringComparison.Ordinal) => "an ISO-8601 date-time such as 2021-03-14T09:30:00Z",
        _ when typeName.Contains("System.DateOnly", StringComparison.Ordinal) => "a date such as 2021-03-14 (year, month, day; no time)",
        _ when typeName.Contains("System.Int", StringComparison.Ordinal) => "an integer",
        _ when typeName.Contains("System.Double", StringComparison.Ordinal) || typeName.Contains("System.Decimal", StringComparison.Ordinal) => "a number",
        _ when typeName.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
        _ => "a JSON object",
    };

    [GeneratedRegex(@"^The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"[Dd]uplicate propert(?:y|ies)[^']*'([^']*)'")]
    private static partial Regex DuplicateProperty();

    [GeneratedRegex(@"doesn't allow setting null values")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex(@"could not be converted to (.+?)\. Path")]
    private static partial Regex ConvertedTo();
}

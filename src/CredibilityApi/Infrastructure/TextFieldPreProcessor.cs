using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation.Results;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// The convention behind <see cref="TextRules.IsAcceptable(string)"/>: every string of every request (body, route
/// and query, nested objects and lists included) is checked before the handler runs, so no slice can forget it.
/// A failing field is a 400 naming it by its JSON path (<c>name</c>, <c>attribution[0].agent</c>) with the code
/// <c>invalid-text</c>. When the slice's own validator has already refused the request, its 400 is the answer
/// (its <c>SingleLine</c>/<c>MultiLine</c> rules apply the same check, so such a field is still named).
/// </summary>
public sealed class TextFieldPreProcessor : IGlobalPreProcessor
{
    private const int MaxDepth = 8;

    public Task PreProcessAsync(IPreProcessorContext context, CancellationToken ct)
    {
        if (context.Request is null || context.HttpContext.ResponseStarted())
        {
            return Task.CompletedTask;
        }

        // Synchronous, and nothing allocated, when every string is acceptable (nearly every request).
        List<ValidationFailure>? failures = null;
        Check(context.Request, "", 0, ref failures);
        if (failures is null)
        {
            return Task.CompletedTask;
        }

        // When the slice's validator already failed, FastEndpoints sends its 400; only answer when it did not.
        var validatorFailed = context.ValidationFailures.Count > 0;
        context.ValidationFailures.AddRange(failures);
        return validatorFailed
            ? Task.CompletedTask
            : context.HttpContext.Response.SendErrorsAsync(context.ValidationFailures, StatusCodes.Status400BadRequest, cancellation: ct);
    }

    private static void Check(object value, string path, int depth, ref List<ValidationFailure>? failures)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (value)
        {
            case string text:
                if (!TextRules.IsAcceptable(text))
                {
                    var field = path.Length == 0 ? "value" : path;
                    (failures ??= []).Add(new ValidationFailure(field, string.Format(System.Globalization.CultureInfo.InvariantCulture, TextRules.AcceptableMessage, field))
                    {
                        ErrorCode = "invalid-text",
                    });
                }

                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Key is string key)
                    {
                        Check(key, path, depth + 1, ref failures);
                    }

                    if (entry.Value is not null)
                    {
                        Check(entry.Value, $"{path}.{entry.Key}", depth + 1, ref failures);
                    }
                }

                return;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    if (item is not null)
                    {
                        Check(item, $"{path}[{i}]", depth + 1, ref failures);
                    }

                    i++;
                }

                return;
        }

        var type = value.GetType();
        if (!IsRequestModel(type))
        {
            return;
        }

        foreach (var property in Properties(type))
        {
            if (property.GetValue(value) is { } child)
            {
                Check(child, path.Length == 0 ? Name(property) : $"{path}.{Name(property)}", depth + 1, ref failures);
            }
        }
    }

    /// <summary>Only the API's own request types are walked, never framework or BCL objects.</summary>
    private static bool IsRequestModel(Type type) =>
        type.IsClass && type.Namespace?.StartsWith("CredibilityApi", StringComparison.Ordinal) == true;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, PropertyInfo[]> Cache = new();

    private static PropertyInfo[] Properties(Type type) => Cache.GetOrAdd(type, t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
        .ToArray());

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<PropertyInfo, string> Names = new();

    private static string Name(PropertyInfo property) => Names.GetOrAdd(property, p =>
        p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name));
}

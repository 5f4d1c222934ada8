using System.Text.Json.Nodes;

namespace CredibilityApi.Tests.Fuzzing;

/// <summary>A parameter of an operation, as the OpenAPI document declares it.</summary>
public sealed record ContractParameter(string Name, string In, bool Required, JsonObject Schema);

/// <summary>
/// One write operation of the OpenAPI document: where it lives, who may call it, its parameters and its
/// request body schema (with <c>$ref</c>s left for <see cref="ContractDocument.Resolve"/>).
/// </summary>
public sealed record WriteOperation(
    string OperationId,
    string Method,
    string PathTemplate,
    JsonObject? BodySchema,
    JsonNode? BodyExample,
    IReadOnlyList<ContractParameter> Parameters,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Statuses)
{
    public IEnumerable<ContractParameter> PathParameters => Parameters.Where(p => p.In == "path");

    public bool Declares(string header) =>
        Parameters.Any(p => p.In == "header" && string.Equals(p.Name, header, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"{OperationId} ({Method} {PathTemplate})";
}

/// <summary>The served OpenAPI document, read as plain JSON so the fuzzer trusts only what the contract says.</summary>
public sealed class ContractDocument(JsonObject document)
{
    private static readonly string[] WriteMethods = ["post", "put", "patch", "delete"];

    public static ContractDocument Parse(string json) =>
        new(JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException("The OpenAPI document is empty."));

    public IReadOnlyList<WriteOperation> WriteOperations()
    {
        var operations = new List<WriteOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                if (!WriteMethods.Contains(method) || node is not JsonObject operation)
                {
                    continue;
                }

                var parameters = (operation["parameters"]?.AsArray() ?? [])
                    .Select(p => Resolve(p!))
                    .Select(p => new ContractParameter(
                        (string)p["name"]!,
                        (string)p["in"]!,
                        p["required"]?.GetValue<bool>() ?? false,
                        p["schema"] is { } s ? Resolve(s) : new JsonObject()))
                    .ToList();
                var media = operation["requestBody"]?["content"]?["application/json"];
                var schema = media?["schema"] is { } body ? Resolve(body) : null;
                var example = media?["example"] ?? schema?["example"];
                // The roles are in x-roles (OAS 3.0 keeps an apiKey requirement's scopes empty).
                var roles = operation["x-roles"]?.AsArray()
                    .Select(x => (string)x!)
                    .Distinct()
                    .ToList() ?? [];
                operations.Add(new WriteOperation(
                    (string?)operation["operationId"] ?? $"{method} {path}",
                    method.ToUpperInvariant(),
                    path,
                    schema,
                    example?.DeepClone(),
                    parameters,
                    roles,
                    operation["responses"]?.AsObject().Select(r => r.Key).ToList() ?? []));
            }
        }

        return operations;
    }

    /// <summary>
    /// The schema behind <paramref name="schema"/>: a <c>$ref</c> is followed, and a single-branch
    /// <c>oneOf</c>/<c>allOf</c>/<c>anyOf</c> (how the document marks a nullable reference) is unwrapped.
    /// Sibling keywords such as <c>nullable</c> or <c>example</c> win over the target's own.
    /// </summary>
    public JsonObject Resolve(JsonNode schema)
    {
        var current = schema.AsObject();
        JsonObject? target = null;
        if (current["$ref"] is { } reference)
        {
            var name = ((string)reference!).Split('/')[^1];
            target = Resolve(document["components"]!["schemas"]![name]!);
        }
        else
        {
            foreach (var combinator in new[] { "oneOf", "allOf", "anyOf" })
            {
                if (current[combinator] is JsonArray { Count: 1 } single)
                {
                    target = Resolve(single[0]!);
                }
            }
        }

        if (target is null)
        {
            return current.DeepClone().AsObject();
        }

        var merged = target.DeepClone().AsObject();
        foreach (var (key, value) in current)
        {
            if (key is not ("$ref" or "oneOf" or "allOf" or "anyOf"))
            {
                merged[key] = value?.DeepClone();
            }
        }

        return merged;
    }
}

using System.Text.Json;

namespace CredibilityApi.Client;

/// <summary>One field's error in a problem document: the field (<c>selector.exact</c>), why, and its machine code.</summary>
/// <param name="Name">The field, as a JSON path without the root (<c>values[0].value</c>).</param>
/// <param name="Reason">What is wrong, in words.</param>
/// <param name="Code">The machine code (<c>quote-ambiguous</c>, <c>unknown-dimension</c>, ...), when the API gives one.</param>
public sealed record ApiFieldError(string Name, string Reason, string? Code);

/// <summary>
/// An RFC 9457 problem document as every error of the API carries it, read from any <see cref="ApiException"/>:
/// the status, title and detail, the machine <see cref="Code"/>, the field errors, the trace id, and every other member.
/// </summary>
public sealed class ApiProblem
{
    /// <summary>The problem type URI.</summary>
    public string? Type { get; init; }

    /// <summary>A short summary of the kind of problem.</summary>
    public string? Title { get; init; }

    /// <summary>The HTTP status.</summary>
    public int? Status { get; init; }

    /// <summary>What went wrong with this request and how to fix it.</summary>
    public string? Detail { get; init; }

    /// <summary>The request path.</summary>
    public string? Instance { get; init; }

    /// <summary>The id under which the server logged the request.</summary>
    public string? TraceId { get; init; }

    /// <summary>
    /// The machine code: the problem's own <c>code</c> member (<c>look-alike-domain</c>, <c>duplicate-name</c>, ...),
    /// else the first field error's code (<c>quote-ambiguous</c>, ...); null when the API gave none.
    /// </summary>
    public string? Code { get; init; }

    /// <summary>The field errors of a validation problem; empty for other problems.</summary>
    public IReadOnlyList<ApiFieldError> Errors { get; init; } = [];

    /// <summary>Every other member of the document (<c>outletId</c>, <c>retryAfterSeconds</c>, ...).</summary>
    public IReadOnlyDictionary<string, JsonElement> Extensions { get; init; } = new Dictionary<string, JsonElement>();

    private static readonly HashSet<string> Standard = ["type", "title", "status", "detail", "instance", "traceId", "code", "errors"];

    /// <summary>Reads a problem document; null when <paramref name="json"/> is not a JSON object.</summary>
    public static ApiProblem? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var errors = root.TryGetProperty("errors", out var list) ? ReadErrors(list) : [];
            return new ApiProblem
            {
                Type = String(root, "type"),
                Title = String(root, "title"),
                Status = root.TryGetProperty("status", out var status) && status.TryGetInt32(out var s) ? s : null,
                Detail = String(root, "detail"),
                Instance = String(root, "instance"),
                TraceId = String(root, "traceId"),
                Code = String(root, "code") ?? errors.Select(e => e.Code).FirstOrDefault(c => c is not null),
                Errors = errors,
                Extensions = root.EnumerateObject().Where(p => !Standard.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Value.Clone()),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<ApiFieldError> ReadErrors(JsonElement list)
    {
        var errors = new List<ApiFieldError>();
        if (list.ValueKind == JsonValueKind.Array)
        {
            // FastEndpoints' shape: [{ name, reason, code }].
            foreach (var e in list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
            {
                errors.Add(new ApiFieldError(String(e, "name") ?? "", String(e, "reason") ?? "", String(e, "code")));
            }
        }
        else if (list.ValueKind == JsonValueKind.Object)
        {
            // ASP.NET Core's shape: { field: [reasons] }.
            foreach (var field in list.EnumerateObject())
            {
                var reasons = field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().Select(r => r.ToString()) : [field.Value.ToString()];
                errors.AddRange(reasons.Select(r => new ApiFieldError(field.Name, r, null)));
            }
        }

        return errors;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = $"{Status} {Title}";
        if (Code is not null)
        {
            text += $" ({Code})";
        }

        if (Detail is not null)
        {
            text += $": {Detail}";
        }

        return Errors.Count == 0 ? text : text + " " + string.Join("; ", Errors.Select(e => $"{e.Name}: {e.Reason}" + (e.Code is null ? "" : $" ({e.Code})")));
    }
}

/// <summary>Every exception of the client carries the API's problem document, typed, whatever the status.</summary>
public partial class ApiException
{
    private ApiProblem? _problem;
    private bool _parsed;

    /// <summary>The problem document of the response; null when the body was not one (a proxy's HTML page, say).</summary>
    public ApiProblem? Problem
    {
        get
        {
            if (!_parsed)
            {
                // The body as read (ReadResponseAsString), else the typed problem the generated code deserialised.
                _problem = ApiProblem.Parse(Response)
                    ?? (TypedResult is { } result ? ApiProblem.Parse(JsonSerializer.Serialize(result, result.GetType())) : null);
                _parsed = true;
            }

            return _problem;
        }
    }

    /// <summary>The deserialised body of an <see cref="ApiException{TResult}"/>; null here.</summary>
    protected virtual object? TypedResult => null;

    /// <summary>The problem in one line (status, title, code, detail, field errors) when there is one, else the generated message.</summary>
    public override string Message => Problem is { } problem ? $"The API answered {problem}" : base.Message;
}

/// <summary>Lets <see cref="ApiException.Problem"/> read the typed body when the text was not kept.</summary>
public partial class ApiException<TResult>
{
    /// <inheritdoc />
    protected override object? TypedResult => Result;
}

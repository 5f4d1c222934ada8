using System.Net.Http.Headers;
using System.Text;

namespace CredibilityApi.Tests.Fuzzing;

/// <summary>
/// One HTTP request exactly as the fuzzer sends it: the bytes of the body are kept, not a model, so
/// invalid UTF-8, raw number literals and duplicated keys survive to the wire.
/// </summary>
public sealed record FuzzRequest(
    string Method,
    string Url,
    string Role,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? ContentType)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Url, UriKind.Relative));
        foreach (var (name, value) in Headers)
        {
            // Without validation, so garbage reaches the server as sent.
            message.Headers.TryAddWithoutValidation(name, value).ShouldBeTrue($"header {name} could not be added");
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return message;
    }

    public FuzzRequest WithHeader(string name, string value) =>
        this with { Headers = [.. Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)), new(name, value)] };

    public FuzzRequest WithoutHeader(string name) =>
        this with { Headers = [.. Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))] };

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The request as text a person can replay: every header, and the body with its odd bytes spelt out.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Method).Append(' ').AppendLine(Url);
        text.Append("X-Api-Key: <").Append(Role).AppendLine(" key>");
        foreach (var (name, value) in Headers)
        {
            text.Append(name).Append(": ").AppendLine(Printable(value, 300));
        }

        if (Body is null)
        {
            text.AppendLine("(no body)");
            return text.ToString();
        }

        text.Append("Content-Type: ").AppendLine(ContentType ?? "(none)");
        text.Append("Content-Length: ").AppendLine(Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        text.AppendLine();
        const int whole = 4096;
        if (Body.Length <= whole)
        {
            text.AppendLine(RenderBytes(Body));
            text.Append("(body as base64: ").Append(Convert.ToBase64String(Body)).AppendLine(")");
        }
        else
        {
            text.Append(RenderBytes(Body.AsSpan(0, 1024)))
                .Append($" … [{Body.Length - 1280} bytes elided; rerun with FUZZ_SEED and FUZZ_CASE for the exact bytes] … ")
                .AppendLine(RenderBytes(Body.AsSpan(Body.Length - 256)));
        }

        return text.ToString();
    }

    /// <summary>UTF-8 where it is valid; every other byte, and every control character, as an escape.</summary>
    public static string RenderBytes(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                text.Append($"\\x{bytes[0]:X2}");
                bytes = bytes[1..];
                continue;
            }

            text.Append(System.Text.Rune.IsControl(rune) ? $"\\u{rune.Value:X4}" : rune.ToString());
            bytes = bytes[consumed..];
        }

        return text.ToString();
    }

    private static string Printable(string value, int max)
    {
        var rendered = RenderBytes(Encoding.UTF8.GetBytes(value));
        return rendered.Length <= max ? rendered : rendered[..max] + $"… ({value.Length} characters)";
    }
}

/// <summary>A generated case: the operation, what was mutated, and the request (plus any request it needs first).</summary>
public sealed record FuzzCase(int Index, WriteOperation Operation, string Mutation, FuzzRequest Request, FuzzRequest? Prelude = null)
{
    public IReadOnlyCollection<string> Slots { get; init; } = [];

    public string Describe(int seed) =>
        $"case {Index} of FUZZ_SEED={seed} (replay alone with FUZZ_SEED={seed} FUZZ_CASE={Index})\n" +
        $"operation: {Operation}\nmutation: {Mutation}\n" +
        (Prelude is null ? "" : $"sent first:\n{Prelude.Describe()}\n") +
        $"request:\n{Request.Describe()}";
}

using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json;
using System.Text.Json.Serialization;
using CredibilityApi.Client;

namespace CredibilityApi.Import;

/// <summary>A record of the input with the line it came from (1-based, counting every line of the input).</summary>
public sealed record InputRecord(long Line, AnnotationImportRecord Record, long Bytes);

/// <summary>A batch to send: its records in input order.</summary>
public sealed record Batch(IReadOnlyList<InputRecord> Records)
{
    public long FirstLine => Records[0].Line;
    public long LastLine => Records[^1].Line;
}

/// <summary>An input line that is not a record; nothing of its batch is sent.</summary>
public sealed class InputException(long line, string message) : Exception(message)
{
    public long Line { get; } = line;
}

/// <summary>
/// Reads NDJSON records and cuts them into batches of at most <c>batchSize</c> records and
/// <c>maxBatchBytes</c> bytes. Blank lines are passed over; line numbers count them, so they match an editor's.
/// </summary>
public sealed partial class NdjsonBatches(TextReader input, int batchSize, long maxBatchBytes, long skipLines)
{
    /// <summary>The API's JSON: camelCase, enums as strings, and a misspelt field is an error rather than dropped.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // As the API reads its bodies: "35" is not a number, and a field given twice is an error, not the last one winning.
        NumberHandling = JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private long _line;
    private InputRecord? _carried;

    /// <summary>The batch last handed out: the one in flight when sending fails.</summary>
    public Batch? CurrentBatch { get; private set; }

    /// <summary>Input lines read so far, including skipped and blank ones.</summary>
    public long LinesRead => _line;

    /// <summary>Bytes of input read so far (UTF-8, with line ends), for progress.</summary>
    public long BytesRead { get; private set; }

    public async IAsyncEnumerable<Batch> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        while (_line < skipLines && await input.ReadLineAsync(ct) is { } skipped)
        {
            _line++;
            BytesRead += Encoding.UTF8.GetByteCount(skipped) + 1;
        }

        var batch = new List<InputRecord>(batchSize);
        long bytes = 0;
        while (true)
        {
            var next = _carried ?? await ReadRecordAsync(ct);
            _carried = null;
            if (next is null)
            {
                break;
            }

            if (batch.Count > 0 && (batch.Count >= batchSize || bytes + next.Bytes > maxBatchBytes))
            {
                _carried = next;
                yield return CurrentBatch = new Batch(batch);
                batch = new List<InputRecord>(batchSize);
                bytes = 0;
                continue;
            }

            batch.Add(next);
            bytes += next.Bytes;
        }

        if (batch.Count > 0)
        {
            yield return CurrentBatch = new Batch(batch);
        }
    }

    private async Task<InputRecord?> ReadRecordAsync(CancellationToken ct)
    {
        while (await input.ReadLineAsync(ct) is { } text)
        {
            _line++;
            var bytes = Encoding.UTF8.GetByteCount(text) + 1;
            BytesRead += bytes;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            return new InputRecord(_line, Parse(_line, text), bytes);
        }

        return null;
    }

    public static AnnotationImportRecord Parse(long line, string text)
    {
        try
        {
            return JsonSerializer.Deserialize<AnnotationImportRecord>(text, Json)
                ?? throw new InputException(line, "The line is 'null', not a record.");
        }
        catch (JsonException e)
        {
            throw new InputException(line, $"Not a valid record: {Describe(e)}");
        }
    }

    /// <summary>What is wrong with a line, by its field's path (<c>framing.selector</c>), without the client's type names.</summary>
    public static string Describe(JsonException e)
    {
        var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : e.Path.TrimStart('$', '.');
        string Field(string name) =>
            path.Length == 0 || string.Equals(path, name, StringComparison.OrdinalIgnoreCase) ? name
            : path.EndsWith("." + name, StringComparison.OrdinalIgnoreCase) ? path[..^name.Length] + name
            : $"{path}.{name}";

        if (Unmapped().Match(e.Message) is { Success: true } unmapped)
        {
            return $"'{Field(unmapped.Groups[1].Value)}' is not a field of an import record (each line has the shape of a row of GET /api/v1/exports/annotations).";
        }

        if (Duplicate().Match(e.Message) is { Success: true } duplicate)
        {
            return $"'{Field(duplicate.Groups[1].Value)}' is given more than once.";
        }

        if (e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) && path.Length > 0)
        {
            return $"'{path}' has the wrong type or an unknown value (numbers are JSON numbers, enums camelCase strings).";
        }

        return e.BytePositionInLine is { } at ? $"not valid JSON (at character {at + 1})." : "not valid JSON.";
    }

    [GeneratedRegex(@"^The JSON property '([^']*)' could not be mapped")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"[Dd]uplicate propert(?:y|ies)[^']*'([^']*)'")]
    private static partial Regex Duplicate();
}

using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Exports;

/// <summary>
/// Writes an export's rows straight into the response pipe and flushes every few hundred rows (or
/// 64 KiB), so memory stays constant however large the page is and the client sees rows as they come.
/// Flushing waits when the client reads slowly, which holds the database reader back with it.
/// </summary>
internal sealed class ExportWriter : IDisposable
{
    private const int FlushEveryRows = 256;
    private const long FlushEveryBytes = 64 * 1024;

    private readonly PipeWriter _pipe;
    private readonly CancellationToken _ct;
    private readonly Utf8JsonWriter _json;
    private readonly StringBuilder _row = new();
    private int _rows;
    private long _bytes;

    public ExportWriter(PipeWriter pipe, CancellationToken ct)
    {
        _pipe = pipe;
        _ct = ct;
        _json = new Utf8JsonWriter(pipe);
    }

    /// <summary>One value as JSON, in the API's own serialisation.</summary>
    public void Json<T>(T value)
    {
        JsonSerializer.Serialize(_json, value, ExportJson.Options);
        _json.Flush();
        _bytes += _json.BytesCommitted;
        _json.Reset(_pipe);
    }

    public void Text(ReadOnlySpan<char> text) => _bytes += Encoding.UTF8.GetBytes(text, _pipe);

    /// <summary>One CSV record (RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF ends it).</summary>
    public void CsvRecord(params ReadOnlySpan<string?> fields)
    {
        _row.Clear();
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                _row.Append(',');
            }

            Csv.AppendField(_row, fields[i]);
        }

        _row.Append("\r\n");
        foreach (var chunk in _row.GetChunks())
        {
            Text(chunk.Span);
        }
    }

    /// <summary>Marks the end of a row; flushes when enough rows or bytes are waiting.</summary>
    public async ValueTask EndRowAsync()
    {
        if (++_rows >= FlushEveryRows || _bytes >= FlushEveryBytes)
        {
            await FlushAsync();
        }
    }

    public async ValueTask FlushAsync()
    {
        _rows = 0;
        _bytes = 0;
        await _pipe.FlushAsync(_ct);
    }

    public void Dispose() => _json.Dispose();
}

/// <summary>The JSON rules of the API (<see cref="Infrastructure.Json.Configure"/>), for rows written outside FastEndpoints.</summary>
internal static class ExportJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        Infrastructure.Json.Configure(options);
        return options;
    }
}

/// <summary>Cell values for the CSV exports: the same texts as in the JSON.</summary>
internal static class Csv
{
    private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\r\n");

    /// <summary>One field, neutralised against formula injection (<see cref="CsvInjection"/>), then quoted when needed.</summary>
    public static void AppendField(StringBuilder row, string? value)
    {
        value = CsvInjection.Neutralise(value);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(NeedsQuotes) < 0)
        {
            row.Append(value);
            return;
        }

        row.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    /// <summary>An instant as the JSON writes it: ISO 8601 UTC, fraction only when there is one.</summary>
    public static string? Instant(DateTime? at) =>
        at?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    public static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>An enum value as the JSON writes it (camelCase).</summary>
    public static string? Name<TEnum>(TEnum? value)
        where TEnum : struct, Enum =>
        value is { } v ? JsonNamingPolicy.CamelCase.ConvertName(v.ToString()) : null;

    /// <summary>A list in one cell, separated by semicolons.</summary>
    public static string List(IEnumerable<string> values) => string.Join(';', values);
}

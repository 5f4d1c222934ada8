using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CredibilityApi.Tests.Features.Exports;

/// <summary>Reading the exports as a researcher's script would: raw HTTP, lines, CSV records and the paging headers.</summary>
internal static class ExportReader
{
    public static async Task<HttpResponseMessage> GetAsync(HttpClient http, string pathAndQuery, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response;
    }

    public static async Task<List<JsonNode>> NdjsonAsync(HttpClient http, string pathAndQuery, string? accept = null)
    {
        using var response = await GetAsync(http, pathAndQuery, accept);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/x-ndjson");
        return Lines(await response.Content.ReadAsStringAsync()).Select(l => JsonNode.Parse(l)!).ToList();
    }

    /// <summary>Every page from the first, following X-Next-Cursor; checks that Link carries the same cursor.</summary>
    public static async Task<(List<string> Bodies, int Pages)> AllPagesAsync(HttpClient http, string pathAndQuery, string? accept = null)
    {
        var bodies = new List<string>();
        string? cursor = null;
        do
        {
            var url = cursor is null ? pathAndQuery : $"{pathAndQuery}&cursor={Uri.EscapeDataString(cursor)}";
            using var response = await GetAsync(http, url, accept);
            bodies.Add(await response.Content.ReadAsStringAsync());
            cursor = response.Headers.TryGetValues("X-Next-Cursor", out var values) ? values.Single() : null;
            if (cursor is null)
            {
                response.Headers.Contains("Link").ShouldBeFalse();
            }
            else
            {
                var link = response.Headers.GetValues("Link").Single();
                link.ShouldEndWith(">; rel=\"next\"");
                var next = new Uri(link[1..link.IndexOf('>')]);
                System.Web.HttpUtility.ParseQueryString(next.Query)["cursor"].ShouldBe(cursor);
                next.AbsolutePath.ShouldBe(pathAndQuery[..pathAndQuery.IndexOf('?')]);
            }

            bodies.Count.ShouldBeLessThan(100, "the cursor never ran out");
        }
        while (cursor is not null);

        return (bodies, bodies.Count);
    }

    public static IEnumerable<string> Lines(string body) =>
        body.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static async Task<JsonNode> GetJsonAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>An RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF.</summary>
    public static List<List<string>> Csv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                field.Length.ShouldBe(0, "a quote may only open a field");
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r')
            {
                text[i + 1].ShouldBe('\n', "records end with CRLF");
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                c.ShouldNotBe('\n', "a bare line break outside quotes");
                field.Append(c);
            }
        }

        quoted.ShouldBeFalse("an unterminated quote");
        record.Count.ShouldBe(0, "the last record ends with CRLF");
        return records;
    }

    /// <summary>Records as dictionaries by the header's column names.</summary>
    public static List<Dictionary<string, string>> CsvRows(List<List<string>> records)
    {
        var header = records[0];
        return records.Skip(1).Select(r =>
        {
            r.Count.ShouldBe(header.Count);
            return header.Zip(r).ToDictionary(p => p.First, p => p.Second);
        }).ToList();
    }

    public static string Instant(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("O"));

    public static MediaTypeHeaderValue ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType!;
}

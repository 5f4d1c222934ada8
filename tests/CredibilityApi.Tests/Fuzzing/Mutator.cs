using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CredibilityApi.Domain;

namespace CredibilityApi.Tests.Fuzzing;

/// <summary>A place in a request body the schema describes: a property, an array element, or the body itself.</summary>
public sealed record Slot(IReadOnlyList<object> Path, JsonObject Schema, JsonObject? Parent, string? Property)
{
    public string Type => (string?)Schema["type"] ?? (Schema["properties"] is not null ? "object" : Schema["enum"] is not null ? "string" : "any");

    public bool IsRequired => Property is not null && Parent?["required"] is JsonArray required && required.Any(r => (string?)r == Property);

    public override string ToString() =>
        "$" + string.Concat(Path.Select(p => p is int i ? $"[{i}]" : "." + p));
}

/// <summary>
/// Derives hostile requests from a valid seed and the operation's schema. Every choice comes from the
/// <see cref="Random"/> passed in, so a seed and a case number give the same bytes on every run.
/// </summary>
public sealed class Mutator(ContractDocument contract)
{
    /// <summary>Every kind of mutation; the fuzzer walks them in turn for each operation.</summary>
    public static readonly string[] Kinds =
    [
        "wrong type: string", "wrong type: number", "wrong type: boolean", "wrong type: array", "wrong type: object", "wrong type: null",
        "missing required field", "extra unknown field", "duplicated key",
        "empty string", "whitespace string", "string at maxLength", "string over maxLength", "huge string",
        "control characters", "lone surrogate (JSON escape)", "lone surrogate (invalid UTF-8 bytes)", "SQL injection", "path traversal", "odd Unicode",
        "number below minimum", "number above maximum", "extreme number literal", "NaN or Infinity",
        "deep nesting", "huge array",
        "truncated JSON", "wrong Content-Type", "odd body",
        "hostile path parameter", "hostile query string", "garbage If-Match", "garbage Idempotency-Key", "reused Idempotency-Key",
    ];

    private const string RawMarker = "@@FUZZ_RAW@@";
    private const string KeyMarker = "@@FUZZ_KEY@@";

    private static readonly string[] SqlInjections =
    [
        "' OR '1'='1", "'; DROP TABLE Outlets; --", "\" OR \"\"=\"", "1; SELECT * FROM ApiKeys --",
        "' UNION SELECT Hash, Hash FROM ApiKeys --", "admin'--", "%' AND 1=0 UNION SELECT NULL --",
        "'); DELETE FROM Annotations; --", "1' ORDER BY 99 --", "' || (SELECT sqlite_version()) || '",
    ];

    private static readonly string[] Traversals =
    [
        "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/etc/passwd",
        "file:///etc/passwd", "....//....//etc/passwd", "..%c0%af..%c0%afetc", "https://example.com/../../admin",
        "\\\\server\\share\\x", "/dev/zero", "C:\\Windows\\System32\\drivers\\etc\\hosts",
    ];

    private static readonly string[] Controls =
        ["\u0000", "\u0001", "\u0007", "\b", "\u001b[31m", "\u007f", "\u0085", "\r\n", "\t", "\u2028", "\u2029", "a\u0000b", "\f", "\v"];

    private static readonly string[] OddUnicode =
    [
        "\u202Eevil.exe", "\u200B", "\uFEFFbom", "e\u0301", "\uFFFF", "\uFFFE", "\U0001D573\U0001D58A\U0001D591", "\U0001F600",
        "\U000E0041", "\uFDFA", "\u2167", "\u0130stanbul", "\u0000\uFFFF", "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ", "\u0627\u0644\u0639\u0631\u0628\u064A\u0629",
    ];

    private static readonly string[] SurrogateEscapes = ["\\ud800", "\\udfff", "\\ud800\\ud800", "\\udc00\\ud800", "a\\ud83d", "\\ud83dx"];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xFF], [0xFE], [0xC3, 0x28], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82], [0x80],
    ];

    private static readonly string[] NumberLiterals =
    [
        "1e309", "-1e309", "9223372036854775808", "-9223372036854775809", "-0", "1.5", "1e-400", "2147483648", "-2147483649",
        "123456789012345678901234567890.5", "00", "01", "+1", ".5", "1.", "0x10", "1_000", "1e", "--1", "4.9e-324", "1.7976931348623157e308",
    ];

    private static readonly string[] NamedNumbers = ["NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "nan", "inf"];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "application/json; charset=iso-8859-1", "application/jsonx", "application/problem+json", "application/merge-patch+json", "*/*", "", "application/json; charset=\"",
        "text/json", "application/octet-stream", "application/json, text/plain", "garbage",
    ];

    private static readonly string[] HostileIds =
    [
        // No %00: the test host throws on it before the app runs, where Kestrel answers 400 itself.
        "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..%5C..%5Cwindows", "%25", "%2F", "a%2Fb", "%20", "null", "undefined", "-1", "0",
        "9223372036854775808", "%27%20OR%20%271%27%3D%271", "%E2%80%AE", "%F0%9F%98%80", "%C0%AF", "%FF", "*", "out_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f",
        "ann_00000000000000000000000000000000", "%7B%7D", "%5B%5D", "%0A%0D", "con", "%3Cscript%3E",
    ];

    private static readonly string[] IfMatches =
    [
        "", " ", "garbage", "\"\"", "W/\"1\"", "\"999999999999999999999\"", "\"-1\"", "\"1\", \"2\", garbage", "\"1\u00e9\"", "\"a\tb\"",
        "\"" + new string('9', 10_000) + "\"", "'1'", "1", "\"1", "*, \"1\"", ",,,", "\"\\\"\"",
    ];

    private static readonly string[] IdempotencyKeys =
    [
        "", " ", "\t", new string('k', Limits.IdempotencyKeyLength + 1), new string('k', 10_000), "\u043a\u043b\u044e\u0447", "a\u007fb", "../../etc/passwd",
        "' OR 1=1 --", "\u00ff\u00fe", "\"quoted\"", "k,k", "\u3000",
    ];

    private static readonly string[] ExtraNames = ["unknown", "id", "articleId", "accountId", "keyId", "$type", "__proto__", "constructor", "Name", "NAME", "createdBy", "authorId", "etag", "version", ""];

    private static readonly string[] OddBodies =
    [
        "", "null", "[]", "\"just a string\"", "0", "true", "{}", " ", "\u0000", "{", "}", "[{}]", "{\"a\":1}{\"a\":2}",
    ];

    private readonly Dictionary<string, IReadOnlyList<Slot>> _slots = [];

    /// <summary>Mutates <paramref name="seed"/> by <paramref name="kind"/>; the description says where and with what.</summary>
    public (FuzzRequest Request, string Description, FuzzRequest? Prelude) Mutate(
        WriteOperation operation, FuzzRequest seed, JsonNode? seedBody, string kind, Random random)
    {
        // An operation without a body still gets JSON bodies thrown at it, labelled as JSON.
        seed = seed with { ContentType = seed.ContentType ?? "application/json" };
        JsonNode? body = seedBody?.DeepClone() ?? new JsonObject();
        var slots = SlotsOf(operation, body);
        var request = seed;
        string description;

        switch (kind)
        {
            case var k when k.StartsWith("wrong type", StringComparison.Ordinal):
            {
                var type = k["wrong type: ".Length..];
                var slot = Pick(random, slots, s => s.Type != type && !(type == "number" && s.Type == "integer")) ;
                var value = type switch
                {
                    "string" => JsonValue.Create(Pick(random, ["text", "", "1", "true", "null", "[]", "2021-03-14"])),
                    "number" => JsonValue.Create(Pick(random, [0, 1, -1, 3.25, 1e300])),
                    "boolean" => JsonValue.Create(random.Next(2) == 0),
                    "array" => new JsonArray(JsonValue.Create("x"), JsonValue.Create(1)),
                    "object" => new JsonObject { ["x"] = 1 },
                    _ => (JsonNode?)null,
                };
                body = Set(body, slot, value);
                description = $"{kind} at {slot}: {Show(value)}";
                break;
            }

            case "missing required field":
            {
                var required = slots.Where(s => s.IsRequired && Exists(body, s)).ToList();
                var slot = required.Count > 0 ? Pick(random, required) : Pick(random, slots.Where(s => s.Property is not null && Exists(body, s)).DefaultIfEmpty(slots[0]).ToList());
                body = Remove(body, slot);
                description = $"{kind}: removed {slot}";
                break;
            }

            case "extra unknown field":
            {
                var slot = Pick(random, slots, s => s.Type == "object" && Get(body, s) is JsonObject);
                var name = Pick(random, ExtraNames);
                var value = Pick<JsonNode?>(random, [JsonValue.Create("x"), JsonValue.Create(1), null, new JsonObject(), JsonValue.Create("out_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f")]);
                if (Get(body, slot) is JsonObject target)
                {
                    target[name] = value;
                }
                else
                {
                    body = Set(body, slot, new JsonObject { [name] = value });
                }

                description = $"{kind} '{name}' = {Show(value)} in {slot}";
                break;
            }

            case "duplicated key":
            {
                var slot = Pick(random, slots, s => Get(body, s) is JsonObject { Count: > 0 });
                if (Get(body, slot) is JsonObject { Count: > 0 } target)
                {
                    var property = target.ElementAt(random.Next(target.Count)).Key;
                    var value = Pick<JsonNode?>(random, [target[property]?.DeepClone(), JsonValue.Create("second"), JsonValue.Create(2), null]);
                    target[KeyMarker] = value;
                    var bytes = Splice(body, Encoding.UTF8.GetBytes(Quote(KeyMarker)), Encoding.UTF8.GetBytes(Quote(property)));
                    return (seed with { Body = bytes }, $"{kind} '{property}' (second value {Show(value)}) in {slot}", null);
                }

                description = $"{kind}: no object to duplicate a key in";
                break;
            }

            case "empty string":
            case "whitespace string":
            {
                var slot = Pick(random, slots, s => s.Type == "string");
                var value = kind == "empty string" ? "" : Pick(random, [" ", "   ", "\t", "\n", "\u00a0", "\u3000", " \r\n "]);
                body = Set(body, slot, value);
                description = $"{kind} at {slot}: {Show(value)}";
                break;
            }

            case "string at maxLength":
            case "string over maxLength":
            {
                var slot = Pick(random, slots, s => s.Type == "string" && s.Schema["maxLength"] is not null);
                var max = (int?)slot.Schema["maxLength"]?.GetValue<double>() ?? 4000;
                var length = kind == "string at maxLength" ? max : max + 1;
                var fill = Pick(random, ["a", "é", "\U0001F600"]);
                var value = Repeat(fill, length);
                body = Set(body, slot, value);
                description = $"{kind} at {slot}: {length} × {Show(fill)} (maxLength {max})";
                break;
            }

            case "huge string":
            {
                var slot = Pick(random, slots, s => s.Type == "string");
                var over = random.Next(2) == 0;
                var length = over ? (int)Limits.ArticleRequestBodyBytes + 1 : (int)Limits.RequestBodyBytes - 4096;
                body = Set(body, slot, JsonValue.Create(RawMarker));
                var raw = new byte[length + 2];
                raw.AsSpan().Fill((byte)'x');
                raw[0] = raw[^1] = (byte)'"';
                return (seed with { Body = Splice(body, Encoding.UTF8.GetBytes(Quote(RawMarker)), raw) },
                    $"{kind} at {slot}: {length} characters ({(over ? "over every body limit" : "just under the default body limit")})", null);
            }

            case "control characters":
            case "SQL injection":
            case "path traversal":
            case "odd Unicode":
            {
                var slot = Pick(random, slots, s => s.Type == "string");
                var hostile = Pick(random, kind switch
                {
                    "control characters" => Controls,
                    "SQL injection" => SqlInjections,
                    "path traversal" => Traversals,
                    _ => OddUnicode,
                });
                var value = Combine(random, Get(body, slot) as JsonValue, hostile);
                body = Set(body, slot, value);
                description = $"{kind} at {slot}: {Show(JsonValue.Create(value))}";
                break;
            }

            case "lone surrogate (JSON escape)":
            {
                var slot = Pick(random, slots, s => s.Type == "string");
                var escape = Pick(random, SurrogateEscapes);
                var around = (Get(body, slot) as JsonValue)?.TryGetValue<string>(out var s) == true ? s : "";
                var raw = Quote(around.Length > 0 && random.Next(2) == 0 ? Escape(around) + escape : escape);
                return (seed with { Body = Splice(Set(body, slot, RawMarker), Encoding.UTF8.GetBytes(Quote(RawMarker)), Encoding.UTF8.GetBytes(raw)) },
                    $"{kind} at {slot}: {raw}", null);
            }

            case "lone surrogate (invalid UTF-8 bytes)":
            {
                var slot = Pick(random, slots, s => s.Type == "string");
                var bad = Pick(random, InvalidUtf8);
                var raw = new List<byte> { (byte)'"', (byte)'a' };
                raw.AddRange(bad);
                raw.AddRange("b\""u8.ToArray());
                return (seed with { Body = Splice(Set(body, slot, RawMarker), Encoding.UTF8.GetBytes(Quote(RawMarker)), [.. raw]) },
                    $"{kind} at {slot}: bytes {Convert.ToHexString(bad)} inside a string", null);
            }

            case "number below minimum":
            case "number above maximum":
            {
                var below = kind == "number below minimum";
                var slot = Pick(random, slots, s => s.Type is "number" or "integer" && s.Schema[below ? "minimum" : "maximum"] is not null);
                var bound = slot.Schema[below ? "minimum" : "maximum"]?.GetValue<double>();
                var exclusive = slot.Schema[below ? "exclusiveMinimum" : "exclusiveMaximum"]?.GetValue<bool>() == true;
                var integer = slot.Type == "integer";
                var step = integer ? 1 : Pick(random, [1, 1e-9]);
                var value = bound is { } b
                    ? (exclusive ? b : below ? b - step : b + step)
                    : below ? (integer ? int.MinValue - 1d : -double.MaxValue) : (integer ? int.MaxValue + 1d : double.MaxValue);
                var literal = value.ToString("R", CultureInfo.InvariantCulture);
                return (seed with { Body = Splice(Set(body, slot, RawMarker), Encoding.UTF8.GetBytes(Quote(RawMarker)), Encoding.UTF8.GetBytes(literal)) },
                    $"{kind} at {slot}: {literal} (bound {bound?.ToString(CultureInfo.InvariantCulture) ?? "none"}{(exclusive ? ", exclusive" : "")})", null);
            }

            case "extreme number literal":
            case "NaN or Infinity":
            {
                var slot = Pick(random, slots, s => s.Type is "number" or "integer");
                var literal = Pick(random, kind == "NaN or Infinity" ? NamedNumbers : NumberLiterals);
                return (seed with { Body = Splice(Set(body, slot, RawMarker), Encoding.UTF8.GetBytes(Quote(RawMarker)), Encoding.UTF8.GetBytes(literal)) },
                    $"{kind} at {slot}: {literal}", null);
            }

            case "deep nesting":
            {
                var slot = Pick(random, slots, _ => true);
                var depth = Pick(random, [65, 1_000, 10_000]);
                var raw = random.Next(2) == 0
                    ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                return (seed with { Body = Splice(Set(body, slot, RawMarker), Encoding.UTF8.GetBytes(Quote(RawMarker)), Encoding.UTF8.GetBytes(raw)) },
                    $"{kind} at {slot}: {depth} levels of {raw[0]}", null);
            }

            case "huge array":
            {
                var slot = Pick(random, slots, s => s.Type == "array");
                var count = Pick(random, [51, 1_000, 100_000]);
                var element = Get(body, slot) is JsonArray { Count: > 0 } existing ? existing[0]!.ToJsonString() : "\"a\"";
                var raw = "[" + string.Join(',', Enumerable.Repeat(element, count)) + "]";
                return (seed with { Body = Splice(Set(body, slot, RawMarker), Encoding.UTF8.GetBytes(Quote(RawMarker)), Encoding.UTF8.GetBytes(raw)) },
                    $"{kind} at {slot}: {count} × {element}", null);
            }

            case "truncated JSON":
            {
                var bytes = Encoding.UTF8.GetBytes(Serialize(body));
                var cut = bytes.Length <= 1 ? 0 : random.Next(bytes.Length - 1);
                return (seed with { Body = bytes[..cut] }, $"{kind}: first {cut} of {bytes.Length} bytes", null);
            }

            case "wrong Content-Type":
            {
                var type = Pick(random, ContentTypes);
                var bytes = Encoding.UTF8.GetBytes(Serialize(body));
                return (seed with { Body = bytes, ContentType = type.Length == 0 ? null : type },
                    $"{kind}: {(type.Length == 0 ? "no Content-Type header at all" : type)}", null);
            }

            case "odd body":
            {
                var json = Serialize(body);
                var choice = random.Next(OddBodies.Length + 5);
                var (text, what) = choice switch
                {
                    _ when choice < OddBodies.Length => (OddBodies[choice], "replaced"),
                    _ when choice == OddBodies.Length => (json + " garbage", "trailing garbage"),
                    _ when choice == OddBodies.Length + 1 => ("// comment\n" + json, "a comment"),
                    _ when choice == OddBodies.Length + 2 => (json.EndsWith('}') && json.Length > 2 ? json[..^1] + ",}" : json + ",", "a trailing comma"),
                    _ when choice == OddBodies.Length + 3 => ("\uFEFF" + json, "a byte order mark"),
                    _ => (json + json, "two documents"),
                };
                return (seed with { Body = Encoding.UTF8.GetBytes(text) }, $"{kind} ({what})", null);
            }

            case "hostile path parameter":
            {
                var parameters = operation.PathParameters.ToList();
                var hostile = random.Next(4) == 0 ? new string('9', Pick(random, [41, 300, 10_000])) : Pick(random, HostileIds);
                if (parameters.Count == 0)
                {
                    request = seed with { Url = seed.Url + "/" + hostile };
                    description = $"{kind}: extra segment {Trim(hostile)} on a path without parameters";
                    break;
                }

                var parameter = Pick(random, parameters);
                var segments = operation.PathTemplate.Split('/');
                var index = Array.IndexOf(segments, "{" + parameter.Name + "}");
                var actual = seed.Url.Split('/');
                actual[index] = hostile;
                request = seed with { Url = string.Join('/', actual) };
                description = $"{kind}: {{{parameter.Name}}} = {Trim(hostile)}";
                break;
            }

            case "hostile query string":
            {
                var query = Pick(random,
                [
                    "id=..%2F..%2Fetc%2Fpasswd", "%24filter=1%27%20OR%20%271%27%3D%271", "a=1&a=2&a=3", "x=" + new string('q', 10_000), "%00=%00",
                    "q=%ZZ", "a[b][c]=1", "=&=&", "version=-1", "cursor=%27", "limit=99999999999999999999", "api-version=../../", "&&&", "%E2%80%AE=1",
                ]);
                request = seed with { Url = seed.Url + "?" + query };
                description = $"{kind}: ?{Trim(query)}";
                break;
            }

            case "garbage If-Match":
            {
                if (random.Next(5) == 0)
                {
                    request = seed.WithoutHeader("If-Match");
                    description = $"{kind}: header left out";
                    break;
                }

                var value = Pick(random, IfMatches);
                request = seed.WithHeader("If-Match", value);
                description = $"{kind}: {Trim(value)}";
                break;
            }

            case "garbage Idempotency-Key":
            {
                var value = Pick(random, IdempotencyKeys);
                request = seed.WithHeader("Idempotency-Key", value);
                description = $"{kind}: {Show(JsonValue.Create(Trim(value)))}";
                break;
            }

            case "reused Idempotency-Key":
            {
                var key = $"fuzz-{random.Next():x8}-{random.Next():x8}";
                var first = seed.WithHeader("Idempotency-Key", key);
                var (second, inner, _) = Mutate(operation, seed, seedBody, Pick(random, Kinds.Take(9).ToArray()), random);
                return (second.WithHeader("Idempotency-Key", key), $"{kind} '{key}': the seed first, then {inner}", first);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a mutation kind");
        }

        if (request == seed)
        {
            request = seed with { Body = seed.Body is null && seedBody is null && body is JsonObject { Count: 0 } ? null : Encoding.UTF8.GetBytes(Serialize(body)) };
        }

        return (request, description, null);
    }

    /// <summary>Every property and array element the schema describes, present in the seed or not, and the body itself.</summary>
    private IReadOnlyList<Slot> SlotsOf(WriteOperation operation, JsonNode? body)
    {
        if (_slots.TryGetValue(operation.OperationId, out var known))
        {
            return known;
        }

        var slots = new List<Slot>();
        var root = operation.BodySchema ?? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject(), ["additionalProperties"] = false };
        Walk(root, body, [], null, null, slots, 0);
        _slots[operation.OperationId] = slots;
        return slots;
    }

    private void Walk(JsonObject schema, JsonNode? value, List<object> path, JsonObject? parent, string? property, List<Slot> slots, int depth)
    {
        slots.Add(new Slot([.. path], schema, parent, property));
        if (depth > 6)
        {
            return;
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                Walk(contract.Resolve(child!), (value as JsonObject)?[name], [.. path, name], schema, name, slots, depth + 1);
            }
        }
        else if (schema["items"] is { } items)
        {
            Walk(contract.Resolve(items), (value as JsonArray) is { Count: > 0 } array ? array[0] : null, [.. path, 0], schema, null, slots, depth + 1);
        }
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>A slot matching <paramref name="wanted"/> if there is one; any property otherwise, and the body as a last resort.</summary>
    private static Slot Pick(Random random, IReadOnlyList<Slot> slots, Func<Slot, bool> wanted)
    {
        var matching = slots.Where(wanted).ToList();
        if (matching.Count == 0)
        {
            matching = slots.Where(s => s.Path.Count > 0).ToList();
        }

        return matching.Count == 0 ? slots[0] : matching[random.Next(matching.Count)];
    }

    private static JsonNode? Get(JsonNode? body, Slot slot)
    {
        JsonNode? node = body;
        foreach (var segment in slot.Path)
        {
            node = segment switch
            {
                string name when node is JsonObject o => o[name],
                int i when node is JsonArray a && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    private static bool Exists(JsonNode? body, Slot slot) =>
        slot.Path.Count > 0 && Get(body, Parent(slot)) is JsonObject o && slot.Path[^1] is string name && o.ContainsKey(name);

    private static Slot Parent(Slot slot) => slot with { Path = slot.Path.Take(slot.Path.Count - 1).ToList() };

    /// <summary>Puts <paramref name="value"/> at the slot, creating the objects and arrays on the way; returns the (maybe new) body.</summary>
    private static JsonNode? Set(JsonNode? body, Slot slot, JsonNode? value)
    {
        if (slot.Path.Count == 0)
        {
            return value;
        }

        if (body is null)
        {
            body = new JsonObject();
        }

        JsonNode current = body;
        for (var i = 0; i < slot.Path.Count - 1; i++)
        {
            var segment = slot.Path[i];
            var next = slot.Path[i + 1];
            JsonNode? child = segment switch
            {
                string name => (current as JsonObject)?[name],
                int index => current is JsonArray a && index < a.Count ? a[index] : null,
                _ => null,
            };
            if (child is null || (next is string && child is not JsonObject) || (next is int && child is not JsonArray))
            {
                child = next is int ? new JsonArray() : new JsonObject();
                Assign(current, segment, child);
            }

            current = child;
        }

        Assign(current, slot.Path[^1], value);
        return body;
    }

    private static JsonNode? Set(JsonNode? body, Slot slot, string value) => Set(body, slot, JsonValue.Create(value));

    private static void Assign(JsonNode parent, object segment, JsonNode? value)
    {
        switch (segment)
        {
            case string name when parent is JsonObject o:
                o[name] = value;
                break;
            case int index when parent is JsonArray a:
                if (index < a.Count)
                {
                    a[index] = value;
                }
                else
                {
                    a.Add(value);
                }

                break;
        }
    }

    private static JsonNode? Remove(JsonNode? body, Slot slot)
    {
        if (slot.Path.Count > 0 && Get(body, Parent(slot)) is JsonObject o && slot.Path[^1] is string name)
        {
            o.Remove(name);
        }

        return body;
    }

    /// <summary>The body's bytes with the (unique) marker replaced by raw bytes the serializer would never write.</summary>
    private static byte[] Splice(JsonNode? body, byte[] marker, byte[] raw)
    {
        var bytes = Encoding.UTF8.GetBytes(Serialize(body));
        var at = bytes.AsSpan().IndexOf(marker);
        at.ShouldBeGreaterThanOrEqualTo(0, "the marker is in the serialized body");
        return [.. bytes.AsSpan(0, at), .. raw, .. bytes.AsSpan(at + marker.Length)];
    }

    private static string Combine(Random random, JsonValue? current, string hostile)
    {
        var text = current is not null && current.TryGetValue<string>(out var s) ? s : "";
        return random.Next(3) switch
        {
            0 => hostile,
            1 => text + hostile,
            _ => hostile + text,
        };
    }

    private static string Repeat(string fill, int length)
    {
        var text = new StringBuilder(length * fill.Length);
        for (var i = 0; i < length; i++)
        {
            text.Append(fill);
        }

        return text.ToString();
    }

    private static string Serialize(JsonNode? body) => body?.ToJsonString() ?? "null";

    private static string Quote(string text) => "\"" + text + "\"";

    private static string Escape(string text) => JsonValue.Create(text).ToJsonString()[1..^1];

    private static string Show(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return Trim(text);
    }

    private static string Trim(string text) => text.Length <= 120 ? text : text[..120] + $"… ({text.Length} characters)";
}

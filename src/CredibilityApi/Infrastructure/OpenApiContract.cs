using System.Text.Json;
using NJsonSchema;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Makes the generated document one that strict OpenAPI 3.0.3 readers accept and that tells the whole truth
/// about what is sent: nullable references, security schemes and roles, the response headers the code sets,
/// and a described, exemplified problem body on every error response.
/// </summary>
internal sealed class OpenApiContract : IDocumentProcessor
{
    public const string BearerSchemeName = "Bearer";

    public void Process(DocumentProcessorContext context)
    {
        var document = context.Document;

        // Export records written by hand (no response type: framing spans, assignments, a campaign export's lines) get their
        // schemas here, before the rewrite below, so that they are written for strict readers like every other schema.
        foreach (var record in new[]
        {
            typeof(Features.Exports.FramingSpans.FramingSpanModel),
            typeof(Features.Exports.Assignments.AssignmentTimingModel),
            typeof(Features.Campaigns.Export.ExportRow),
        })
        {
            if (!context.SchemaResolver.HasSchema(record, false))
            {
                context.SchemaGenerator.Generate(record, context.SchemaResolver);
            }
        }

        foreach (var schema in document.Components.Schemas.Values)
        {
            NullableReferences.Rewrite(schema);
        }

        foreach (var description in document.Operations)
        {
            var operation = description.Operation;
            Exports.Apply(operation);
            foreach (var parameter in operation.Parameters)
            {
                if (parameter.Schema is not null)
                {
                    NullableReferences.Rewrite(parameter.Schema);
                }

                ClientNames.Apply(parameter);
            }

            foreach (var response in operation.Responses.Values)
            {
                foreach (var content in response.Content.Values)
                {
                    if (content.Schema is not null)
                    {
                        NullableReferences.Rewrite(content.Schema);
                    }
                }
            }

            Security.Apply(operation);
            ResponseHeaders.Apply(description);
            ErrorResponses.Apply(operation);
        }

        document.Components.SecuritySchemes[BearerSchemeName] = new OpenApiSecurityScheme
        {
            Type = OpenApiSecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The same API key, sent as 'Authorization: Bearer <key>'. It is an opaque key, not a JWT.",
        };
    }

    /// <summary>
    /// NSwag writes a nullable reference as <c>{nullable: true, oneOf: [{$ref}]}</c> (or <c>allOf</c>) with no
    /// <c>type</c>. OpenAPI 3.0.3 says <c>nullable</c> only adds null to the types named by a <c>type</c> beside it,
    /// so a strict reader ignores it there, and the referenced schema (an object or a string enum) rejects null.
    /// <c>{allOf: [{$ref}], type: object, nullable: true}</c> does not help either: <c>allOf</c> still applies the
    /// referenced schema to the null. So this writes
    /// <c>{oneOf: [{$ref}, {type: object, nullable: true, enum: [null]}]}</c>: the second branch accepts null and
    /// nothing else (3.0.3: a nullable enum must list null), the first branch never accepts null, so exactly one
    /// branch matches every valid value, as <c>oneOf</c> requires. Redocly and Spectral accept the form, and
    /// NJsonSchema (the C# client) reads it as a nullable reference.
    /// </summary>
    /// <summary>
    /// Idiomatic names for header parameters in generated clients: <c>If-Match</c> becomes <c>ifMatch</c> and
    /// <c>Idempotency-Key</c> becomes <c>idempotencyKey</c>, rather than the generator's <c>if_Match</c>. The name is
    /// written as NSwag's <c>x-originalName</c> extension, which its generators use for the variable name, while the
    /// header sent on the wire stays <c>name</c>. Other generators ignore the extension.
    /// </summary>
    internal static class ClientNames
    {
        public static void Apply(OpenApiParameter parameter)
        {
            if (parameter.Kind != OpenApiParameterKind.Header || string.IsNullOrEmpty(parameter.Name) || !parameter.Name.Contains('-'))
            {
                return;
            }

            var words = parameter.Name.Split('-', StringSplitOptions.RemoveEmptyEntries);
            parameter.OriginalName = string.Concat(words.Select((w, i) => i == 0
                ? w.ToLowerInvariant()
                : char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant()));
        }
    }

    /// <summary>
    /// FastEndpoints turns a validator's <c>RuleForEach(x => x.Tags).MaximumLength(64)</c> into <c>maxLength: 64</c>
    /// on the array, and <c>NotEmpty()</c> on a list into <c>minLength: 1</c>; OpenAPI gives string keywords no
    /// meaning on an array. Each limit is moved to where it applies: an item's length to the item schema, a
    /// list's non-emptiness to <c>minItems</c>.
    /// </summary>
    internal static class ArrayLengths
    {
        public static void Apply(JsonSchema schema)
        {
            if (schema.Type != JsonObjectType.Array || (schema.MaxLength is null && schema.MinLength is null))
            {
                return;
            }

            if (schema.MaxLength is { } max && schema.Item is { Type: JsonObjectType.String, MaxLength: null } item)
            {
                item.MaxLength = max;
            }

            if (schema.MinLength is > 0)
            {
                schema.MinItems = Math.Max(schema.MinItems, 1);
            }

            schema.MaxLength = null;
            schema.MinLength = null;
        }
    }

    internal static class NullableReferences
    {
        public static JsonSchema NullOnly()
        {
            var schema = new JsonSchema { Type = JsonObjectType.Object, IsNullableRaw = true };
            schema.Enumeration.Add(null);
            return schema;
        }

        public static void Rewrite(JsonSchema schema) => Rewrite(schema, new HashSet<JsonSchema>());

        private static void Rewrite(JsonSchema schema, HashSet<JsonSchema> seen)
        {
            if (!seen.Add(schema))
            {
                return;
            }

            ArrayLengths.Apply(schema);

            // (HasReference is also true for a single-item oneOf/allOf: Reference is the $ref itself.)
            if (schema.Reference is not null)
            {
                // {$ref, nullable: true}: a sibling of $ref is ignored, so the same oneOf form as below.
                if (schema.IsNullableRaw == true)
                {
                    var target = schema.Reference;
                    schema.Reference = null;
                    schema.OneOf.Add(new JsonSchema { Reference = target });
                    schema.OneOf.Add(NullOnly());
                }

                schema.IsNullableRaw = null;

                // {$ref, example}: siblings of $ref are ignored (and refused by Spectral); allOf keeps the example.
                if (schema.Reference is not null && schema.Example is not null)
                {
                    var target = schema.Reference;
                    schema.Reference = null;
                    schema.AllOf.Add(new JsonSchema { Reference = target });
                }

                return;
            }

            // nullable: false with no type says nothing, and strict readers refuse nullable without a type.
            if (schema.IsNullableRaw == false && schema.Type == JsonObjectType.None)
            {
                schema.IsNullableRaw = null;
            }

            if (schema.IsNullableRaw == true && schema.Type == JsonObjectType.None)
            {
                var refs = schema.OneOf.Count == 1 ? schema.OneOf : schema.AllOf.Count == 1 ? schema.AllOf : null;
                if (refs is not null && refs.Single().Reference is not null && schema.AnyOf.Count == 0)
                {
                    var reference = refs.Single();
                    schema.AllOf.Clear();
                    schema.OneOf.Clear();
                    schema.OneOf.Add(reference);
                    schema.OneOf.Add(NullOnly());
                    schema.IsNullableRaw = null;
                }
            }

            foreach (var property in schema.Properties.Values)
            {
                Rewrite(property, seen);
            }

            if (schema.Item is not null)
            {
                Rewrite(schema.Item, seen);
            }

            // Problem's extension members: NSwag writes {nullable: true} with no type, which strict readers refuse;
            // an empty schema already accepts any value, null included.
            if (schema.AdditionalPropertiesSchema is { Type: JsonObjectType.None, IsNullableRaw: true } any &&
                any.Reference is null && any.Properties.Count == 0 && any.OneOf.Count == 0 && any.AllOf.Count == 0)
            {
                any.IsNullableRaw = null;
            }

            if (schema.AdditionalPropertiesSchema is not null)
            {
                Rewrite(schema.AdditionalPropertiesSchema, seen);
            }
        }
    }

    /// <summary>
    /// Every operation accepts the key in <c>X-Api-Key</c> or as a bearer token. OAS 3.0 requires the scopes list
    /// of an apiKey or http requirement to be empty, so the roles FastEndpoints put there move to
    /// <c>x-roles</c> and the description.
    /// </summary>
    private static class Security
    {
        public static void Apply(OpenApiOperation operation)
        {
            if (operation.Security is null || operation.Security.Count == 0)
            {
                return;
            }

            var roles = operation.Security
                .SelectMany(r => r.Values)
                .SelectMany(scopes => scopes)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();

            operation.Security.Clear();
            operation.Security.Add(new OpenApiSecurityRequirement { [ApiKeyAuthenticator.SchemeName] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [BearerSchemeName] = [] });

            if (roles.Count > 0)
            {
                operation.ExtensionData ??= new Dictionary<string, object?>();
                operation.ExtensionData["x-roles"] = roles;
                var sentence = $"Roles: {string.Join(", ", roles)}.";
                if (operation.Description is null || !operation.Description.Contains(sentence, StringComparison.Ordinal))
                {
                    operation.Description = string.IsNullOrEmpty(operation.Description) ? sentence : $"{operation.Description}\n\n{sentence}";
                }
            }
        }
    }

    /// <summary>
    /// The response headers the code sets (see the comment on each for where), declared where they are sent.
    /// </summary>
    private static class ResponseHeaders
    {
        public static void Apply(OpenApiOperationDescription description)
        {
            var operation = description.Operation;
            var isPost = string.Equals(description.Method, "post", StringComparison.OrdinalIgnoreCase);

            foreach (var (status, response) in operation.Responses)
            {
                // RequestLogging: every response carries the request id.
                Add(response, RequestLoggingMiddleware.RequestIdHeader,
                    "The id of this request, also the traceId of a problem body and in the server's log.");

                // Endpoints that create set Location (and ETag when the resource is versioned: its body has an etag).
                if (status == "201")
                {
                    Add(response, "Location", "The URL of the created resource.");
                }

                if (status is "200" or "201" && HasETagInBody(response))
                {
                    // ETags.Set: versioned resources send their current ETag, for If-Match on the next update.
                    Add(response, "ETag", "The resource's current strong ETag; send it in If-Match to update it.");
                }

                switch (status)
                {
                    case "412":
                        // ETags.CheckIfMatchAsync: a stale If-Match is answered with the current ETag.
                        Add(response, "ETag", "The resource's current ETag.");
                        break;
                    case "409":
                        // DomainConflicts, Articles.Register: a conflict with an existing resource names it.
                        Add(response, "Location", "When the conflict is with an existing resource: its URL.");
                        if (isPost)
                        {
                            // IdempotencyMiddleware: a request with the same key still in progress.
                            Add(response, "Retry-After", "When the same Idempotency-Key is still in progress: seconds to wait.", JsonObjectType.Integer);
                        }

                        break;
                    case "429":
                        // RateLimiting: the seconds until the window has room again.
                        Add(response, "Retry-After", "Seconds to wait before retrying.", JsonObjectType.Integer);
                        break;
                    case "401":
                        // RoleAuthorizationMiddleware (the 401).
                        Add(response, "WWW-Authenticate", "The scheme to authenticate with: Bearer.");
                        break;
                }

                if (isPost && status.StartsWith('2'))
                {
                    // IdempotencyMiddleware: a replayed response says so.
                    Add(response, IdempotencyMiddleware.ReplayedHeader,
                        "'true' when this response is the replay of an earlier request with the same Idempotency-Key; absent otherwise.");
                }

                // Exports: the Link header gets a schema where its description is declared without one.
                if (response.Headers.TryGetValue("Link", out var link) && link.Schema is null)
                {
                    link.Schema = new JsonSchema { Type = JsonObjectType.String };
                    link.Example = "</api/v1/exports/claims?cursor=WyJjbGFpbXMiXQ&limit=10000>; rel=\"next\"";
                }
            }
        }

        private static bool HasETagInBody(OpenApiResponse response) =>
            response.Content.TryGetValue("application/json", out var json) &&
            json.Schema?.ActualSchema.ActualProperties.ContainsKey("etag") == true;

        private static void Add(OpenApiResponse response, string name, string description, JsonObjectType type = JsonObjectType.String)
        {
            if (!response.Headers.ContainsKey(name))
            {
                response.Headers[name] = new OpenApiHeader { Description = description, Schema = new JsonSchema { Type = type } };
            }
        }
    }

    /// <summary>
    /// Text bodies get a string schema and an example in their own format; export records name their schema.
    /// </summary>
    private static class Exports
    {
        private static readonly Dictionary<string, (string Schema, string?[] CsvHeader)> Records = new()
        {
            ["ExportClaims"] = ("Claim", Features.Exports.Claims.Endpoint.CsvHeader),
            ["ExportAnnotations"] = ("Annotation", Features.Exports.Annotations.Endpoint.CsvHeader),
            ["ExportFramingSpans"] = ("FramingSpan", Features.Exports.FramingSpans.Endpoint.CsvHeader),
            ["ExportAssignments"] = ("AssignmentTiming", Features.Exports.Assignments.Endpoint.CsvHeader),
            ["ExportCampaign"] = ("CampaignExportRow", []),
        };

        public static void Apply(OpenApiOperation operation)
        {
            if (operation.OperationId is null || !operation.Responses.TryGetValue("200", out var ok))
            {
                return;
            }

            if (Records.TryGetValue(operation.OperationId, out var record))
            {
                var sentence = $"Each record (an NDJSON line, a CSV or TSV row) is a {record.Schema} (#/components/schemas/{record.Schema}).";
                if (operation.Description?.Contains(sentence, StringComparison.Ordinal) != true)
                {
                    operation.Description = $"{operation.Description}\n\n{sentence}";
                }

                // The media types may share one OpenApiMediaType: each gets its own, with its own example.
                foreach (var (mediaType, content) in ok.Content.ToList())
                {
                    if (content.Example is null or string)
                    {
                        continue;
                    }

                    var json = ToJson(content.Example);
                    ok.Content[mediaType] = new OpenApiMediaType
                    {
                        Schema = content.Schema,
                        Example = mediaType switch
                        {
                            "text/csv" => Delimited(json, record.CsvHeader, ','),
                            "text/tab-separated-values" => Delimited(json, record.CsvHeader, '\t'),
                            _ => json.GetRawText() + "\n",
                        },
                    };
                }
            }

            // The score series as CSV is text, written by GetSeries.Csv from the same response.
            if (operation.OperationId == "GetScoreSeries" && ok.Content.TryGetValue("text/csv", out var csv))
            {
                var series = csv.Example as Features.Scores.GetSeries.Response
                    ?? (csv.Example is null or string ? null : ToJson(csv.Example).Deserialize<Features.Scores.GetSeries.Response>(JsonOptions.Value));
                ok.Content["text/csv"] = new OpenApiMediaType
                {
                    Schema = new JsonSchema { Type = JsonObjectType.String },
                    Example = series is null ? csv.Example as string : Features.Scores.GetSeries.Csv.Write(series),
                };
            }
        }

        private static System.Text.Json.JsonElement ToJson(object example)
        {
            // A Newtonsoft JToken (NSwag's own) prints as JSON; no compile-time reference to Newtonsoft, whose
            // version differs between the app and the test host.
            var text = example.GetType().FullName?.StartsWith("Newtonsoft.Json.Linq.", StringComparison.Ordinal) == true
                ? example.ToString()!
                : System.Text.Json.JsonSerializer.Serialize(example, example.GetType(), JsonOptions.Value);
            return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
        }

        private static readonly Lazy<System.Text.Json.JsonSerializerOptions> JsonOptions = new(() =>
        {
            var options = new System.Text.Json.JsonSerializerOptions();
            Json.Configure(options);
            return options;
        });

        /// <summary>A header and one row: each column is the record's field of that name (snake_case to camelCase), found at the top or one level down.</summary>
        private static string Delimited(System.Text.Json.JsonElement record, string?[] header, char separator)
        {
            var cells = header.Select(column => Cell(Find(record, column ?? ""), separator));
            return string.Join(separator, header) + "\n" + string.Join(separator, cells) + "\n";
        }

        private static System.Text.Json.JsonElement? Find(System.Text.Json.JsonElement record, string column)
        {
            var parts = column.Split('_');
            var camel = parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
            if (record.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return null;
            }

            if (record.TryGetProperty(camel, out var value))
            {
                return value;
            }

            // claimant_name -> claimant.name; span_start -> span.start
            if (parts.Length > 1 && record.TryGetProperty(parts[0], out var parent) && parent.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                var rest = string.Join('_', parts.Skip(1));
                if (Find(parent, rest) is { } nested)
                {
                    return nested;
                }
            }

            foreach (var property in record.EnumerateObject())
            {
                if (property.Value.ValueKind == System.Text.Json.JsonValueKind.Object && property.Value.TryGetProperty(camel, out var inner))
                {
                    return inner;
                }
            }

            return null;
        }

        private static string Cell(System.Text.Json.JsonElement? value, char separator)
        {
            var text = value?.ValueKind switch
            {
                System.Text.Json.JsonValueKind.String => value.Value.GetString() ?? "",
                System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => value.Value.GetRawText(),
                System.Text.Json.JsonValueKind.Array => string.Join(';', value.Value.EnumerateArray().Select(e => e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString() : e.GetRawText())),
                _ => "",
            };
            return separator == ',' && text.IndexOfAny([',', '"', '\n', '\r']) >= 0
                ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                : text;
        }
    }

    /// <summary>Every error response gets a description and an example problem body.</summary>
    private static class ErrorResponses
    {
        private static readonly Dictionary<string, (string Description, string Title, string Detail)> Known = new()
        {
            ["400"] = ("The request is malformed, a field is invalid, or a query parameter is not one this operation takes; errors names each.", "One or more validation errors occurred.", "name: 'Name' must not be empty."),
            ["401"] = ("No API key, or one that is unknown, revoked or expired.", "Unauthorized", "Send an API key in X-Api-Key or as 'Authorization: Bearer <key>'."),
            ["403"] = ("The key's role may not do this; the problem names the roles that may.", "Forbidden", "Only annotators and admins may do this."),
            ["404"] = ("No such resource, or one hidden from this caller.", "Not found", "No outlet has the id out_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f."),
            ["409"] = ("The request conflicts with the current state (a duplicate, or the same Idempotency-Key in progress).", "Conflict", "The domain herald-example.ir belongs to outlet out_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f."),
            ["412"] = ("The If-Match ETag is stale: the resource changed since it was read.", "Precondition failed", "The resource has changed since the ETag you sent; its current ETag is \"2\"."),
            ["413"] = ("The body is larger than the limit.", "Payload too large", "The body is larger than the limit of 1048576 bytes."),
            ["415"] = ("A body was sent that is not JSON.", "Unsupported media type", "Send the body as application/json."),
            ["422"] = ("The request is well-formed but cannot be applied; errors names the fields.", "Unprocessable", "The Idempotency-Key was used before with a different request."),
            ["428"] = ("If-Match is missing: updates must send the resource's current ETag.", "If-Match required", "Updates must send the resource's current ETag in If-Match."),
            ["429"] = ("Too many requests from this key or address; Retry-After says when to retry.", "Too many requests", "Retry after 1 second."),
            ["500"] = ("An unexpected error; the traceId identifies it in the server's log.", "Internal server error", "An unexpected error occurred."),
            ["503"] = ("The service is not ready.", "Service unavailable", "The database is not reachable."),
        };

        public static void Apply(OpenApiOperation operation)
        {
            foreach (var (status, response) in operation.Responses)
            {
                if (!int.TryParse(status, out var code) || code < 400)
                {
                    continue;
                }

                var known = Known.TryGetValue(status, out var k)
                    ? k
                    : (Description: "An error; see the problem body.", Title: "Error", Detail: "See the problem body.");
                if (string.IsNullOrWhiteSpace(response.Description) || response.Description == ReasonPhrase(code))
                {
                    response.Description = known.Description;
                }

                foreach (var (mediaType, content) in response.Content)
                {
                    if (mediaType != "application/problem+json" || content.Example is not null)
                    {
                        continue;
                    }

                    var isValidation = content.Schema?.ActualSchema.ActualProperties.ContainsKey("errors") == true;
                    var error = code == 400 && operation.RequestBody is null ? UnknownQueryParameter(operation) : (Name: "name", Reason: "'name' must not be empty.", Code: "required");

                    // A field-error problem as FastEndpoints writes it: the type and title of its status, the first
                    // error's reason as the detail.
                    var (type, title) = code == 422
                        ? ("https://www.rfc-editor.org/rfc/rfc4918#section-11.2", "Unprocessable Entity")
                        : ("https://www.rfc-editor.org/rfc/rfc7231#section-6.5.1", "Bad Request");
                    content.Example = isValidation
                        ? new Dictionary<string, object?>
                        {
                            ["type"] = type,
                            ["title"] = title,
                            ["status"] = code,
                            ["instance"] = "/api/v1/outlets",
                            ["traceId"] = "0HNA1B2C3D4E5:00000001",
                            ["detail"] = error.Reason,
                            ["errors"] = new[]
                            {
                                new Dictionary<string, object?> { ["name"] = error.Name, ["reason"] = error.Reason, ["code"] = error.Code },
                            },
                        }
                        : new Dictionary<string, object?>
                        {
                            ["type"] = $"https://httpstatuses.io/{code}",
                            ["title"] = known.Title,
                            ["status"] = code,
                            ["detail"] = known.Detail,
                            ["instance"] = "/api/v1/outlets",
                            ["traceId"] = "0HNA1B2C3D4E5:00000001",
                        };
                }
            }
        }

        /// <summary>An operation without a body refuses a stray query parameter: QueryParameterPreProcessor's own answer.</summary>
        private static (string Name, string Reason, string Code) UnknownQueryParameter(OpenApiOperation operation)
        {
            var taken = QueryParameterPreProcessor.Taken.Listing([.. operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Query).Select(p => p.Name)]);
            return ("q", taken.Refusal("q"), QueryParameterPreProcessor.ErrorCode);
        }

        private static string ReasonPhrase(int code) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code) switch
        {
            "Internal Server Error" => "Server Error",
            var phrase => phrase,
        };
    }
}

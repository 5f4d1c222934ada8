using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FastEndpoints.Swagger;
using NJsonSchema.Generation;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace CredibilityApi.Infrastructure;

public static class OpenApi
{
    public const string DocumentPath = DocumentRoot + "/{documentName}.json";

    /// <summary>Where the document is served, below which NSwag's middlewares run.</summary>
    private const string DocumentRoot = "/openapi";

    /// <summary>Swagger UI's path (its page is <c>/swagger/index.html</c>).</summary>
    public const string UiPath = "/swagger";

    public static IServiceCollection AddCredibilityOpenApi(this IServiceCollection services) =>
        services.SwaggerDocument(o =>
        {
            o.ShortSchemaNames = false;
            o.AutoTagPathSegmentIndex = 0;
            o.EnableJWTBearerAuth = false;
            o.RemoveEmptyRequestSchema = true;
            o.SerializerSettings = Json.Configure;
            o.DocumentSettings = s =>
            {
                s.DocumentName = "v1";
                s.Title = "CredibilityApi";
                s.Version = "v1";
                s.Description =
                    "Source-credibility and bias annotation. Annotators register outlets and articles and record their judgements; " +
                    "researchers read transparent aggregates. Authenticate with 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'. " +
                    "Errors are RFC 9457 problem details.";
                s.SchemaSettings.SchemaNameGenerator = new ReadableSchemaNames();

                // Streamed bodies (NDJSON, CSV, TSV exports) are binary to clients: the generated client returns a stream.
                s.SchemaSettings.TypeMappers.Add(new NJsonSchema.Generation.TypeMappers.PrimitiveTypeMapper(typeof(Stream), schema =>
                {
                    schema.Type = NJsonSchema.JsonObjectType.String;
                    schema.Format = "binary";
                }));

                // Non-nullable properties are always present, so the generated client need not make them nullable.
                s.MarkNonNullablePropsAsRequired();
                s.AddAuth(ApiKeyAuthenticator.SchemeName, new OpenApiSecurityScheme
                {
                    Type = OpenApiSecuritySchemeType.ApiKey,
                    Name = ApiKeyAuthenticator.HeaderName,
                    In = OpenApiSecurityApiKeyLocation.Header,
                    Description = "An API key. 'Authorization: Bearer <key>' is accepted too.",
                });
                s.OperationProcessors.Add(new IdempotencyKeyHeader());
                s.OperationProcessors.Add(new HeaderNames());
                s.DocumentProcessors.Add(new OpenApiContract());
            };
        });

    public static WebApplication UseCredibilityOpenApi(this WebApplication app)
    {
        // NSwag's document, redirect, UI index and static-file middlewares, only for their own paths: in the main
        // pipeline each of the six would look at, and pass on, every API request before its endpoint runs.
        app.UseWhen(c => c.Request.Path.StartsWithSegments(DocumentRoot) || c.Request.Path.StartsWithSegments(UiPath), docs => docs.UseSwaggerGen(
            doc =>
            {
                doc.Path = DocumentPath;

                // The document must not depend on the host that served it: it is committed and compared.
                // "/" is the host that served it (OAS 3.0: a relative server URL is relative to the document).
                doc.PostProcess = (document, _) =>
                {
                    document.Servers.Clear();
                    document.Servers.Add(new OpenApiServer { Url = "/", Description = "The host that serves this document." });
                };
            },
            ui =>
            {
                ui.Path = UiPath;
                ui.DocumentPath = DocumentPath;
            }));
        return app;
    }

    /// <summary>
    /// Schema names from the feature folder: <c>Features.Outlets.Register.Request</c> becomes
    /// <c>RegisterOutletRequest</c> via the type's <see cref="SchemaNameAttribute"/>, else the area and use case are joined.
    /// </summary>
    private sealed class ReadableSchemaNames : ISchemaNameGenerator
    {
        public string Generate(Type type)
        {
            if (type.GetCustomAttributes(typeof(SchemaNameAttribute), false).FirstOrDefault() is SchemaNameAttribute named)
            {
                return named.Name;
            }

            if (type == typeof(FastEndpoints.ProblemDetails))
            {
                return "ValidationProblem";
            }

            if (type == typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))
            {
                return "Problem";
            }

            if (type == typeof(FastEndpoints.ProblemDetails.Error))
            {
                return "FieldError";
            }

            var name = type.Name;
            if (type.IsGenericType)
            {
                name = name[..name.IndexOf('`')] + "Of" + string.Concat(type.GetGenericArguments().Select(Generate));
            }

            const string features = "CredibilityApi.Features.";
            var ns = type.Namespace ?? "";
            if (!ns.StartsWith(features, StringComparison.Ordinal))
            {
                return name;
            }

            // Features.Outlets.Register.Request -> RegisterOutletRequest; Features.Outlets.List.Response -> ListOutletsResponse.
            var parts = ns[features.Length..].Split('.');
            if (parts.Length != 2)
            {
                return string.Concat(parts) + name;
            }

            var (area, useCase) = (parts[0], parts[1]);
            if (!useCase.StartsWith("List", StringComparison.Ordinal) && area.EndsWith('s'))
            {
                area = area[..^1];
            }

            return useCase + area + name;
        }
    }

    /// <summary>Declares the optional <c>Idempotency-Key</c> header on every POST, so clients can send it.</summary>
    private sealed class IdempotencyKeyHeader : IOperationProcessor
    {
        private static readonly (string Status, string Description)[] PostProblems =
        [
            ("400", "The request, or its Idempotency-Key, is malformed."),
            ("409", "A request with the same Idempotency-Key is still in progress, or was applied and its response lost."),
            ("415", "A body was sent that is not JSON."),
            ("422", "The Idempotency-Key was used before with a different request."),
        ];

        public bool Process(OperationProcessorContext context)
        {
            if (string.Equals(context.OperationDescription.Method, "post", StringComparison.OrdinalIgnoreCase))
            {
                context.OperationDescription.Operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyMiddleware.HeaderName,
                    Kind = OpenApiParameterKind.Header,
                    IsRequired = false,
                    Description = "Optional. A retry with the same key replays the first response; the same key with a different body is 422. Kept at least 24 hours.",
                    Schema = new NJsonSchema.JsonSchema { Type = NJsonSchema.JsonObjectType.String, MaxLength = Domain.Limits.IdempotencyKeyLength },
                });

                // What the idempotency and content-type layers answer on any POST, whatever the endpoint declares.
                var responses = context.OperationDescription.Operation.Responses;
                if (responses.TryGetValue("401", out var problem))
                {
                    foreach (var (status, description) in PostProblems)
                    {
                        if (!responses.ContainsKey(status))
                        {
                            var response = new OpenApiResponse { Description = description };
                            foreach (var (mediaType, content) in problem.Content)
                            {
                                response.Content[mediaType] = content;
                            }

                            responses[status] = response;
                        }
                    }
                }
            }

            return true;
        }
    }
}

/// <summary>
/// Declares <c>If-Match</c> on every PUT, required: an update without it is a 428. (The request
/// property that binds it is kept out of the JSON body, so the document needs it stated here.)
/// </summary>
internal sealed class HeaderNames : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        if (string.Equals(context.OperationDescription.Method, "put", StringComparison.OrdinalIgnoreCase))
        {
            context.OperationDescription.Operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                Kind = OpenApiParameterKind.Header,
                IsRequired = true,
                Description = "The ETag of the version this update is based on. Without it: 428; when the resource changed since: 412.",
                Schema = new NJsonSchema.JsonSchema { Type = NJsonSchema.JsonObjectType.String },
            });
        }

        return true;
    }
}

/// <summary>Overrides the name a type gets in the OpenAPI document (and so in the generated client).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Enum)]
public sealed class SchemaNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The one set of JSON rules, shared by the endpoints and the OpenAPI document.</summary>
public static class Json
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;

        // A misspelt field is an error, not silently dropped data.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;

        // A number is a JSON number, as the document declares it: the web defaults would also read "35" as 35.
        options.NumberHandling = JsonNumberHandling.Strict;

        // A property sent twice is an error, not the last one silently winning.
        options.AllowDuplicateProperties = false;

        // A null for a field declared non-nullable is refused at the door, as the OpenAPI document
        // promises ("nullable": false), instead of reaching a handler or a NOT NULL column.
        options.RespectNullableAnnotations = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(NoNullElements.Modify);
    }
}

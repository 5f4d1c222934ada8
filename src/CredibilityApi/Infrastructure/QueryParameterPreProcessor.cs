using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using FastEndpoints;
using FluentValidation.Results;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Refuses a query parameter the endpoint does not take, with a 400 naming it, the parameters the endpoint does take, and
/// the one it most likely meant. Ignoring it would answer another question than the one asked: <c>?dimension=slant</c> on
/// a series that takes <c>dimensions</c> answered every dimension, and <c>GET /api/v1/outlets?q=Tehran</c> listed every
/// outlet, both with a 200. Names are matched as the binder matches them, ignoring case.
/// <para>
/// The parameters an endpoint takes are those its OpenAPI operation lists (a test compares the two for every operation):
/// its request's <c>[QueryParam]</c> properties, and on a GET or HEAD every property of its request not bound from its
/// route or a header. FastEndpoints' binder would read the query string into any property on any verb, so a POST's
/// <c>?value=</c> overrode its body's field and <c>GET /outlets/{id}?id=</c> the route's id; both are refused now. Past
/// ten stray names the answer counts the rest. A request without a query string costs one check of its length.
/// </para>
/// </summary>
public sealed class QueryParameterPreProcessor : IGlobalPreProcessor
{
    public const string ErrorCode = "unknown-query-parameter";

    /// <summary>The most stray parameters one answer names; past it, the answer says how many more there were.</summary>
    private const int MaxNamed = 10;

    private static readonly ConcurrentDictionary<(Type Request, string Method, string Route), Taken> Known = new();

    /// <summary>The query parameters an endpoint takes, by their documented names (a test compares them with the document).</summary>
    internal static IReadOnlyList<string> TakenBy(RouteEndpoint endpoint, string method) => For(endpoint, method)?.Listed ?? [];

    public async Task PreProcessAsync(IPreProcessorContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        if (http.Request.Query.Count == 0 || http.ResponseStarted() || http.GetEndpoint() is not RouteEndpoint endpoint ||
            For(endpoint, http.Request.Method) is not { } taken)
        {
            return;
        }

        var stray = http.Request.Query.Keys.Where(name => !taken.Names.Contains(name)).ToList();
        if (stray.Count == 0)
        {
            return;
        }

        // Named one by one up to a bound, so a query string of thousands of stray keys gets a short answer.
        var failures = stray.Take(MaxNamed).Select(name => new ValidationFailure(Shown(name), taken.Refusal(name)) { ErrorCode = ErrorCode }).ToList();
        if (stray.Count > MaxNamed)
        {
            failures.Add(new ValidationFailure("query", $"And {stray.Count - MaxNamed} more query parameters this endpoint does not take.") { ErrorCode = ErrorCode });
        }

        context.ValidationFailures.AddRange(failures);
        await http.Response.SendErrorsAsync(context.ValidationFailures, StatusCodes.Status400BadRequest, cancellation: ct);
    }

    /// <summary>The parameters a FastEndpoints endpoint takes for a method, worked out once; null for any other endpoint.</summary>
    private static Taken? For(RouteEndpoint endpoint, string method) =>
        endpoint.Metadata.GetMetadata<EndpointDefinition>() is { } definition
            ? Known.GetOrAdd((definition.ReqDtoType, method, endpoint.RoutePattern.RawText ?? ""),
                static (key, pattern) => Taken.Of(key.Request, key.Method, pattern), endpoint.RoutePattern)
            : null;

    /// <summary>A stray name as the answer repeats it: at most 60 characters.</summary>
    private static string Shown(string name) => name.Length > 60 ? name[..60] + "..." : name;

    /// <summary>The query parameters one endpoint takes, by their documented (camel-case) names.</summary>
    internal sealed record Taken(FrozenSet<string> Names, IReadOnlyList<string> Listed)
    {
        public static Taken Of(Type request, string method, Microsoft.AspNetCore.Routing.Patterns.RoutePattern route)
        {
            var fromRoute = route.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            // As the OpenAPI document lists them: on GET and HEAD every property the route or a header does not fill.
            var queryVerb = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
            var listed = new List<string>();
            foreach (var property in request.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.SetMethod is not { IsPublic: true } || property.GetMethod is not { IsPublic: true } ||
                    property.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is { Condition: System.Text.Json.Serialization.JsonIgnoreCondition.Always })
                {
                    continue;
                }

                var name = property.GetCustomAttribute<BindFromAttribute>()?.Name ?? property.Name;
                var query = property.IsDefined(typeof(QueryParamAttribute)) ||
                            (queryVerb && !fromRoute.Contains(name) && !property.IsDefined(typeof(FromHeaderAttribute)) &&
                             !property.IsDefined(typeof(FromClaimAttribute)) && !property.IsDefined(typeof(RouteParamAttribute)));
                if (query)
                {
                    listed.Add(JsonNamingPolicy.CamelCase.ConvertName(name));
                }
            }

            return Listing(listed);
        }

        /// <summary>The parameters named, in the order the refusal lists them (the OpenAPI document's example uses it too).</summary>
        public static Taken Listing(IReadOnlyList<string> names) => new(names.ToFrozenSet(StringComparer.OrdinalIgnoreCase), names);

        public string Refusal(string name)
        {
            var shown = Shown(name);
            if (Listed.Count == 0)
            {
                return $"Unknown query parameter '{shown}': this endpoint takes none.";
            }

            var meant = Listed.Select(n => (Name: n, Distance: Distance(name, n)))
                .Where(c => c.Distance <= Math.Max(1, Math.Min(2, c.Name.Length / 3)))
                .OrderBy(c => c.Distance).Select(c => c.Name).FirstOrDefault();
            var hint = meant is null ? "" : string.Create(CultureInfo.InvariantCulture, $" Did you mean '{meant}'?");
            return $"Unknown query parameter '{shown}'.{hint} This endpoint takes: {string.Join(", ", Listed)}.";
        }

        /// <summary>
        /// The edit distance of two names, ignoring case, a swap of two neighbours counting as one edit ("form" for "from");
        /// names are short, and beyond 64 characters there is no match.
        /// </summary>
        private static int Distance(string a, string b)
        {
            if (a.Length > 64 || b.Length > 64)
            {
                return int.MaxValue;
            }

            Span<int> twoBack = stackalloc int[b.Length + 1];
            Span<int> previous = stackalloc int[b.Length + 1];
            Span<int> current = stackalloc int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var same = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]);
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (same ? 0 : 1));
                    if (i > 1 && j > 1 && char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 2]) &&
                        char.ToLowerInvariant(a[i - 2]) == char.ToLowerInvariant(b[j - 1]))
                    {
                        current[j] = Math.Min(current[j], twoBack[j - 2] + 1);
                    }
                }

                previous.CopyTo(twoBack);
                current.CopyTo(previous);
            }

            return previous[b.Length];
        }
    }
}

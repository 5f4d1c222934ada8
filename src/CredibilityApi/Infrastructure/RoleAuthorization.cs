using System.Security.Claims;
using FastEndpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Enforces each endpoint's roles (<c>Roles(...)</c> in its <c>Configure</c>), in place of ASP.NET Core's authorization
/// middleware. Every endpoint of this API asks for exactly that: an authenticated caller in one of its roles. Evaluating
/// that as an ASP.NET Core policy (a policy evaluator, an authorization context and a handler per requirement, per request)
/// was about 6% of a GET's request-thread samples in a perf profile (docs/benchmarks/get-pipeline-2026-12-07.md); here it
/// is a metadata lookup and a role comparison.
/// <para>
/// No anonymous caller passes an endpoint that has roles: it gets a 401 problem that says how to send a key, or why the
/// key it sent was refused, with <c>WWW-Authenticate: Bearer</c>; a caller in none of the roles gets a 403 problem naming
/// them. An endpoint with <c>AllowAnonymous</c>, or without authorization metadata (the health probes), is not checked; the
/// OpenAPI document and its UI are served by middleware, not endpoints, and are public as before.
/// </para>
/// <para>
/// When the host starts, <see cref="Validate"/> refuses any endpoint whose authorization this middleware would not enforce in full
/// (policies, claims, permissions, scopes, other schemes), so a future endpoint cannot lose its checks silently: ASP.NET
/// Core's own check for unhandled authorization metadata is turned off (<c>RouteOptions.SuppressCheckForUnhandledSecurityMetadata</c>)
/// because this middleware is the one that handles it.
/// </para>
/// </summary>
public sealed class RoleAuthorizationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger<RoleAuthorizationMiddleware> _logger;

    /// <summary>
    /// Built with the pipeline, when the host starts and before it listens, after every endpoint is mapped: the
    /// endpoints are checked here (<see cref="Validate"/>), and a failure stops the start with the routes named.
    /// </summary>
    public RoleAuthorizationMiddleware(RequestDelegate next, ILogger<RoleAuthorizationMiddleware> logger, IEndpointRouteBuilder routes)
    {
        (_next, _logger) = (next, logger);
        var problems = Validate(routes.DataSources.SelectMany(s => s.Endpoints));
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "Endpoints ask for authorization that RoleAuthorizationMiddleware does not enforce (it enforces roles only):"
                + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }
    }

    public Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata is null || !NeedsAuthorization(metadata))
        {
            return _next(context);
        }

        // Validate has proven that every such endpoint is a FastEndpoints endpoint with roles only; should one slip past
        // it anyway, it is refused, never let through.
        if (metadata.GetMetadata<EndpointDefinition>()?.AllowedRoles is not { Count: > 0 } roles)
        {
            _logger.LogError("Refused a request to {Endpoint}: it asks for authorization but names no roles", context.GetEndpoint()?.DisplayName);
            return Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", "No role may call this endpoint.");
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            var refusal = context.Features.Get<ApiKeyRefusal>()?.Reason;
            _logger.LogInformation("Refused a request without an accepted key: {Reason}", refusal ?? "no key");
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.WriteAsync(
                context,
                StatusCodes.Status401Unauthorized,
                "API key required",
                refusal ?? $"Send an API key as 'Authorization: Bearer <key>' or '{ApiKeyAuthenticator.HeaderName}: <key>'.");
        }

        foreach (var role in roles)
        {
            if (user.IsInRole(role))
            {
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    _logger.LogDebug("Authorized as {Role}", role);
                }

                return _next(context);
            }
        }

        var callerRole = user.FindFirstValue(ClaimTypes.Role) ?? "none";
        _logger.LogInformation("Refused a caller in none of the endpoint's roles ({Roles}); its role is {Role}", string.Join(", ", roles), callerRole);
        return Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", ForbiddenDetail(callerRole, roles));
    }

    /// <summary>
    /// Whether an endpoint asks for authorization in any way ASP.NET Core's authorization middleware would have enforced:
    /// an <c>[Authorize]</c>, a requirement or a policy object, and no <c>AllowAnonymous</c>.
    /// </summary>
    private static bool NeedsAuthorization(EndpointMetadataCollection metadata) =>
        metadata.GetMetadata<IAllowAnonymous>() is null
        && (metadata.GetMetadata<IAuthorizeData>() is not null
            || metadata.GetMetadata<IAuthorizationRequirementData>() is not null
            || metadata.GetMetadata<AuthorizationPolicy>() is not null);

    /// <summary>
    /// Names the roles that may call the endpoint, so the caller knows whom to ask rather than only that
    /// they may not: "Only admin or annotator may do this; your role is researcher."
    /// </summary>
    internal static string ForbiddenDetail(string role, IReadOnlyCollection<string>? allowed)
    {
        if (allowed is not { Count: > 0 })
        {
            return $"Your role ({role}) may not do this.";
        }

        // In the order of RoleNames.Everyone, whatever order the endpoint listed them in.
        var names = allowed.OrderBy(r => Array.IndexOf(RoleNames.Everyone, r) is var i && i < 0 ? int.MaxValue : i).ThenBy(r => r, StringComparer.Ordinal).ToList();
        var list = names.Count == 1 ? names[0] : string.Join(", ", names.SkipLast(1)) + " or " + names[^1];
        return $"Only {list} may do this; your role is {role}.";
    }

    /// <summary>
    /// Every endpoint that carries authorization metadata must be a FastEndpoints endpoint whose only requirement is its
    /// roles (one or more), with no other policy, claim, permission, scope or scheme. Returns what is wrong, one line per
    /// endpoint; empty when all is well.
    /// </summary>
    public static IReadOnlyList<string> Validate(IEnumerable<Endpoint> endpoints)
    {
        var problems = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var metadata = endpoint.Metadata;
            var name = endpoint.DisplayName ?? endpoint.ToString() ?? "an endpoint";
            var needsAuthorization = NeedsAuthorization(metadata);

            // Routing's own checks for metadata no middleware handles are off (RouteOptions.SuppressCheckForUnhandledSecurityMetadata),
            // and with them its refusal to short-circuit past authorization, CORS or antiforgery: none of those may appear.
            var unhandled = new List<string>();
            if (metadata.GetMetadata<Microsoft.AspNetCore.Cors.Infrastructure.ICorsMetadata>() is not null)
            {
                unhandled.Add("CORS metadata (no CORS middleware runs)");
            }

            if (metadata.GetMetadata<Microsoft.AspNetCore.Antiforgery.IAntiforgeryMetadata>() is { RequiresValidation: true })
            {
                unhandled.Add("antiforgery validation (no antiforgery middleware runs)");
            }

            // ASP.NET Core's short-circuit metadata type is internal: known by its name.
            if (needsAuthorization && metadata.Any(m => m?.GetType().Name == "ShortCircuitMetadata"))
            {
                unhandled.Add("short-circuits routing, so it would skip the role check");
            }

            if (unhandled.Count > 0)
            {
                problems.Add($"{name}: {string.Join(", ", unhandled)}.");
                continue;
            }

            if (!needsAuthorization)
            {
                continue;
            }

            var authorizeData = metadata.GetOrderedMetadata<IAuthorizeData>();
            if (metadata.GetMetadata<EndpointDefinition>() is not { } definition || authorizeData.Count == 0)
            {
                problems.Add($"{name}: asks for authorization but is not a FastEndpoints endpoint with roles.");
                continue;
            }

            var unsupported = new List<string>();
            if (definition.AllowedRoles is not { Count: > 0 })
            {
                unsupported.Add("no roles");
            }

            if (definition.AllowedPermissions is { Count: > 0 } || definition.AllowAnyPermission)
            {
                unsupported.Add("permissions");
            }

            if (definition.AllowedClaimTypes is { Count: > 0 } || definition.AllowAnyClaim)
            {
                unsupported.Add("claims");
            }

            if (definition.AllowedScopes is { Count: > 0 } || definition.AllowAnyScope)
            {
                unsupported.Add("scopes");
            }

            if (definition.PreBuiltUserPolicies is { Count: > 0 } || definition.PolicyBuilder is not null)
            {
                unsupported.Add("policies");
            }

            if (definition.AuthSchemeNames is { Count: > 0 })
            {
                unsupported.Add("authentication schemes");
            }

            if (definition.AnonymousVerbs is { Length: > 0 })
            {
                unsupported.Add("anonymous verbs");
            }

            // FastEndpoints' own attribute (its policy for the endpoint, and the same roles) is the one piece of authorization
            // metadata it may carry.
            if (authorizeData.Any(d => d.Policy != definition.SecurityPolicyName || !string.IsNullOrEmpty(d.AuthenticationSchemes) || !SameRoles(d.Roles, definition.AllowedRoles))
                || metadata.GetMetadata<AuthorizationPolicy>() is not null
                || metadata.GetMetadata<IAuthorizationRequirementData>() is not null)
            {
                unsupported.Add("authorization metadata besides its roles");
            }

            if (unsupported.Count > 0)
            {
                problems.Add($"{name}: {string.Join(", ", unsupported)}.");
            }
        }

        return problems;
    }

    private static bool SameRoles(string? listed, IReadOnlyCollection<string>? allowed) =>
        string.IsNullOrEmpty(listed) || (allowed is not null && listed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal).SetEquals(allowed));
}

public static class RoleAuthorizationExtensions
{
    /// <summary>
    /// Adds <see cref="RoleAuthorizationMiddleware"/>, which checks every endpoint of <paramref name="app"/> when the
    /// pipeline is built (the host's start, before it listens) and stops the start when one asks for authorization it would
    /// not enforce.
    /// </summary>
    public static IApplicationBuilder UseRoleAuthorization(this WebApplication app) =>
        app.UseMiddleware<RoleAuthorizationMiddleware>((IEndpointRouteBuilder)app);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredibilityApi.Infrastructure;
using CredibilityApi.Tests.Infrastructure;
using FastEndpoints;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// The API's own authentication and role checks stand in for ASP.NET Core's middlewares (issue 13: they were about 13% of
/// a GET's server time). <c>AuthorizationMatrixTests</c> proves the answers for every operation and caller; these prove
/// that nothing can slip past: an endpoint asking for more than roles stops the start, and ASP.NET Core's own middlewares
/// cannot come back unasked.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RoleAuthorizationTests(ApiFixture api)
{
    private static readonly RequestDelegate Nothing = _ => Task.CompletedTask;

    [Fact]
    public void Every_endpoint_of_the_api_asks_for_roles_only_or_for_nothing()
    {
        var endpoints = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;

        RoleAuthorizationMiddleware.Validate(endpoints).ShouldBeEmpty();
        var withRoles = endpoints.Where(e => e.Metadata.GetMetadata<EndpointDefinition>()?.AllowedRoles is { Count: > 0 }).ToList();
        withRoles.Count.ShouldBeGreaterThan(60, "every operation of the API has roles");
        withRoles.ShouldAllBe(e => e.Metadata.GetMetadata<IAuthorizeData>() != null);
    }

    [Fact]
    public void An_endpoint_that_asks_for_a_policy_or_more_than_its_roles_is_refused_by_name()
    {
        var fastEndpoint = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "GetOutlet");
        Endpoint[] endpoints =
        [
            new RouteEndpoint(Nothing, RoutePatternFactory.Parse("/policy"), 0, new EndpointMetadataCollection(new AuthorizeAttribute("Editors")), "policy endpoint"),
            new RouteEndpoint(Nothing, RoutePatternFactory.Parse("/open"), 0, new EndpointMetadataCollection(new AuthorizeAttribute(), new AllowAnonymousAttribute()), "anonymous endpoint"),
            new RouteEndpoint(Nothing, RoutePatternFactory.Parse("/plain"), 0, EndpointMetadataCollection.Empty, "plain endpoint"),
            new RouteEndpoint(Nothing, RoutePatternFactory.Parse("/outlet"), 0, new EndpointMetadataCollection(fastEndpoint.Metadata.Append(new AuthorizeAttribute("Editors"))), "widened outlet endpoint"),
        ];

        var problems = RoleAuthorizationMiddleware.Validate(endpoints);

        problems.Count.ShouldBe(2);
        problems[0].ShouldBe("policy endpoint: asks for authorization but is not a FastEndpoints endpoint with roles.");
        problems[1].ShouldBe("widened outlet endpoint: authorization metadata besides its roles.");
        RoleAuthorizationMiddleware.Validate([fastEndpoint]).ShouldBeEmpty();
    }

    [Fact]
    public void Requirements_cors_antiforgery_and_a_short_circuit_past_the_roles_are_refused_too()
    {
        var fastEndpoint = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "GetOutlet");
        var shortCircuited = new RouteEndpointBuilder(Nothing, RoutePatternFactory.Parse("/short"), 0) { DisplayName = "short-circuited outlet endpoint" };
        foreach (var item in fastEndpoint.Metadata)
        {
            shortCircuited.Metadata.Add(item);
        }

        new EndpointConventionBuilderFor(shortCircuited).ShortCircuit();
        Endpoint[] endpoints =
        [
            new RouteEndpoint(Nothing, RoutePatternFactory.Parse("/requirement"), 0, new EndpointMetadataCollection(new RequirementOnly()), "requirement endpoint"),
            new RouteEndpoint(Nothing, RoutePatternFactory.Parse("/cors"), 0, new EndpointMetadataCollection(new Microsoft.AspNetCore.Cors.EnableCorsAttribute()), "cors endpoint"),
            shortCircuited.Build(),
        ];

        var problems = RoleAuthorizationMiddleware.Validate(endpoints);

        problems.ShouldBe(
        [
            "requirement endpoint: asks for authorization but is not a FastEndpoints endpoint with roles.",
            "cors endpoint: CORS metadata (no CORS middleware runs).",
            "short-circuited outlet endpoint: short-circuits routing, so it would skip the role check.",
        ]);
    }

    [Fact]
    public async Task An_app_with_such_an_endpoint_does_not_start_and_names_it()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.UseRouting();
        app.UseRoleAuthorization();

        // Mapped after the middleware was added, as a later line of Program.cs would: still checked, when the host starts.
        app.MapGet("/secret", () => "x").RequireAuthorization("Editors");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => app.StartAsync());

        error.Message.ShouldContain("RoleAuthorizationMiddleware does not enforce");
        error.Message.ShouldContain("/secret");
    }

    [Fact]
    public async Task An_endpoint_that_asks_for_authorization_without_roles_is_refused_at_request_time_too()
    {
        // Validate stops such an app from starting; the middleware refuses the request all the same (fails closed).
        var logger = api.Factory.Services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RoleAuthorizationMiddleware>>();
        var reached = false;
        var middleware = new RoleAuthorizationMiddleware(_ => { reached = true; return Task.CompletedTask; }, logger, new NoRoutes(api.Factory.Services));
        var context = new DefaultHttpContext { RequestServices = api.Factory.Services };
        context.Response.Body = new MemoryStream();
        context.SetEndpoint(new Endpoint(Nothing, new EndpointMetadataCollection(new AuthorizeAttribute()), "bare authorize"));

        await middleware.InvokeAsync(context);

        reached.ShouldBeFalse();
        context.Response.StatusCode.ShouldBe(StatusCodes.Status403Forbidden);
    }

    [Fact]
    public void Asp_net_cores_authentication_and_authorization_services_are_not_registered_so_their_middlewares_cannot_run()
    {
        // WebApplication adds UseAuthentication and UseAuthorization to the front of the pipeline by itself whenever these
        // services are registered and the app did not call them; they would then authenticate every request a second time.
        var services = api.Factory.Services.GetRequiredService<IServiceProviderIsService>();

        services.IsService(typeof(IAuthenticationSchemeProvider)).ShouldBeFalse();
        services.IsService(typeof(IAuthenticationService)).ShouldBeFalse();
        services.IsService(typeof(IAuthorizationHandlerProvider)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_refused_key_is_told_why_and_a_missing_one_how_to_send_it()
    {
        using var noKey = api.Factory.CreateHttpClient(apiKey: null);
        using var unknownKey = api.Factory.CreateHttpClient("cred_not_a_real_key_but_long_enough_0000");

        var missing = await noKey.GetAsync("/api/v1/outlets");
        var refused = await unknownKey.GetAsync("/api/v1/outlets");

        missing.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        missing.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().ShouldBe("Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().ShouldBe("The API key is not known.");
    }
}

/// <summary>A route builder with no endpoints, for a middleware built outside an app.</summary>
internal sealed class NoRoutes(IServiceProvider services) : IEndpointRouteBuilder
{
    public IServiceProvider ServiceProvider { get; } = services;

    public ICollection<EndpointDataSource> DataSources { get; } = [];

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);
}

/// <summary>Applies a convention (here, ShortCircuit) to one endpoint builder.</summary>
internal sealed class EndpointConventionBuilderFor(EndpointBuilder builder) : IEndpointConventionBuilder
{
    public void Add(Action<EndpointBuilder> convention) => convention(builder);
}

/// <summary>Authorization metadata that is neither an [Authorize] nor a policy: a requirement, as minimal APIs allow.</summary>
internal sealed class RequirementOnly : IAuthorizationRequirementData
{
    public IEnumerable<IAuthorizationRequirement> GetRequirements() => [new DenyAnonymousAuthorizationRequirement()];
}

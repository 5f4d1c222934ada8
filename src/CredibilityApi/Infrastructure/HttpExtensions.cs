using CredibilityApi.Domain;
using FastEndpoints;
using Mapster;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CredibilityApi.Infrastructure;

public static class HttpExtensions
{
    /// <summary>Authentication by API key and role-based authorization.</summary>
    public static WebApplicationBuilder AddCredibilityAuth(this WebApplicationBuilder builder)
    {
        // No ASP.NET Core authentication or authorization services: registering them makes WebApplication add their
        // middlewares, which were about 17% of a GET's request-thread samples in a perf profile (docs/benchmarks/get-pipeline-2026-12-07.md,
        // the thirteenth session). The API's own
        // middlewares do the same work: ApiKeyAuthenticationMiddleware and RoleAuthorizationMiddleware. Routing's check
        // that some middleware handled the authorization metadata FastEndpoints puts on every endpoint is off, and
        // RoleAuthorizationMiddleware's Validate stands in for it at start-up.
        builder.Services.Configure<RouteOptions>(o => o.SuppressCheckForUnhandledSecurityMetadata = true);
        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddSingleton<ApiKeyAuthenticator>();

        // Resolved once, at start-up (the bootstrap needs it), so a missing or short pepper stops the start.
        builder.Services.AddSingleton(KeyPepper.CreateHasher(builder.Configuration, builder.Environment.ContentRootPath));
        return builder;
    }

    /// <summary>Endpoints, problem details, limits, idempotency, mapping and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddCredibilityHttp(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);

        // Absolute URLs come from configuration, never from the request's Host header.
        builder.Services.AddSingleton(PublicUrls.From(builder.Configuration));
        builder.Services.AddFastEndpoints();
        builder.Services.AddCredibilityOpenApi();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
            c.ProblemDetails.Detail ??= c.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => "No resource lives at this path. The OpenAPI document at /openapi/v1.json lists every route.",
                StatusCodes.Status405MethodNotAllowed => "This path does not accept this method. The OpenAPI document at /openapi/v1.json lists what it accepts.",
                StatusCodes.Status415UnsupportedMediaType => "Send the request body as JSON with 'Content-Type: application/json'.",
                _ => null,
            };
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddPerKeyRateLimiting(builder.Configuration);
        builder.Services.AddHostedService<IdempotencyCleanup>();
        builder.Services.AddSingleton(Mapping.CreateConfig());

        // GET /outlets/{id}: prepared statements on SQLite, EF Core elsewhere.
        builder.Services.AddScoped<Features.Outlets.IOutletReader>(sp => sp.GetService<Data.SqliteReadSessions>() is { } sessions
            ? new Features.Outlets.SqliteOutletReader(sessions)
            : new Features.Outlets.EfOutletReader(sp.GetRequiredService<Data.CredibilityDbContext>(), sp.GetRequiredService<TypeAdapterConfig>()));
        // The score series' and chart's rollup reads: the same, for the same reason (Aggregation/RollupInputs.cs).
        builder.Services.AddScoped<Aggregation.IRollupInputs>(sp => sp.GetService<Data.SqliteReadSessions>() is { } sessions
            ? new Aggregation.SqliteRollupInputs(sessions)
            : new Aggregation.EfRollupInputs(sp.GetRequiredService<Data.CredibilityDbContext>()));

        // A rating request's reads before its write: the same, for the same reason (Features/Annotations/Rate/RatingReads.cs).
        builder.Services.AddScoped<Features.Annotations.Rate.IRatingReads>(sp => sp.GetService<Data.SqliteReadSessions>() is { } sessions
            ? new Features.Annotations.Rate.SqliteRatingReads(sessions)
            : new Features.Annotations.Rate.EfRatingReads(sp.GetRequiredService<Data.CredibilityDbContext>()));

        // Its write: on SQLite, group-committed by one writer thread (Data/SqliteRatingWriter.cs); otherwise SaveChanges.
        builder.Services.AddScoped<Features.Annotations.Rate.IRatingWrites>(sp => sp.GetService<Data.SqliteRatingWriter>() is { } writer
            ? new Features.Annotations.Rate.SqliteRatingWrites(sp.GetRequiredService<Data.CredibilityDbContext>(), writer)
            : new Features.Annotations.Rate.EfRatingWrites(sp.GetRequiredService<Data.CredibilityDbContext>()));

        // Kestrel's ceiling is the largest endpoint limit; each endpoint's own limit is set per request. No "Server: Kestrel"
        // header: the server's type is not told to callers (see Security in the README).
        builder.Services.Configure<KestrelServerOptions>(k =>
        {
            k.Limits.MaxRequestBodySize = Limits.ArticleRequestBodyBytes;
            k.AddServerHeader = false;
        });
        // Where to listen: Urls (setting, Urls environment variable or --urls), else ASPNETCORE_URLS as in any ASP.NET Core
        // app (a host setting, read here under the same key); else ASPNETCORE_HTTP_PORTS/HTTPS_PORTS (container images set
        // them), which Kestrel reads itself; else port 5080. No default in appsettings.json: a file's value would hide them.
        if (builder.Configuration["Urls"] is { Length: > 0 } urls)
        {
            builder.WebHost.UseUrls(urls);
        }
        else if (string.IsNullOrEmpty(builder.Configuration["HTTP_PORTS"]) && string.IsNullOrEmpty(builder.Configuration["HTTPS_PORTS"]))
        {
            builder.WebHost.UseUrls("http://localhost:5080");
        }
        return builder;
    }

    public static WebApplication UseCredibilityHttp(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ContentTypeMiddleware>();
        app.UseRouting();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<ApiKeyAuthenticationMiddleware>();
        app.Use(RequestLoggingMiddleware.JoinAccountToScope);
        app.UsePerKeyRateLimiting();
        // Roles before idempotency: a refused caller's write is neither hashed nor kept for a replay.
        app.UseRoleAuthorization();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseFastEndpoints(c =>
        {
            c.Endpoints.RoutePrefix = "api/v1";

            // Every request: no query parameter the endpoint does not take (a typo answered as if unasked would mislead);
            // every text field: no control characters but tab and line breaks, no noncharacters.
            c.Endpoints.Configurator = ep =>
            {
                ep.PreProcessor<QueryParameterPreProcessor>(Order.Before);
                ep.PreProcessor<TextFieldPreProcessor>(Order.Before);
            };
            c.Errors.UseProblemDetails(p => p.IndicateErrorCode = true);

            // FastEndpoints would otherwise install its own FluentValidation name resolver (process-wide) at every start,
            // which camel-cases only a path's first segment ("provenance.Aspect"): with two hosts in one process (the tests)
            // a validation could run between one host's start and its ValidationConventions.Apply. Field paths are ours alone.
            c.Validation.UsePropertyNamingPolicy = false;
            c.Errors.ResponseBuilder = AnchorProblem.Build;
            c.Binding.JsonExceptionTransformer = JsonErrors.ToFailure;
            c.Binding.FailureMessage = JsonErrors.QueryValueMessage;
            c.Serializer.Options.Converters.Clear();
            Json.Configure(c.Serializer.Options);
        });

        // After FastEndpoints, which installs its own property-name resolver at start-up.
        ValidationConventions.Apply();
        app.UseCredibilityOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}

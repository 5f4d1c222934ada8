namespace CredibilityApi.Infrastructure;

/// <summary>
/// Headers that tell browsers how to treat what the API sends, on every response (problems and 401s included):
/// <list type="bullet">
/// <item><c>X-Content-Type-Options: nosniff</c> and <c>Referrer-Policy: no-referrer</c> everywhere.</item>
/// <item>A <c>Content-Security-Policy</c> that allows nothing to load or frame the API's answers; the SVG
/// chart gets its own, which allows its inline styles and nothing else (no script, no links out). Swagger UI
/// is a page that must load its script, so <c>/swagger</c> gets no policy.</item>
/// <item><c>Cache-Control: no-store</c> on every API response that sets none of its own: answers depend on
/// the caller's key (roles decide what is shown), so no shared or disk cache may keep them. ETags are for
/// optimistic concurrency (<c>If-Match</c>), not revalidation, so nothing is lost.</item>
/// </list>
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    public const string SvgPolicy = "default-src 'none'; style-src 'unsafe-inline'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            var path = http.Request.Path;
            if (!path.StartsWithSegments(OpenApi.UiPath))
            {
                var svg = http.Response.ContentType?.StartsWith("image/svg+xml", StringComparison.OrdinalIgnoreCase) == true;
                headers.ContentSecurityPolicy = svg ? SvgPolicy : ApiPolicy;
            }

            if (path.StartsWithSegments("/api") && string.IsNullOrEmpty(headers.CacheControl))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}

using Microsoft.AspNetCore.Http.Features;
using CredibilityApi.Domain;

namespace CredibilityApi.Infrastructure;

/// <summary>Endpoint metadata raising the body limit above the default, for requests that carry article text.</summary>
public sealed record RequestBodyLimit(long Bytes);

/// <summary>
/// Enforces the body size limit of the matched endpoint (1 MiB unless it says otherwise): a declared
/// length over the limit is refused before anything is read, and the server stops reading a body
/// that grows past it.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>()?.Bytes ?? Limits.RequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await WriteTooLargeAsync(context, limit);
            return;
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    }

    public static Task WriteTooLargeAsync(HttpContext context, long limit) =>
        Problems.WriteAsync(
            context,
            StatusCodes.Status413PayloadTooLarge,
            "Request body too large",
            $"This endpoint accepts request bodies of at most {limit} bytes.");
}

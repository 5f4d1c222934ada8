using System.Text;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// A write without a Content-Type: an empty body is read as the empty JSON object (so a POST whose
/// fields are all optional needs no body, and one with required fields lists them), anything else is
/// a 415 that says what to send. An empty body sent as JSON is read as the empty object as well.
/// </summary>
public sealed class ContentTypeMiddleware(RequestDelegate next)
{
    private static readonly byte[] EmptyObject = Encoding.UTF8.GetBytes("{}");

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;

        // A read carries no body; a Content-Type some clients add to every request must not make it parse one.
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && request.ContentLength is null or 0)
        {
            if (request.Headers.ContentType.Count > 0)
            {
                request.Headers.ContentType = Microsoft.Extensions.Primitives.StringValues.Empty;
            }

            return next(context);
        }

        var hasBodyMethod = HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method);
        return hasBodyMethod ? WriteAsync(context) : next(context);
    }

    private async Task WriteAsync(HttpContext context)
    {
        var request = context.Request;
        if (string.IsNullOrEmpty(request.ContentType) && request.Path.StartsWithSegments("/api"))
        {
            var chunked = request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase);
            if (request.ContentLength is null or 0 && !chunked)
            {
                request.ContentType = "application/json";
                request.ContentLength = EmptyObject.Length;
                request.Body = new MemoryStream(EmptyObject, writable: false);
            }
            else
            {
                await Problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                    "Send the request body as JSON with 'Content-Type: application/json'.");
                return;
            }
        }

        // A JSON write with an empty body (what generated clients send for a POST that has no body, such as opening
        // a campaign) is the empty object too, not a parse error.
        if (request.ContentLength == 0 && request.HasJsonContentType() && request.Path.StartsWithSegments("/api"))
        {
            request.ContentLength = EmptyObject.Length;
            request.Body = new MemoryStream(EmptyObject, writable: false);
        }

        await next(context);
    }
}

using FastEndpoints;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Writes RFC 9457 problem details from anywhere in the pipeline. Field-level errors go through
/// FastEndpoints' validation response instead, so they list the fields.
/// </summary>
public static class Problems
{
    public static async Task WriteAsync(
        HttpContext context,
        int status,
        string title,
        string? detail = null,
        IDictionary<string, object?>? extensions = null)
    {
        if (context.ResponseStarted())
        {
            return;
        }

        await Results.Problem(
                detail: detail,
                instance: context.Request.Path,
                statusCode: status,
                title: title,
                type: TypeOf(status),
                extensions: extensions)
            .ExecuteAsync(context);

        // When the Idempotency-Key middleware buffers the body, writing it does not start the response;
        // without this mark FastEndpoints would think nothing was sent and answer 204 over the problem.
        context.MarkResponseStart();
    }

    /// <summary>The RFC section of each status, for those the framework leaves without a type.</summary>
    public static string? TypeOf(int status) => status switch
    {
        StatusCodes.Status428PreconditionRequired => "https://www.rfc-editor.org/rfc/rfc6585#section-3",
        StatusCodes.Status429TooManyRequests => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        _ => null,
    };

    /// <summary>404 naming the kind of thing that was looked for.</summary>
    public static Task NotFoundAsync(HttpContext context, string what, string id) =>
        WriteAsync(context, StatusCodes.Status404NotFound, $"{what} not found", $"No {what.ToLowerInvariant()} has the id '{id}'.");
}

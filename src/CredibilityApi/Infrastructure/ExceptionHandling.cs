using CredibilityApi.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// The last line: every exception becomes problem details without a stack trace, whatever the
/// environment. Failures the client caused keep their 4xx status.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                await Problems.WriteAsync(context, 413, "Request body too large", "The request body is larger than this endpoint accepts.");
                return true;
            case BadHttpRequestException bad:
                await Problems.WriteAsync(context, bad.StatusCode, "Bad request", "The request could not be read.");
                return true;
            case DbUpdateConcurrencyException:
                await Problems.WriteAsync(context, 412, "Precondition failed", "The resource changed while your update was applied. GET it again and retry.");
                return true;
            case AnnotationConflictException conflict:
                await Problems.WriteAsync(context, 409, "Conflict with the annotation's state", conflict.Message);
                return true;
            case DomainException domain:
                await Problems.WriteAsync(context, 422, "Unprocessable request", domain.Message);
                return true;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                return true;
            default:
                logger.LogError(exception, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
                await Problems.WriteAsync(
                    context,
                    StatusCodes.Status500InternalServerError,
                    "Unexpected error",
                    "The server failed to handle the request. Quote the traceId when you report it.");
                return true;
        }
    }
}

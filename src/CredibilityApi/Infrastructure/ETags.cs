using Microsoft.Net.Http.Headers;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Strong ETags from a resource's revision counter, and the <c>If-Match</c> rules every update follows:
/// missing is 428, stale is 412.
/// </summary>
public static class ETags
{
    public static string For(int version) => $"\"{version}\"";

    public static void Set(HttpContext context, int version) =>
        context.Response.Headers.ETag = For(version);

    /// <summary>
    /// Checks <c>If-Match</c> against the current revision; writes 428 or 412 and returns false when
    /// the update must not go ahead.
    /// </summary>
    public static async Task<bool> CheckIfMatchAsync(HttpContext context, int currentVersion)
    {
        var header = context.Request.Headers.IfMatch;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString()))
        {
            await Problems.WriteAsync(
                context,
                StatusCodes.Status428PreconditionRequired,
                "If-Match required",
                "Updates must send the resource's current ETag in If-Match, so that a stale copy cannot overwrite a newer one. GET the resource to read its ETag.");
            return false;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags) ||
            !tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || (!t.IsWeak && t.Tag.Value == For(currentVersion))))
        {
            context.Response.Headers.ETag = For(currentVersion);
            await Problems.WriteAsync(
                context,
                StatusCodes.Status412PreconditionFailed,
                "Precondition failed",
                $"The resource has changed since the ETag you sent; its current ETag is {For(currentVersion)}. GET it again, reapply your change and retry.");
            return false;
        }

        return true;
    }
}

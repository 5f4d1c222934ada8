using System.Security.Cryptography;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> on POST, after the IETF draft: the first response is stored in the database
/// under (account, key) and replayed to any retry; the same key with another request is 422; a retry
/// while the first is still running is 409 with Retry-After. Records live in the database so every node
/// sees them.
/// <para>
/// A process can die between a request's start and the storing of its response (a crash, a SIGKILL, a
/// lost node). The request's own writes mark the record <see cref="IdempotencyRecord.AppliedAt"/> in their
/// transaction, so once the record is older than <c>Idempotency:InFlightTimeoutSeconds</c> a retry knows
/// which case it is in: nothing was applied, and the retry takes the key over and runs the request; or it
/// was applied and only the response is lost, and the retry gets a final 409 saying so (never a second
/// application).
/// </para>
/// <para>
/// A response that carries a secret (a new API key) is never stored or replayed: the secret would sit in
/// the database for the retention period and go to whoever retries with the key, even after the key is
/// revoked. The endpoint marks such a response with <see cref="MarkSecret"/>; its record then holds a 409
/// problem instead of the body, and a retry gets that 409.
/// </para>
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private static readonly object SecretMark = new();

    /// <summary>Marks this response as one that carries a secret: it is sent once and never stored for a replay.</summary>
    public static void MarkSecret(HttpContext context) => context.Items[SecretMark] = true;

    private static bool CarriesSecret(HttpContext context) => context.Items.ContainsKey(SecretMark);

    public Task InvokeAsync(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Headers.TryGetValue(HeaderName, out var values) &&
        context.User.Identity?.IsAuthenticated == true
            ? KeyedAsync(context, values.ToString())
            : next(context);

    private async Task KeyedAsync(HttpContext context, string key)
    {
        if (key.Length is 0 or > Limits.IdempotencyKeyLength || key.Any(char.IsControl))
        {
            await Problems.WriteAsync(context, 400, "Invalid Idempotency-Key",
                $"An Idempotency-Key is 1 to {Limits.IdempotencyKeyLength} printable characters; a random UUID is a good choice.");
            return;
        }

        var accountId = context.User.AccountId();
        string requestHash;
        try
        {
            requestHash = await HashRequestAsync(context.Request);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Problems.WriteAsync(context, 413, "Request body too large", "The request body is larger than this endpoint accepts.");
            return;
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            var existing = await db.IdempotencyRecords.AsNoTracking()
                .SingleOrDefaultAsync(r => r.AccountId == accountId && r.Key == key, context.RequestAborted);
            var now = clock.GetUtcNow().UtcDateTime;
            if (existing is not null)
            {
                if (!await TryTakeOverAsync(db, existing, requestHash, now, context.RequestAborted))
                {
                    await AnswerRetryAsync(context, existing, requestHash, abandoned: existing.CreatedAt <= now - InFlightTimeout);
                    return;
                }
            }
            else
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord
                {
                    AccountId = accountId,
                    Key = key,
                    RequestHash = requestHash,
                    CreatedAt = now,
                });
                try
                {
                    await db.SaveChangesAsync(context.RequestAborted);
                }
                catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
                {
                    await WriteInFlightAsync(context);
                    return;
                }
            }
        }

        // Whatever the endpoint saves through the request's context also marks the record applied, in the
        // same transaction: after a crash, a retry can tell "never happened" from "happened, answer lost".
        var requestDb = context.RequestServices.GetRequiredService<CredibilityDbContext>();
        var marker = requestDb.IdempotencyRecords.Attach(new IdempotencyRecord { AccountId = accountId, Key = key });
        marker.Entity.AppliedAt = clock.GetUtcNow().UtcDateTime;
        marker.Property(r => r.AppliedAt).IsModified = true;

        var originalBody = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var completed = false;
        try
        {
            await next(context);
            completed = true;
        }
        finally
        {
            context.Response.Body = originalBody;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            var records = db.IdempotencyRecords.Where(r => r.AccountId == accountId && r.Key == key);

            // Only final answers are kept; a failure of ours may be retried with the same key.
            if (completed && context.Response.StatusCode < 500)
            {
                var secret = CarriesSecret(context);
                var body = secret ? SecretNotStoredBody(context) : buffer.ToArray();
                var status = secret ? StatusCodes.Status409Conflict : context.Response.StatusCode;
                var contentType = secret ? "application/problem+json" : context.Response.ContentType;
                var location = context.Response.Headers.Location.ToString();
                var etag = context.Response.Headers.ETag.ToString();
                await records.ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.StatusCode, status)
                    .SetProperty(r => r.ContentType, contentType)
                    .SetProperty(r => r.Location, location.Length > 0 ? location : null)
                    .SetProperty(r => r.ETag, etag.Length > 0 ? etag : null)
                    .SetProperty(r => r.Body, body), CancellationToken.None);
            }
            else
            {
                await records.ExecuteDeleteAsync(CancellationToken.None);
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(originalBody, CancellationToken.None);
        }
    }

    /// <summary>
    /// Takes over the key of a request that started longer ago than any request runs, never got a response and
    /// applied nothing: its process died. Only one retry wins the conditional update.
    /// </summary>
    private async Task<bool> TryTakeOverAsync(CredibilityDbContext db, IdempotencyRecord record, string requestHash, DateTime now, CancellationToken ct)
    {
        if (record.StatusCode is not null || record.AppliedAt is not null || record.RequestHash != requestHash ||
            record.CreatedAt > now - InFlightTimeout)
        {
            return false;
        }

        var started = record.CreatedAt;
        var taken = await db.IdempotencyRecords
            .Where(r => r.AccountId == record.AccountId && r.Key == record.Key && r.StatusCode == null && r.AppliedAt == null && r.CreatedAt == started)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, now), ct);
        return taken == 1;
    }

    private TimeSpan InFlightTimeout => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Idempotency:InFlightTimeoutSeconds", 60)));

    private static async Task AnswerRetryAsync(HttpContext context, IdempotencyRecord record, string requestHash, bool abandoned)
    {
        if (record.RequestHash != requestHash)
        {
            await Problems.WriteAsync(context, 422, "Idempotency-Key reused",
                "This Idempotency-Key was already used with a different request. Use a new key for a new request.");
            return;
        }

        if (record.StatusCode is not { } status)
        {
            if (record.AppliedAt is not null && abandoned)
            {
                await Problems.WriteAsync(context, 409, "Request applied, response lost",
                    "The request with this Idempotency-Key was applied, but the server stopped before its response was stored, " +
                    "so it cannot be replayed. Do not send it again with a new key: look the result up instead (for example, " +
                    "your annotations of the article or claim).");
                return;
            }

            await WriteInFlightAsync(context);
            return;
        }

        context.Response.StatusCode = status;
        context.Response.Headers[ReplayedHeader] = "true";
        if (record.Location is not null)
        {
            context.Response.Headers.Location = record.Location;
        }

        if (record.ETag is not null)
        {
            context.Response.Headers.ETag = record.ETag;
        }

        if (record.ContentType is not null)
        {
            context.Response.ContentType = record.ContentType;
        }

        if (record.Body is { Length: > 0 } body)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>
    /// What a retry of a request whose response carried a secret gets instead of the secret: a 409 problem
    /// that says the request was applied and how to find (and, if unknown, revoke) what it created.
    /// </summary>
    private static byte[] SecretNotStoredBody(HttpContext context) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
            Title = "Response not replayable: it carried a secret",
            Status = StatusCodes.Status409Conflict,
            Detail =
                "The request with this Idempotency-Key was applied, but its response carried a secret (a new API key), " +
                "which is shown once and never stored for a replay. The key may have been issued: list the account's " +
                "keys (GET /api/v1/accounts/{id}/keys) and revoke any you do not know; issue a new one with a new " +
                "Idempotency-Key if you need it.",
            Instance = context.Request.Path,
        }, ProblemJson);

    private static readonly System.Text.Json.JsonSerializerOptions ProblemJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static Task WriteInFlightAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return Problems.WriteAsync(context, 409, "Request in progress",
            "A request with this Idempotency-Key is still being processed. Retry after it completes to receive its response.");
    }

    /// <summary>
    /// The request's identity: method, path, query and body bytes. The body is read twice (here, then by the endpoint), so it
    /// is buffered, in memory up to the endpoint's own body limit (set before this middleware runs: 1 MiB for most, 8 MiB for
    /// the admins' import; <see cref="Limits"/>), which the body cannot pass. A buffer holds what the body is, not its limit.
    /// ASP.NET Core's default buffers only 30 KiB in memory and the rest in a temporary file: an import batch (a few hundred
    /// KiB) was written to disk, read back for the hash, and read again by the JSON deserializer through asynchronous file
    /// reads (docs/benchmarks/import-2026-12-07.md).
    /// </summary>
    internal static async Task<string> HashRequestAsync(HttpRequest request)
    {
        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? Limits.RequestBodyBytes;
        request.EnableBuffering(bufferThreshold: (int)Math.Min(limit, Limits.ImportRequestBodyBytes));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            sha.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// <summary>
/// Deletes idempotency records after their retention (at least 24 hours, as the draft asks), hourly, in batches
/// (<see cref="DeleteExpiredAsync"/>), on the node holding the <see cref="LeaseStore.IdempotencyCleanup"/> lease.
/// </summary>
public sealed class IdempotencyCleanup(IServiceScopeFactory scopes, LeaseStore leases, TimeProvider clock, IConfiguration configuration, ILogger<IdempotencyCleanup> logger)
    : BackgroundService
{
    /// <summary>Rows per DELETE: each statement is a short transaction that holds few locks and a small log.</summary>
    public const int BatchSize = 1000;

    /// <summary>How often the cleanup runs, and how long its lease lasts: the other nodes' hourly ticks find it held and skip.</summary>
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = TimeSpan.FromHours(Math.Max(24, configuration.GetValue("Idempotency:RetentionHours", 48)));
        using var timer = new PeriodicTimer(Period, clock);
        do
        {
            try
            {
                await leases.RunAsHolderAsync(LeaseStore.IdempotencyCleanup, async token =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
                    var deleted = await DeleteExpiredAsync(db, clock.GetUtcNow().UtcDateTime - retention, BatchSize, token);
                    if (deleted > 0)
                    {
                        logger.LogInformation("Deleted {Count} idempotency records older than {RetentionHours} hours", deleted, retention.TotalHours);
                    }
                }, stoppingToken, duration: Period);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Idempotency record cleanup failed; it will run again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Deletes the records created before <paramref name="cutoff"/>, oldest first, at most
    /// <paramref name="batchSize"/> per statement (one DELETE over a keyed subquery, its own transaction), until a
    /// batch comes back short. Returns how many were deleted.
    /// </summary>
    public static async Task<int> DeleteExpiredAsync(CredibilityDbContext db, DateTime cutoff, int batchSize, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var batch = db.IdempotencyRecords
                .Where(r => r.CreatedAt < cutoff)
                .OrderBy(r => r.CreatedAt)
                .Take(batchSize);
            var deleted = await db.IdempotencyRecords
                .Where(r => batch.Any(b => b.AccountId == r.AccountId && b.Key == r.Key))
                .ExecuteDeleteAsync(ct);
            total += deleted;
            if (deleted < batchSize)
            {
                return total;
            }
        }
    }
}

using System.Security.Claims;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using Claim = System.Security.Claims.Claim;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Finds who sent a request from <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>, by the
/// HMAC-SHA-256 of the key under the server's pepper; the key itself is never stored. A key stored before the pepper
/// (plain SHA-256) is found by that hash once and re-hashed in place. A key answered from <see cref="ApiKeyCache"/> is
/// judged without an await or a database read; its expiry and revocation are checked on every request.
/// </summary>
public sealed class ApiKeyAuthenticator(ApiKeyCache cache, KeyHasher hasher, TimeProvider clock, ILogger<ApiKeyAuthenticator> logger)
{
    /// <summary>The scheme's name: the principal's authentication type and the OpenAPI document's security scheme.</summary>
    public const string SchemeName = "ApiKey";

    public const string HeaderName = "X-Api-Key";

    /// <summary>The principal of the request's key; null with no key; a refusal (<see cref="ApiKeyRefusal"/>) when the key is refused.</summary>
    public ValueTask<ApiKeyOutcome> AuthenticateAsync(HttpContext context)
    {
        var presented = ReadKey(context.Request);
        if (presented is null)
        {
            return new(ApiKeyOutcome.NoKey);
        }

        var hash = hasher.Hash(presented);
        return cache.TryGetFresh(hash, out var cached) ? new(Judge(cached)) : LoadAndJudgeAsync(context, presented, hash);
    }

    private async ValueTask<ApiKeyOutcome> LoadAndJudgeAsync(HttpContext context, string presented, string hash)
    {
        // The database only on a cache miss: a request answered from the cache (or carrying no key) resolves no context.
        var found = await cache.GetOrLoadAsync(
            hash,
            () => LoadAsync(context.RequestServices.GetRequiredService<CredibilityDbContext>(), presented, hash, context.RequestAborted),
            context.RequestAborted);
        return Judge(found);
    }

    private ApiKeyOutcome Judge(KnownKey? found)
    {
        if (found is null)
        {
            return ApiKeyOutcome.Refused("The API key is not known.");
        }

        if (found.RevokedAt is not null)
        {
            return ApiKeyOutcome.Refused("The API key has been revoked.");
        }

        if (found.ExpiresAt is { } expires && expires <= clock.GetUtcNow().UtcDateTime)
        {
            return ApiKeyOutcome.Refused("The API key has expired.");
        }

        // A new principal per request (it is mutable, and a request's code may add to it); four claims.
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, found.AccountId),
                new Claim(ClaimTypes.Name, found.AccountName),
                new Claim(ClaimTypes.Role, RoleNames.Of(found.Role)),
                new Claim(PrincipalExtensions.KeyIdClaim, found.KeyId),
            ],
            SchemeName);
        return ApiKeyOutcome.Authenticated(new ClaimsPrincipal(identity));
    }

    private async Task<KnownKey?> LoadAsync(CredibilityDbContext db, string presented, string hash, CancellationToken ct)
    {
        var found = await FindAsync(db, hash, KeyHashScheme.HmacSha256, ct);
        if (found is not null)
        {
            return found;
        }

        // A key stored before the pepper: found by its plain SHA-256 once, then stored under the pepper. The
        // conditional update makes a race between two requests (or two nodes) harmless: one of them rewrites it.
        var legacy = KeyHasher.LegacyHash(presented);
        found = await FindAsync(db, legacy, KeyHashScheme.Sha256, ct);
        if (found is not null)
        {
            var upgraded = await db.ApiKeys
                .Where(k => k.Id == found.KeyId && k.Hash == legacy && k.HashScheme == KeyHashScheme.Sha256)
                .ExecuteUpdateAsync(u => u.SetProperty(k => k.Hash, hash).SetProperty(k => k.HashScheme, KeyHashScheme.HmacSha256), ct);
            if (upgraded > 0)
            {
                logger.LogInformation("Stored key {KeyId} under the pepper, replacing its plain SHA-256", found.KeyId);
            }
        }

        return found;
    }

    private static Task<KnownKey?> FindAsync(CredibilityDbContext db, string hash, KeyHashScheme scheme, CancellationToken ct) =>
        db.ApiKeys
            .AsNoTracking()
            .Where(k => k.Hash == hash && k.HashScheme == scheme)
            .Join(db.Accounts, k => k.AccountId, a => a.Id, (k, a) => new KnownKey(k.Id, k.AccountId, a.Name, a.Role, k.RevokedAt, k.ExpiresAt))
            .SingleOrDefaultAsync(ct);

    private static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var apiKey) && !string.IsNullOrWhiteSpace(apiKey))
        {
            return apiKey.ToString().Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim() is { Length: > 0 } key ? key : null
            : null;
    }
}

/// <summary>What <see cref="ApiKeyAuthenticator"/> found: a principal, no key at all, or a refused key and why.</summary>
public sealed class ApiKeyOutcome
{
    public static readonly ApiKeyOutcome NoKey = new(null, null);

    private ApiKeyOutcome(ClaimsPrincipal? principal, string? refusal) => (Principal, Refusal) = (principal, refusal);

    public ClaimsPrincipal? Principal { get; }

    /// <summary>Why the key was refused ("The API key has expired."); null when it was not.</summary>
    public string? Refusal { get; }

    public static ApiKeyOutcome Authenticated(ClaimsPrincipal principal) => new(principal, null);

    public static ApiKeyOutcome Refused(string reason) => new(null, reason);
}

/// <summary>A request feature set when the request's key was refused, so the 401 says why.</summary>
public sealed record ApiKeyRefusal(string Reason);

/// <summary>
/// Authenticates every request by its API key (<see cref="ApiKeyAuthenticator"/>) and sets <c>HttpContext.User</c>, in
/// place of ASP.NET Core's authentication middleware and scheme handler (a handler resolved and initialised, a result and a
/// ticket, per request: about 7% of a GET's request-thread samples in a perf profile, docs/benchmarks/get-pipeline-2026-12-07.md). A key found in the
/// cache costs no await. A refused key leaves the request anonymous, with the reason kept for the 401
/// (<see cref="RoleAuthorizationMiddleware"/>).
/// </summary>
public sealed class ApiKeyAuthenticationMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator)
{
    public Task InvokeAsync(HttpContext context)
    {
        var pending = authenticator.AuthenticateAsync(context);
        if (pending.IsCompletedSuccessfully)
        {
            Apply(context, pending.Result);
            return next(context);
        }

        return AwaitAsync(context, pending);
    }

    private async Task AwaitAsync(HttpContext context, ValueTask<ApiKeyOutcome> pending)
    {
        Apply(context, await pending);
        await next(context);
    }

    private static void Apply(HttpContext context, ApiKeyOutcome outcome)
    {
        if (outcome.Principal is { } principal)
        {
            context.User = principal;
        }
        else if (outcome.Refusal is { } reason)
        {
            context.Features.Set(new ApiKeyRefusal(reason));
        }
    }
}

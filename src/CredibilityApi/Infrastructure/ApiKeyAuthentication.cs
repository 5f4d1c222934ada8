using System.Security.Claims;
using System.Text.Encodings.Web;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using Claim = System.Security.Claims.Claim;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c> by the HMAC-SHA-256 of
/// the key under the server's pepper; the key itself is never stored. A key stored before the pepper (plain
/// SHA-256) is found by that hash once and re-hashed in place. Challenges and refusals are problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache cache,
    KeyHasher hasher,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    private string? _failure;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var hash = hasher.Hash(presented);
        // The database only on a cache miss: a request answered from the cache (or carrying no key) resolves no context.
        var found = await cache.GetOrLoadAsync(hash, () => LoadAsync(Context.RequestServices.GetRequiredService<CredibilityDbContext>(), presented, hash, Context.RequestAborted), Context.RequestAborted);

        if (found is null)
        {
            return Fail("The API key is not known.");
        }

        if (found.RevokedAt is not null)
        {
            return Fail("The API key has been revoked.");
        }

        if (found.ExpiresAt is { } expires && expires <= clock.GetUtcNow().UtcDateTime)
        {
            return Fail("The API key has expired.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, found.AccountId),
                new Claim(ClaimTypes.Name, found.AccountName),
                new Claim(ClaimTypes.Role, RoleNames.Of(found.Role)),
                new Claim(PrincipalExtensions.KeyIdClaim, found.KeyId),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.WriteAsync(
            Context,
            StatusCodes.Status401Unauthorized,
            "API key required",
            _failure ?? $"Send an API key as 'Authorization: Bearer <key>' or '{HeaderName}: <key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        return Problems.WriteAsync(
            Context,
            StatusCodes.Status403Forbidden,
            "Forbidden",
            ForbiddenDetail(role, Context.GetEndpoint()?.Metadata.GetMetadata<FastEndpoints.EndpointDefinition>()?.AllowedRoles));
    }

    /// <summary>
    /// Names the roles that may call the endpoint, so the caller knows whom to ask rather than only that
    /// they may not: "Only admin or annotator may do this; your role is researcher."
    /// </summary>
    internal static string ForbiddenDetail(string role, IReadOnlyCollection<string>? allowed)
    {
        if (allowed is not { Count: > 0 })
        {
            return $"Your role ({role}) may not do this.";
        }

        // In the order of RoleNames.Everyone, whatever order the endpoint listed them in.
        var names = allowed.OrderBy(r => Array.IndexOf(RoleNames.Everyone, r) is var i && i < 0 ? int.MaxValue : i).ThenBy(r => r, StringComparer.Ordinal).ToList();
        var list = names.Count == 1 ? names[0] : string.Join(", ", names.SkipLast(1)) + " or " + names[^1];
        return $"Only {list} may do this; your role is {role}.";
    }

    private AuthenticateResult Fail(string reason)
    {
        _failure = reason;
        return AuthenticateResult.Fail(reason);
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
                Logger.LogInformation("Stored key {KeyId} under the pepper, replacing its plain SHA-256", found.KeyId);
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

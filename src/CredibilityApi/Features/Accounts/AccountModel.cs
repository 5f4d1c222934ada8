using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using Mapster;

namespace CredibilityApi.Features.Accounts;

/// <summary>A user of the API.</summary>
[SchemaName("Account")]
public sealed record AccountModel
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Email { get; init; }

    public Role Role { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>The current ETag, as in the ETag header.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("etag")]
    public required string ETag { get; init; }
}

internal sealed class AccountMapping : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<Account, AccountModel>()
            .Map(d => d.ETag, s => "\"" + s.Version + "\"");
}

/// <summary>An account's record and its keys are for admins, and for the account's own user.</summary>
internal static class AccountAccess
{
    public static bool Allowed(System.Security.Claims.ClaimsPrincipal user, string accountId) =>
        user.IsAdmin() || user.AccountId() == accountId;

    /// <param name="context">The request, answered 403.</param>
    /// <param name="doing">What was refused, as "manage its keys" or "read it".</param>
    public static Task ForbidAsync(HttpContext context, string doing) =>
        Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
            $"Only an admin or the account's own user may {doing}.");
}

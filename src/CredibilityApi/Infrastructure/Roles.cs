using System.Security.Claims;
using CredibilityApi.Domain;

namespace CredibilityApi.Infrastructure;

/// <summary>Role names as they appear in claims and in endpoint configuration.</summary>
public static class RoleNames
{
    public const string Admin = "admin";
    public const string Annotator = "annotator";
    public const string Researcher = "researcher";

    public static readonly string[] Everyone = [Admin, Annotator, Researcher];
    public static readonly string[] Writers = [Admin, Annotator];

    public static string Of(Role role) => role switch
    {
        Role.Admin => Admin,
        Role.Annotator => Annotator,
        _ => Researcher,
    };
}

public static class PrincipalExtensions
{
    public const string KeyIdClaim = "key_id";

    public static string AccountId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The request is not authenticated.");

    public static string? KeyId(this ClaimsPrincipal user) => user.FindFirstValue(KeyIdClaim);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(RoleNames.Admin);
}

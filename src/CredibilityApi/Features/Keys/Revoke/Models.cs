namespace CredibilityApi.Features.Keys.Revoke;

public sealed class Request
{
    public string AccountId { get; init; } = "";

    public string KeyId { get; init; } = "";
}

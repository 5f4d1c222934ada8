namespace CredibilityApi.Features.Accounts.Get;

/// <summary>The account to read.</summary>
public sealed class Request
{
    /// <summary>The account's id (acc_…).</summary>
    public string Id { get; init; } = "";
}

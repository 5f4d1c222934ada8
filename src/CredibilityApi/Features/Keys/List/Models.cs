namespace CredibilityApi.Features.Keys.List;

public sealed class Request
{
    /// <summary>The account whose keys to list.</summary>
    public string AccountId { get; init; } = "";
}

/// <summary>An account's keys, newest first. An account has few keys, so the list is not paged.</summary>
public sealed class Response
{
    public required IReadOnlyList<KeyModel> Items { get; init; }
}

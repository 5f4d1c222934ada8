using CredibilityApi.Domain;

namespace CredibilityApi.Features.Me.Get;

/// <summary>Who the caller is, and with which key.</summary>
public sealed class Response
{
    public required string AccountId { get; init; }

    public required string Name { get; init; }

    public Role Role { get; init; }

    /// <summary>The id of the key this request was made with.</summary>
    public required string KeyId { get; init; }

    /// <summary>The prefix of the key this request was made with.</summary>
    public required string KeyPrefix { get; init; }

    public DateTime? KeyExpiresAt { get; init; }
}

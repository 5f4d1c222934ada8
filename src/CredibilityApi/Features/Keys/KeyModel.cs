using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using Mapster;

namespace CredibilityApi.Features.Keys;

/// <summary>An API key as listed: never the secret, which is shown once when the key is issued.</summary>
[SchemaName("ApiKey")]
public record KeyModel
{
    public required string Id { get; init; }

    public required string AccountId { get; init; }

    /// <summary>A random label to tell keys apart, drawn apart from the key: it is not part of the secret.</summary>
    public required string Prefix { get; init; }

    public string? Name { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? ExpiresAt { get; init; }

    public DateTime? RevokedAt { get; init; }
}

/// <summary>A newly issued key, with its secret. The secret is not stored and cannot be shown again.</summary>
[SchemaName("IssuedApiKey")]
public sealed record IssuedKeyModel : KeyModel
{
    /// <summary>The key itself: send it as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c>.</summary>
    public required string Key { get; init; }
}

internal sealed class KeyMapping : IRegister
{
    public void Register(TypeAdapterConfig config) => config.NewConfig<ApiKey, KeyModel>();
}

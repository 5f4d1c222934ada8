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

using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using Mapster;

namespace CredibilityApi.Features.Outlets;

/// <summary>A news outlet, reachable under its primary domain and any aliases.</summary>
[SchemaName("Outlet")]
public sealed record OutletModel
{
    /// <summary>Opaque, stable id.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Home page URL.</summary>
    public string? Homepage { get; init; }

    /// <summary>The outlet's main host name, e.g. <c>example.com</c>.</summary>
    public required string PrimaryDomain { get; init; }

    /// <summary>Other host names of the outlet (mirrors, national editions). Unique across outlets.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public string? Country { get; init; }

    /// <summary>BCP 47 language tag.</summary>
    public string? Language { get; init; }

    public Ownership Ownership { get; init; }

    public string? Notes { get; init; }

    /// <summary>Whether the outlet's domains mirror one another: the same path on any of them is the same article.</summary>
    public bool MirrorDomains { get; init; }
    /// <summary>
    /// The account that registered the outlet: it, or an admin, alone may change the outlet's domains. Null for
    /// outlets registered before registrants were recorded (only an admin changes their domains).
    /// </summary>
    public string? RegisteredBy { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    /// <summary>The current ETag; send it as <c>If-Match</c> to update the outlet.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("etag")]
    public required string ETag { get; init; }
}

internal sealed class OutletMapping : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<Outlet, OutletModel>()
            .Map(d => d.PrimaryDomain, s => s.Domains.Where(x => x.IsPrimary).Select(x => x.Host).FirstOrDefault())
            .Map(d => d.Aliases, s => s.Domains.Where(x => !x.IsPrimary).OrderBy(x => x.Host).Select(x => x.Host).ToList())
            .Map(d => d.ETag, s => "\"" + s.Version + "\"");
}

using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Admin.GetRollups;

/// <summary>One lease of the background work that one node at a time does.</summary>
[SchemaName("LeaseStatus")]
public sealed class LeaseModel
{
    /// <summary><c>rollups</c> (applies the rollup queue), <c>v2-refit</c> (refits methodology v2), <c>idempotency-cleanup</c> or <c>bootstrap</c> (first start).</summary>
    public required string Name { get; init; }

    /// <summary>The node holding it (its <c>Node:Id</c>); null when no node does (never taken, released, or expired).</summary>
    public string? Owner { get; init; }

    /// <summary>When the owner took it over; null when no node holds it.</summary>
    public DateTime? AcquiredAt { get; init; }

    /// <summary>When the lease lapses unless the owner renews it (it renews when a third has gone by); another node may take it over after. Null when no node holds it.</summary>
    public DateTime? ExpiresAt { get; init; }

    /// <summary>Counts hand-overs from one owner to another.</summary>
    public required long Generation { get; init; }
}

/// <summary>Who applies the rollup queue and the other background work, and how much is waiting.</summary>
[SchemaName("RollupStatus")]
public sealed class Response
{
    /// <summary>The node that answered this request.</summary>
    public required string Node { get; init; }

    /// <summary>Rating changes queued and not yet folded into the rollups.</summary>
    public required long Pending { get; init; }

    /// <summary>Every lease taken so far, by name.</summary>
    public required IReadOnlyList<LeaseModel> Leases { get; init; }
}

namespace CredibilityApi.Domain;

/// <summary>
/// One row whose value changes with every key revocation, so each node can tell with one cheap read whether any
/// key it trusts from its cache may have been revoked since it last looked (see <c>ApiKeyCache</c>).
/// </summary>
public sealed class RevocationStamp
{
    /// <summary>The id of the only row.</summary>
    public const int RowId = 1;

    public int Id { get; init; } = RowId;

    /// <summary>A fresh random value per revocation: a change, not an order, is what the nodes look for.</summary>
    public Guid Value { get; set; }

    /// <summary>The row with a new value, to attach as modified: no read, and saved with the revocation.</summary>
    public static RevocationStamp Renewed() => new() { Value = Guid.NewGuid() };
}

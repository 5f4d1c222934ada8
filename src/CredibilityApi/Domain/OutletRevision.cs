using System.Text.Json;
using System.Text.Json.Serialization;

namespace CredibilityApi.Domain;

/// <summary>What happened at a revision of an outlet.</summary>
public enum OutletRevisionAction
{
    /// <summary>The outlet was registered (revision 1).</summary>
    Registered,

    /// <summary>The outlet was edited.</summary>
    Edited,

    /// <summary>
    /// The outlet as it stood when revisions started to be kept: recorded once, at start-up, for outlets
    /// registered before then. Its revision number is the outlet's version at that moment.
    /// </summary>
    Baseline,
}

/// <summary>
/// An outlet as it stood at one revision: the shape revision history is stored in, versioned so an old
/// snapshot stays readable after the outlet (or the API's view of it) changes shape.
/// </summary>
public sealed record OutletSnapshot(
    int SchemaVersion,
    string Name,
    string? Homepage,
    string PrimaryDomain,
    IReadOnlyList<string> Aliases,
    string? Country,
    string? Language,
    Ownership Ownership,
    string? Notes,
    string? RegisteredBy,
    bool MirrorDomains = false)
{
    /// <summary>The snapshot shape written today; readers accept this and every earlier one.</summary>
    public const int CurrentSchemaVersion = 1;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static OutletSnapshot Of(Outlet outlet) => new(
        CurrentSchemaVersion,
        outlet.Name,
        outlet.Homepage,
        outlet.PrimaryDomain,
        outlet.Aliases,
        outlet.Country,
        outlet.Language,
        outlet.Ownership,
        outlet.Notes,
        outlet.RegisteredBy,
        outlet.MirrorDomains);

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static OutletSnapshot Parse(string json) =>
        JsonSerializer.Deserialize<OutletSnapshot>(json, Options) ?? throw new InvalidOperationException("An outlet snapshot is empty.");
}

/// <summary>
/// One entry of an outlet's history: who changed it, when, and the outlet before and after the change.
/// The revision number is the outlet's <see cref="VersionedEntity.Version"/> after the change, so it
/// matches the ETag the change produced.
/// </summary>
public sealed class OutletRevision
{
    private OutletRevision() { }

    private OutletRevision(string outletId, int revision, OutletRevisionAction action, string? recordedBy, DateTime recordedAt, OutletSnapshot? before, OutletSnapshot after)
    {
        OutletId = outletId;
        Revision = revision;
        Action = action;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
        Before = before?.ToJson();
        After = after.ToJson();
    }

    public long Id { get; private init; }
    public string OutletId { get; private init; } = "";
    public int Revision { get; private init; }
    public OutletRevisionAction Action { get; private init; }

    /// <summary>The account that made the change; null only for a baseline of an outlet whose registrant is unknown.</summary>
    public string? RecordedBy { get; private init; }

    public DateTime RecordedAt { get; private init; }

    /// <summary>The outlet before the change (<see cref="OutletSnapshot"/> JSON); null for the registration and a baseline.</summary>
    public string? Before { get; private init; }

    /// <summary>The outlet after the change (<see cref="OutletSnapshot"/> JSON).</summary>
    public string After { get; private init; } = "";

    public static OutletRevision Registered(Outlet outlet, string? by, DateTime now) =>
        new(outlet.Id, outlet.Version, OutletRevisionAction.Registered, by, now, null, OutletSnapshot.Of(outlet));

    public static OutletRevision Edited(Outlet outlet, OutletSnapshot before, string by, DateTime now) =>
        new(outlet.Id, outlet.Version, OutletRevisionAction.Edited, by, now, before, OutletSnapshot.Of(outlet));

    /// <summary>
    /// The revision of an outlet that has none (registered before revisions were kept): revision 1 at its
    /// registration when it was never edited, else a baseline at its current version and last change.
    /// </summary>
    public static OutletRevision Backfill(Outlet outlet) =>
        outlet.Version == 1
            ? new(outlet.Id, 1, OutletRevisionAction.Registered, outlet.RegisteredBy, outlet.CreatedAt, null, OutletSnapshot.Of(outlet))
            : new(outlet.Id, outlet.Version, OutletRevisionAction.Baseline, null, outlet.UpdatedAt, null, OutletSnapshot.Of(outlet));
}

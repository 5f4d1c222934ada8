using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Outlets.ListRevisions;

[SchemaName("ListOutletRevisionsRequest")]
public sealed class Request : PagedRequest
{
    /// <summary>The outlet's id.</summary>
    public string Id { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator() => this.AddPagingRules(c => RevisionCursor.TryRead(c, out _));
}

/// <summary>The keyset of the revision list: the last revision number of a page.</summary>
internal static class RevisionCursor
{
    public static string Write(int revision) => Infrastructure.Cursor.Encode(revision.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static bool TryRead(string? cursor, out int revision)
    {
        revision = 0;
        return Infrastructure.Cursor.TryDecode(cursor, 1, out var keys) &&
            int.TryParse(keys[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out revision);
    }
}

/// <summary>An outlet as it stood at a revision.</summary>
[SchemaName("OutletSnapshot")]
public sealed class OutletSnapshotModel
{
    /// <summary>The version of this snapshot's shape (1 today); fields added later are absent from older ones.</summary>
    public int SchemaVersion { get; init; }

    public required string Name { get; init; }

    public string? Homepage { get; init; }

    public required string PrimaryDomain { get; init; }

    public required IReadOnlyList<string> Aliases { get; init; }

    public string? Country { get; init; }

    public string? Language { get; init; }

    public Ownership Ownership { get; init; }

    public string? Notes { get; init; }

    /// <summary>The outlet's registrant at the time.</summary>
    public string? RegisteredBy { get; init; }
}

/// <summary>One revision of an outlet: what happened, who did it, when, and the outlet before and after.</summary>
[SchemaName("OutletRevision")]
public sealed class RevisionModel
{
    /// <summary>The outlet's version after this change; its ETag was <c>"revision"</c>.</summary>
    public int Revision { get; init; }

    public OutletRevisionAction Action { get; init; }

    /// <summary>The account that made the change; null for a baseline of an outlet registered before registrants were recorded.</summary>
    public string? RecordedBy { get; init; }

    /// <summary>That account's display name.</summary>
    public string? RecordedByName { get; init; }

    public DateTime RecordedAt { get; init; }

    /// <summary>The outlet before the change; null for the registration and for a baseline.</summary>
    public OutletSnapshotModel? Before { get; init; }

    /// <summary>The outlet after the change.</summary>
    public required OutletSnapshotModel After { get; init; }

    /// <summary>The fields that differ between before and after (name, homepage, primaryDomain, aliases, country, language, ownership, notes); empty without a before.</summary>
    public required IReadOnlyList<string> Changed { get; init; }
}

/// <summary>A page of an outlet's revisions, oldest first.</summary>
[SchemaName("ListOutletRevisionsResponse")]
public sealed class Response
{
    public required IReadOnlyList<RevisionModel> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

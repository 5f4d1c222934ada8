using System.Globalization;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Assignments.ListMine;

public sealed class Request : PagedRequest
{
    /// <summary>Only assignments of this campaign.</summary>
    [QueryParam]
    public string? CampaignId { get; init; }

    /// <summary>Only assignments in this state.</summary>
    [QueryParam]
    public AssignmentState? State { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.CampaignId).MaximumLength(Limits.IdLength);
        RuleFor(x => x.State).IsInEnum();
        this.AddPagingRules(c => QueueCursor.TryRead(c, out _, out _, out _));
    }
}

/// <summary>The caller's assignments, pending first and the next one to work at the top, with a progress count.</summary>
[SchemaName("ListMyAssignmentsResponse")]
public sealed class Response
{
    public required IReadOnlyList<AssignmentModel> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }

    /// <summary>Counts over every page (of the campaign asked for, or of all campaigns).</summary>
    public required AssignmentProgress Progress { get; init; }
}

/// <summary>The keyset of the queue: state rank (pending, submitted, skipped), position in the drawn list, id.</summary>
internal static class QueueCursor
{
    public static string Write(int rank, int position, string id) =>
        Cursor.Encode(rank.ToString(CultureInfo.InvariantCulture), position.ToString(CultureInfo.InvariantCulture), id);

    public static bool TryRead(string? cursor, out int rank, out int position, out string id)
    {
        rank = 0;
        position = 0;
        id = "";
        if (!Cursor.TryDecode(cursor, 3, out var keys) ||
            !int.TryParse(keys[0], NumberStyles.None, CultureInfo.InvariantCulture, out rank) ||
            !int.TryParse(keys[1], NumberStyles.None, CultureInfo.InvariantCulture, out position))
        {
            return false;
        }

        id = keys[2];
        return true;
    }
}

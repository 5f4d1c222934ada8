using CredibilityApi.Domain;
using System.Globalization;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Campaigns.ListAdjudications;

public sealed class Request : PagedRequest
{
    /// <summary>The campaign's id.</summary>
    public string Id { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Id).NotEmpty().MaximumLength(Limits.IdLength);
        this.AddPagingRules(c => QueueCursor.TryRead(c, out _));
    }
}

/// <summary>An item waiting for adjudication, with the disagreements not yet settled.</summary>
[SchemaName("AdjudicationQueueItem")]
public sealed class QueueItem
{
    public required string ArticleId { get; init; }
    public required string OutletId { get; init; }

    /// <summary>The item's place in the campaign's drawn list.</summary>
    public int Position { get; init; }

    public required IReadOnlyList<DisagreementModel> Disagreements { get; init; }
}

/// <summary>The items of a campaign whose annotations disagree beyond the threshold and are not adjudicated yet.</summary>
[SchemaName("AdjudicationQueue")]
public sealed class Response
{
    public required IReadOnlyList<QueueItem> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }

    /// <summary>Items waiting over every page.</summary>
    public int Waiting { get; init; }

    /// <summary>X, the campaign's threshold on a rating range.</summary>
    public double DisagreementThreshold { get; init; }
}

internal static class QueueCursor
{
    public static string Write(int position) => Cursor.Encode("adjudications", position.ToString(CultureInfo.InvariantCulture));

    public static bool TryRead(string? cursor, out int position)
    {
        position = 0;
        return Cursor.TryDecode(cursor, 2, out var keys) && keys[0] == "adjudications" &&
               int.TryParse(keys[1], NumberStyles.None, CultureInfo.InvariantCulture, out position);
    }
}

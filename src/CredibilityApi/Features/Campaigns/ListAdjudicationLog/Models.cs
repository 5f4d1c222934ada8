using CredibilityApi.Domain;
using System.Globalization;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Campaigns.ListAdjudicationLog;

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
        this.AddPagingRules(c => LogCursor.TryRead(c, out _, out _));
    }
}

/// <summary>Every adjudication of a campaign, oldest first, superseded ones marked.</summary>
[SchemaName("AdjudicationLog")]
public sealed class Response
{
    public required IReadOnlyList<AdjudicationModel> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

internal static class LogCursor
{
    public static string Write(DateTime at, string id) => Cursor.Encode("adjudication-log", at.ToString("O", CultureInfo.InvariantCulture), id);

    public static bool TryRead(string? cursor, out DateTime at, out string id)
    {
        at = default;
        id = "";
        if (!Cursor.TryDecode(cursor, 3, out var keys) || keys[0] != "adjudication-log" ||
            !DateTime.TryParse(keys[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out at))
        {
            return false;
        }

        at = DateTime.SpecifyKind(at.ToUniversalTime(), DateTimeKind.Utc);
        id = keys[2];
        return true;
    }
}

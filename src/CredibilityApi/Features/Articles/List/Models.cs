using CredibilityApi.Infrastructure;
using System.Globalization;
using CredibilityApi.Domain;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Articles.List;

public sealed class Request : PagedRequest
{
    /// <summary>Only articles of this outlet.</summary>
    [QueryParam]
    public string? OutletId { get; init; }

    /// <summary>Only articles published at or after this instant (UTC).</summary>
    [QueryParam]
    public DateTime? PublishedFrom { get; init; }

    /// <summary>Only articles published before this instant (UTC).</summary>
    [QueryParam]
    public DateTime? PublishedTo { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.OutletId).MaximumLength(Limits.IdLength);
        RuleFor(x => x.PublishedTo)
            .GreaterThan(x => x.PublishedFrom).WithMessage("'publishedTo' must be after 'publishedFrom'.")
            .When(x => x.PublishedFrom is not null && x.PublishedTo is not null);
        this.AddPagingRules(c => ArticleCursor.TryRead(c, out _, out _));
    }
}

/// <summary>A page of articles ordered by publication time, then id.</summary>
public sealed class Response
{
    public required IReadOnlyList<ArticleSummaryModel> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

/// <summary>The keyset of the article list: (publishedAt, id).</summary>
internal static class ArticleCursor
{
    public static string Write(DateTime publishedAt, string id) =>
        Infrastructure.Cursor.Encode(publishedAt.ToString("O", CultureInfo.InvariantCulture), id);

    public static bool TryRead(string? cursor, out DateTime publishedAt, out string id)
    {
        publishedAt = default;
        id = "";
        if (!Infrastructure.Cursor.TryDecode(cursor, 2, out var keys) ||
            !DateTime.TryParse(keys[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out publishedAt))
        {
            return false;
        }

        publishedAt = DateTime.SpecifyKind(publishedAt.ToUniversalTime(), DateTimeKind.Utc);
        id = keys[1];
        return true;
    }
}

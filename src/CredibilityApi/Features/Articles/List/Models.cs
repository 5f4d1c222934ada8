using System.Globalization;
using CredibilityApi.Domain;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Articles.List;

public sealed class Request
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

    /// <summary>The <c>nextCursor</c> of the previous page; omit for the first page.</summary>
    [QueryParam]
    public string? Cursor { get; init; }

    /// <summary>Page size, 1 to 500 (default 50).</summary>
    [QueryParam]
    public int? Limit { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.OutletId).MaximumLength(Limits.IdLength);
        RuleFor(x => x.PublishedTo)
            .GreaterThan(x => x.PublishedFrom).WithMessage("'publishedTo' must be after 'publishedFrom'.")
            .When(x => x.PublishedFrom is not null && x.PublishedTo is not null);
        RuleFor(x => x.Cursor)
            .Must(c => Infrastructure.Cursor.IsValidOrEmpty(c, 2) &&
                       (string.IsNullOrEmpty(c) || ArticleCursor.TryRead(c, out _, out _)))
            .WithMessage("The cursor is not one this API issued; start again without it.");
        RuleFor(x => x.Limit).InclusiveBetween(1, Infrastructure.Cursor.MaxLimit);
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

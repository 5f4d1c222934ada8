using CredibilityApi.Infrastructure;
using CredibilityApi.Domain;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Articles.List;

public sealed class Request : PagedRequest
{
    /// <summary>Only articles of this outlet. An unknown outlet is a 404.</summary>
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
        RuleFor(x => x.PublishedFrom).WithinSupportedDates();
        RuleFor(x => x.PublishedTo).WithinSupportedDates();
        RuleFor(x => x.OutletId).MaximumLength(Limits.IdLength);
        RuleFor(x => x.PublishedTo)
            .GreaterThan(x => x.PublishedFrom).WithMessage("'publishedTo' must be after 'publishedFrom'.")
            .When(x => x.PublishedFrom is not null && x.PublishedTo is not null);
        this.AddPagingRules(c => TimeIdCursor.TryRead(c, out _, out _));
    }
}

/// <summary>A page of articles ordered by publication time, then id.</summary>
public sealed class Response
{
    public required IReadOnlyList<ArticleSummaryModel> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

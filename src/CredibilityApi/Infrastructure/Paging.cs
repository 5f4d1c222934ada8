using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Infrastructure;

/// <summary>The query parameters every cursor-paged list takes.</summary>
public abstract class PagedRequest
{
    /// <summary>The <c>nextCursor</c> of the previous page; omit for the first page.</summary>
    [QueryParam]
    public string? Cursor { get; init; }

    /// <summary>Page size, 1 to 500 (default 50).</summary>
    [QueryParam]
    public int? Limit { get; init; }

    public int PageSize() => Limit ?? Infrastructure.Cursor.DefaultLimit;
}

public static class PagingRules
{
    /// <summary>The cursor must be one this list issued (<paramref name="isValid"/>), the limit within 1..500.</summary>
    public static void AddPagingRules<T>(this AbstractValidator<T> validator, Func<string, bool> isValid)
        where T : PagedRequest
    {
        validator.RuleFor(x => x.Cursor)
            .Must(c => string.IsNullOrEmpty(c) || isValid(c))
            .WithMessage("The cursor is not one this list issued; start again without it.");
        validator.RuleFor(x => x.Limit).InclusiveBetween(1, Cursor.MaxLimit);
    }
}

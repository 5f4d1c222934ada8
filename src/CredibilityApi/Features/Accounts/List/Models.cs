using CredibilityApi.Domain;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Accounts.List;

public sealed class Request
{
    /// <summary>Only accounts with this role.</summary>
    [QueryParam]
    public Role? Role { get; init; }

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
        RuleFor(x => x.Role).IsInEnum();
        RuleFor(x => x.Cursor)
            .Must(c => Infrastructure.Cursor.IsValidOrEmpty(c, 1)).WithMessage("The cursor is not one this API issued; start again without it.");
        RuleFor(x => x.Limit).InclusiveBetween(1, Infrastructure.Cursor.MaxLimit);
    }
}

/// <summary>A page of accounts in creation order.</summary>
public sealed class Response
{
    public required IReadOnlyList<AccountModel> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

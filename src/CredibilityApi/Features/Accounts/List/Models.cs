using CredibilityApi.Infrastructure;
using CredibilityApi.Domain;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Accounts.List;

public sealed class Request : PagedRequest
{
    /// <summary>Only accounts with this role.</summary>
    [QueryParam]
    public Role? Role { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Role).IsInEnum();
        this.AddPagingRules(c => Infrastructure.Cursor.TryDecode(c, 1, out _));
    }
}

/// <summary>A page of accounts in creation order.</summary>
public sealed class Response
{
    public required IReadOnlyList<AccountModel> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

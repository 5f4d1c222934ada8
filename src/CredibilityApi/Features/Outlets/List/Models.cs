using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Outlets.List;

public sealed class Request : PagedRequest
{
    /// <summary>Only outlets whose name contains this text (case-insensitive).</summary>
    [QueryParam]
    public string? Name { get; init; }

    /// <summary>Only outlets of this ISO 3166-1 alpha-2 country.</summary>
    [QueryParam]
    public string? Country { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Name).MaximumLength(Limits.NameLength);
        RuleFor(x => x.Country)
            .Must(Countries.IsValid).WithMessage("'{PropertyValue}' is not an ISO 3166-1 alpha-2 code (upper case, e.g. GB).")
            .When(x => x.Country is not null);
        this.AddPagingRules(c => Infrastructure.Cursor.TryDecode(c, 1, out _));
    }
}

/// <summary>A page of outlets, in registration order.</summary>
public sealed class Response
{
    public required IReadOnlyList<OutletModel> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

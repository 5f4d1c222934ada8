using CredibilityApi.Infrastructure;
using CredibilityApi.Domain;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Keys.Issue;

public sealed class Request
{
    /// <summary>The account that gets the key.</summary>
    public string AccountId { get; init; } = "";

    /// <summary>A label for the key, e.g. the machine or notebook that uses it.</summary>
    public string? Name { get; init; }

    /// <summary>Optional expiry instant (UTC); must be in the future.</summary>
    public DateTime? ExpiresAt { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Name).MaximumLength(Limits.KeyNameLength).SingleLine();
        RuleFor(x => x.ExpiresAt).WithinSupportedDates();
    }
}

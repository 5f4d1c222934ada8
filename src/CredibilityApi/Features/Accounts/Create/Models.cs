using CredibilityApi.Infrastructure;
using CredibilityApi.Domain;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Accounts.Create;

/// <summary>A new account. Issue it a key afterwards.</summary>
public sealed class Request
{
    public string Name { get; init; } = "";

    public string? Email { get; init; }

    public Role? Role { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Limits.NameLength).SingleLine();
        RuleFor(x => x.Email).EmailAddress().MaximumLength(Limits.EmailLength).When(x => x.Email is not null);
        RuleFor(x => x.Role).NotNull().IsInEnum();
    }
}

using CredibilityApi.Domain;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Outlets.Lookup;

public sealed class Request
{
    /// <summary>A URL (<c>https://m.example.co.uk/news/1</c>) or a bare host (<c>amp.example.com</c>).</summary>
    [QueryParam]
    public string Url { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator() =>
        RuleFor(x => x.Url)
            .NotEmpty()
            .MaximumLength(Limits.UrlLength)
            .Must(u => Hosts.FromUrlOrHost(u) is not null).WithMessage("'url' must be an http(s) URL or a host name.");
}

/// <summary>The outlet a URL belongs to, and which of its domains matched.</summary>
public sealed class Response
{
    /// <summary>The normalised host read from the URL.</summary>
    public required string Host { get; init; }

    /// <summary>The registered domain that matched: the longest registered suffix of the host, never above its registrable domain.</summary>
    public required string MatchedDomain { get; init; }

    public required OutletModel Outlet { get; init; }
}

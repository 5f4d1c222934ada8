using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Articles.Lookup;

public sealed class Request
{
    /// <summary>Any URL the article was seen under: its canonical URL, an alias, a mirror, with or without www., tracking parameters or AMP cache.</summary>
    [QueryParam]
    public string Url { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator() =>
        RuleFor(x => x.Url)
            .NotEmpty()
            .MaximumLength(Limits.UrlLength)
            .Must(u => ArticleUrl.Normalize(u) is not null).WithMessage("'url' must be an absolute http or https URL.");
}

/// <summary>The article a URL names, how it matched, and every alias the article has.</summary>
[SchemaName("ArticleLookup")]
public sealed class Response
{
    /// <summary>The URL sent, canonicalised.</summary>
    public required string CanonicalUrl { get; init; }

    /// <summary><c>article</c> when the URL is the article's own (same identity), <c>alias</c> when it matched one of its aliases.</summary>
    public required string MatchedBy { get; init; }

    public required ArticleSummaryModel Article { get; init; }

    /// <summary>The other URLs the article was seen under, oldest first.</summary>
    public required IReadOnlyList<ArticleAliasModel> Aliases { get; init; }
}

using CredibilityApi.Infrastructure;
using CredibilityApi.Domain;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Articles.Register;

/// <summary>An article to register by its URL.</summary>
public sealed class Request
{
    /// <summary>The article's URL under any of its outlet's domains; it is stored in canonical form.</summary>
    public string Url { get; init; } = "";

    /// <summary>
    /// Optional: the page's canonical URL, from its <c>&lt;link rel="canonical"&gt;</c>. When given, the article is
    /// identified and stored by it (it must be on a domain of the same outlet, else 422), and <c>url</c> becomes an alias.
    /// </summary>
    public string? CanonicalUrl { get; init; }

    /// <summary>The outlet; when omitted it is resolved from the URL's host (422 when no outlet matches).</summary>
    public string? OutletId { get; init; }

    public string Title { get; init; } = "";

    public List<string> Authors { get; init; } = [];

    /// <summary>Publication instant; an offset is converted to UTC.</summary>
    public DateTime? PublishedAt { get; init; }

    /// <summary>BCP 47 language tag; a region must be an ISO 3166-1 code (<c>en-GB</c>, not <c>en-UK</c>) or a UN M.49 area (<c>es-419</c>).</summary>
    public string? Language { get; init; }

    /// <summary>Optional plain-text body, at most 2 MiB of UTF-8. Positions in it count UTF-16 code units.</summary>
    public string? Body { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.PublishedAt).WithinSupportedDates();
        RuleFor(x => x.Url)
            .NotEmpty()
            .MaximumLength(Limits.UrlLength)
            .Must(u => ArticleUrl.Normalize(u) is not null).WithMessage("'url' must be an absolute http or https URL.");
        RuleFor(x => x.CanonicalUrl!)
            .MaximumLength(Limits.UrlLength)
            .Must(u => ArticleUrl.Normalize(u) is not null).WithMessage("'canonicalUrl' must be an absolute http or https URL.")
            .When(x => x.CanonicalUrl is not null);
        RuleFor(x => x.OutletId).MaximumLength(Limits.IdLength);
        RuleFor(x => x.Title).NotEmpty().MaximumLength(Limits.TitleLength).SingleLine();
        RuleFor(x => x.Body).MultiLine();
        RuleFor(x => x.Authors).NotNull().Must(a => a is null || a.Count <= Limits.MaxAuthors)
            .WithMessage($"At most {Limits.MaxAuthors} authors.");
        RuleForEach(x => x.Authors).NotEmpty().MaximumLength(Limits.AuthorLength).SingleLine();
        RuleFor(x => x.PublishedAt).NotNull().WithMessage("'publishedAt' is required: scores are bucketed by publication date.");
        RuleFor(x => x.Language)
            .Must(Languages.IsValid).WithMessage((_, tag) => Languages.Problem(tag) ?? "")
            .When(x => x.Language is not null);
    }
}

internal static class Examples
{
    public static Request Request => new()
    {
        Url = "https://www.herald-example.co.uk/world/2021/03/advance.html?utm_source=twitter#comments",
        Title = "Forces report rapid advance in the north",
        Authors = ["Staff reporter"],
        PublishedAt = new DateTime(2021, 3, 14, 9, 30, 0, DateTimeKind.Utc),
        Language = "en",
        Body = "Forces advanced 40 km overnight, a spokesman said on Twitter. An unnamed official confirmed the report.",
    };
}

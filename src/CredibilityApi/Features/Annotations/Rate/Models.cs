using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Annotations.Rate;

/// <summary>One value on one dimension.</summary>
[SchemaName("RatingValue")]
public sealed class RatingValue
{
    /// <summary>Key of a dimension of the rubric version.</summary>
    public string Dimension { get; init; } = "";

    /// <summary>Within the dimension's [min, max].</summary>
    public double? Value { get; init; }

    /// <summary>How sure the annotator is, 0 to 1.</summary>
    public double? Confidence { get; init; }
}

/// <summary>Ratings of an article on one or more dimensions of a rubric version.</summary>
[SchemaName("RateArticleRequest")]
public sealed class Request
{
    /// <summary>The article.</summary>
    public string ArticleId { get; init; } = "";

    /// <summary>The rubric version the values are on; the current version when left out.</summary>
    public int? RubricVersion { get; init; }

    public List<RatingValue> Values { get; init; } = [];

    /// <summary>Tags from the controlled vocabulary, set on every rating of the request.</summary>
    public List<string> Tags { get; init; } = [];
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.RubricVersion).GreaterThan(0);
        RuleFor(x => x.Values).NotEmpty().WithMessage("Send at least one value.")
            .Must(v => v is null || v.Count <= 50).WithMessage("At most 50 values.")
            .Must(v => v is null || v.Select(x => x.Dimension).Distinct(StringComparer.Ordinal).Count() == v.Count)
            .WithMessage("Each dimension at most once per request.");
        RuleForEach(x => x.Values).ChildRules(value =>
        {
            value.RuleFor(v => v.Dimension).NotEmpty().MaximumLength(Limits.KeyLength);
            value.RuleFor(v => v.Value).NotNull().Must(v => v is null || double.IsFinite(v.Value)).WithMessage("'value' must be a finite number.");
            value.RuleFor(v => v.Confidence).InclusiveBetween(0, 1);
        });
        this.TagRules(x => x.Tags);
    }
}

/// <summary>The caller's current ratings of the article on the dimensions sent.</summary>
[SchemaName("RateArticleResponse")]
public sealed class Response
{
    public required IReadOnlyList<AnnotationModel> Ratings { get; init; }
}

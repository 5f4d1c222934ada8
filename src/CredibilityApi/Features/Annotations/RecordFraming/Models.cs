using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Annotations.RecordFraming;

/// <summary>A framing note on a span of an article's body, or on the whole article.</summary>
[SchemaName("RecordFramingRequest")]
public sealed class Request
{
    /// <summary>The article.</summary>
    public string ArticleId { get; init; } = "";

    public FramingInput Framing { get; init; } = null!;

    /// <summary>Tags from the controlled vocabulary.</summary>
    public List<string> Tags { get; init; } = [];
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Framing).NotNull().SetValidator(new FramingInputValidator());
        this.TagRules(x => x.Tags);
    }
}

using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Articles.Merge;

/// <summary>Which article to merge into the one in the path.</summary>
public sealed class Request
{
    /// <summary>The surviving article's id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The duplicate: its claims, annotations and URLs move to the survivor, and it becomes a tombstone.</summary>
    public string DuplicateId { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.DuplicateId).NotEmpty().MaximumLength(Limits.IdLength);
        RuleFor(x => x.DuplicateId).NotEqual(x => x.Id).WithMessage("An article cannot be merged into itself.");
    }
}

/// <summary>What a merge moved, and which ratings it superseded.</summary>
[SchemaName("ArticleMerge")]
public sealed class Response
{
    /// <summary>The surviving article, after the merge.</summary>
    public required ArticleSummaryModel Survivor { get; init; }

    /// <summary>The merged duplicate; GET on it now answers 404 naming the survivor.</summary>
    public required string DuplicateId { get; init; }

    public int MovedClaims { get; init; }

    /// <summary>Annotations moved to the survivor, each with a new revision (action <c>moved</c>) saying so.</summary>
    public int MovedAnnotations { get; init; }

    /// <summary>
    /// Ratings of an annotator who had rated both articles on the same dimension: the later current one is kept as
    /// the survivor's rating and the other is retracted with a reason naming the one kept.
    /// </summary>
    public required IReadOnlyList<SupersededRating> SupersededRatings { get; init; }

    /// <summary>The survivor's aliases after the merge: the duplicate's URL and aliases are among them.</summary>
    public required IReadOnlyList<ArticleAliasModel> Aliases { get; init; }
}

/// <summary>One of two ratings by the same annotator on the same dimension, superseded by the other at a merge.</summary>
public sealed class SupersededRating
{
    /// <summary>The rating retracted (it stays on the merged duplicate, with its history).</summary>
    public required string AnnotationId { get; init; }

    /// <summary>The survivor's rating that is current now; it carries the later of the two values.</summary>
    public required string KeptAnnotationId { get; init; }

    public required string Dimension { get; init; }

    public required string AuthorId { get; init; }
}

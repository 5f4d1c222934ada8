using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Scores.Leniency;

public sealed class Request : PagedRequest
{
    /// <summary>The rubric dimension.</summary>
    [QueryParam]
    public string Dimension { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Dimension).NotEmpty().MaximumLength(Domain.Limits.KeyLength);
        this.AddPagingRules(c => Cursor.TryDecode(c, 1, out _));
    }
}

/// <summary>
/// One annotator's leniency on a dimension (methodology v2): how many points above the average annotator they rate
/// the same article, shrunk toward 0, with its 95% interval. It is taken out of every outlet mean they contribute to.
/// </summary>
[SchemaName("AnnotatorLeniency")]
public sealed class Item
{
    public required string AnnotatorId { get; init; }

    public required string AnnotatorName { get; init; }

    /// <summary>Points above (positive) or below the average annotator, on the dimension's scale.</summary>
    public double Estimate { get; init; }

    public double Sd { get; init; }

    public double Lower95 { get; init; }

    public double Upper95 { get; init; }

    /// <summary>The annotator's current ratings on the dimension.</summary>
    public int Ratings { get; init; }

    /// <summary>The information behind the estimate: Σ (1 − 1/k) over their articles rated k times. 0: nothing to compare with.</summary>
    public double Overlap { get; init; }

    /// <summary>False when the annotator never rated an article someone else rated: leniency 0 with the population's spread as uncertainty.</summary>
    public bool Identified { get; init; }
}

/// <summary>Every annotator's leniency on one dimension, with the variance components of the same fit.</summary>
[SchemaName("LeniencyReport")]
public sealed class Response
{
    public required string Dimension { get; init; }

    public required string MethodologyVersion { get; init; }

    public required VarianceComponentsModel VarianceComponents { get; init; }

    /// <summary>Annotators in id order.</summary>
    public required IReadOnlyList<Item> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

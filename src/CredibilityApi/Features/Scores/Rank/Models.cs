using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Scores.Rank;

public sealed class Request : PagedRequest
{
    /// <summary>The dimension to rank on.</summary>
    [QueryParam]
    public string Dimension { get; init; } = "";

    /// <summary>First day (UTC) of the window; default a year before <c>to</c>.</summary>
    [QueryParam]
    public DateOnly? From { get; init; }

    /// <summary>Day after the window (exclusive): the ranking's instant; default tomorrow.</summary>
    [QueryParam]
    public DateOnly? To { get; init; }

    /// <summary>Leave out outlets with fewer rated articles in the window (default 5).</summary>
    [QueryParam]
    public int? MinArticles { get; init; }

    /// <summary>Half-life of the decayed score, in days; default 180.</summary>
    [QueryParam]
    public double? HalfLifeDays { get; init; }

    /// <summary>The scoring methodology: v2 (default) or v1, to reproduce a ranking cited under it.</summary>
    [QueryParam]
    public MethodologyVersion? Methodology { get; init; }

    /// <summary>
    /// Count only ratings made blind in study campaigns (see the series' <c>blindOnly</c>): the standings are computed
    /// from those ratings, with the methodology's stored fit under v2. Default false.
    /// </summary>
    [QueryParam]
    public bool? BlindOnly { get; init; }

    /// <summary>
    /// Only the ratings of this study campaign (made on its items by the annotators assigned to them), computed from
    /// them at read time (a bounded set). Combines with blindOnly; an unknown campaign is a 404.
    /// </summary>
    [QueryParam]
    public string? CampaignId { get; init; }

    /// <summary>
    /// Rank from the annotation revisions recorded at or before this instant (not later than now), to reproduce a cited
    /// ranking: every outlet's ratings as they stood then, and under v2 the leniencies fitted on them.
    /// </summary>
    [QueryParam]
    public DateTime? AsOf { get; init; }
}

public sealed class Validator : Validator<Request>
{
    /// <summary>The furthest a cursor can point: far beyond any ranking, and far from overflowing offset + limit.</summary>
    public const int MaxOffset = 100_000_000;

    public Validator()
    {
        RuleFor(x => x.From).WithinSupportedDates();
        RuleFor(x => x.To).WithinSupportedDates();
        RuleFor(x => x.AsOf).WithinSupportedDates();
        RuleFor(x => x.Dimension).NotEmpty().MaximumLength(Domain.Limits.KeyLength);
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("'to' must be after 'from'.");
        RuleFor(x => x.MinArticles).InclusiveBetween(1, 100_000);
        RuleFor(x => x.HalfLifeDays).GreaterThan(0).LessThanOrEqualTo(36500);
        RuleFor(x => x.Methodology).IsInEnum();
        RuleFor(x => x.CampaignId).MaximumLength(Domain.Limits.IdLength);
        this.AddPagingRules(c => Infrastructure.Cursor.TryDecode(c, 2, out var k) && int.TryParse(k[0], out var n) && n is >= 0 and <= MaxOffset);
    }
}

/// <summary>One outlet's place in the ranking.</summary>
[SchemaName("RankedOutlet")]
public sealed class Item
{
    /// <summary>1 for the highest shrunk score.</summary>
    public int Rank { get; init; }

    public required string OutletId { get; init; }

    public required string OutletName { get; init; }

    public int Articles { get; init; }

    public int Ratings { get; init; }

    public int Annotators { get; init; }

    public double? RawMean { get; init; }

    public required PosteriorModel Shrunk { get; init; }

    public double? Decayed { get; init; }

    public required AgreementModel Agreement { get; init; }

    /// <summary>v2: the average leniency of the outlet's annotators, taken out of its raw mean.</summary>
    public double? LeniencyAdjustment { get; init; }

    /// <summary>v2: the effective number of annotators, 1/Σ share².</summary>
    public double? EffectiveAnnotators { get; init; }

    /// <summary>v2: a plain-language note when the interval is wide for lack of data.</summary>
    public string? Reliability { get; init; }
}

/// <summary>Outlets ranked by their shrunk score on a dimension over a window, with the prior they were shrunk towards.</summary>
[SchemaName("Ranking")]
public sealed class Response
{
    public required string Dimension { get; init; }

    public DateOnly From { get; init; }

    public DateOnly To { get; init; }

    public int MinArticles { get; init; }

    public double HalfLifeDays { get; init; }

    /// <summary>Outlets with any rated article in the window: the prior's sample.</summary>
    public int OutletsInPrior { get; init; }

    /// <summary>The mean the outlets were shrunk toward (under v2, its posterior mean); null when no outlet could be scored.</summary>
    public double? PriorMean { get; init; }

    public required string MethodologyVersion { get; init; }

    /// <summary>v2: the leniencies' and variance components' estimates used, and when they were computed; null under v1.</summary>
    public VarianceComponentsModel? VarianceComponents { get; init; }

    public DateTime ComputedAt { get; init; }

    /// <summary>Set when the ranking was computed from the history as of this instant.</summary>
    public DateTime? AsOf { get; init; }

    /// <summary>True when only ratings made blind were counted (<c>blindOnly=true</c>).</summary>
    public bool BlindOnly { get; init; }

    /// <summary>Set when only the ratings of this study campaign were counted (<c>campaignId</c>).</summary>
    public string? CampaignId { get; init; }

    public required IReadOnlyList<Item> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

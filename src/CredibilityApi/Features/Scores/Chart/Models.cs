using CredibilityApi.Infrastructure;
using CredibilityApi.Aggregation;
using FastEndpoints;
using FluentValidation;

namespace CredibilityApi.Features.Scores.Chart;

public sealed class Request
{
    /// <summary>The outlet.</summary>
    public string Id { get; init; } = "";

    /// <summary>The dimension to draw.</summary>
    [QueryParam]
    public string Dimension { get; init; } = "";

    /// <summary>day, week, month (default), quarter or year.</summary>
    [QueryParam]
    public Bucket? Bucket { get; init; }

    /// <summary>First day (UTC), 1000-01-01 to 9000-12-31; default a year before <c>to</c>, or with neither from nor to the outlet's rated articles.</summary>
    [QueryParam]
    public DateOnly? From { get; init; }

    /// <summary>Day after the window (exclusive), 1000-01-01 to 9000-12-31; default tomorrow when <c>from</c> is given.</summary>
    [QueryParam]
    public DateOnly? To { get; init; }

    /// <summary>The scoring methodology: v2 (default) or v1.</summary>
    [QueryParam]
    public MethodologyVersion? Methodology { get; init; }

    /// <summary>Count only ratings made blind in study campaigns (see the series' <c>blindOnly</c>); the subtitle says so. Default false.</summary>
    [QueryParam]
    public bool? BlindOnly { get; init; }

    /// <summary>
    /// Only the ratings of this study campaign (made on its items by the annotators assigned to them), computed from
    /// them at read time (a bounded set). Combines with blindOnly; an unknown campaign is a 404.
    /// </summary>
    [QueryParam]
    public string? CampaignId { get; init; }

    /// <summary>Draw from the annotation revisions recorded at or before this instant (not later than now), as the series' asOf, to reproduce a cited chart.</summary>
    [QueryParam]
    public DateTime? AsOf { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.From).WithinSupportedDates();
        RuleFor(x => x.To).WithinSupportedDates();
        RuleFor(x => x.AsOf).WithinSupportedDates();
        RuleFor(x => x.Dimension).NotEmpty().MaximumLength(Domain.Limits.KeyLength);
        RuleFor(x => x.Bucket).IsInEnum();
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("'to' must be after 'from'.");
        RuleFor(x => x.Methodology).IsInEnum();
        RuleFor(x => x.CampaignId).MaximumLength(Domain.Limits.IdLength);
    }
}

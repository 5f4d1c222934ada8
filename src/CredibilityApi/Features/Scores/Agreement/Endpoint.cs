using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using CredibilityApi.Scoring;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Scores.Agreement;

public sealed class Request
{
    /// <summary>Only this dimension; all dimensions of the current rubric when left out.</summary>
    [QueryParam]
    public string? Dimension { get; init; }

    /// <summary>Only this outlet's articles.</summary>
    [QueryParam]
    public string? OutletId { get; init; }

    /// <summary>First day (UTC) of the window; default a year before <c>to</c>.</summary>
    [QueryParam]
    public DateOnly? From { get; init; }

    /// <summary>Day after the window (exclusive); default tomorrow.</summary>
    [QueryParam]
    public DateOnly? To { get; init; }

    /// <summary>Also report alpha for every pair of annotators who rated the same articles.</summary>
    [QueryParam]
    public bool? ByAnnotatorPair { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.From).WithinSupportedDates();
        RuleFor(x => x.To).WithinSupportedDates();
        RuleFor(x => x.Dimension).MaximumLength(Limits.KeyLength);
        RuleFor(x => x.OutletId).MaximumLength(Limits.IdLength);
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("'to' must be after 'from'.");
    }
}

/// <summary>Alpha between two annotators over the articles both rated.</summary>
[SchemaName("PairAgreement")]
public sealed class PairModel
{
    public required string AnnotatorA { get; init; }

    public required string AnnotatorB { get; init; }

    /// <summary>Articles both rated on the dimension.</summary>
    public int SharedArticles { get; init; }

    public double? Alpha { get; init; }
}

/// <summary>Krippendorff's alpha (interval) on one dimension.</summary>
[SchemaName("DimensionAgreement")]
public sealed class DimensionModel
{
    public required string Dimension { get; init; }

    /// <summary>Null where undefined: fewer than two pairable values, or no variation.</summary>
    public double? Alpha { get; init; }

    /// <summary>Ratings in articles rated two or more times.</summary>
    public int PairableValues { get; init; }

    /// <summary>Articles rated two or more times.</summary>
    public int Units { get; init; }

    /// <summary>Rated articles in the window.</summary>
    public int Articles { get; init; }

    /// <summary>Current ratings in the window.</summary>
    public int Ratings { get; init; }

    /// <summary>Distinct annotators behind them.</summary>
    public int Annotators { get; init; }

    /// <summary>Only with byAnnotatorPair=true.</summary>
    public IReadOnlyList<PairModel>? Pairs { get; init; }
}

/// <summary>Krippendorff's alpha (nominal) on the verdicts given to the same claims.</summary>
[SchemaName("VerdictAgreement")]
public sealed class VerdictAgreementModel
{
    public double? Alpha { get; init; }

    /// <summary>Verdicts on claims with two or more current verdicts.</summary>
    public int PairableValues { get; init; }

    /// <summary>Claims with two or more current verdicts.</summary>
    public int Units { get; init; }
}

/// <summary>Inter-annotator agreement per dimension over a window.</summary>
[SchemaName("AgreementReport")]
public sealed class Response
{
    public string? OutletId { get; init; }

    public DateOnly From { get; init; }

    public DateOnly To { get; init; }

    public required string MethodologyVersion { get; init; }

    public DateTime ComputedAt { get; init; }

    public required IReadOnlyList<DimensionModel> Dimensions { get; init; }

    /// <summary>Agreement on claim verdicts (nominal metric) over the same window.</summary>
    public required VerdictAgreementModel Verdicts { get; init; }

    /// <summary>
    /// Agreement on the technique given to the same span (nominal metric): units are spans (article, start,
    /// end) marked by two or more framing notes.
    /// </summary>
    public required VerdictAgreementModel Techniques { get; init; }
}

public sealed class Endpoint(CredibilityDbContext db, Aggregation.RollupApplier rollups, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/agreement");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetAgreement")
            .WithTags("Researchers")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 404, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Inter-annotator agreement";
            s.Description =
                "Krippendorff's alpha (interval metric) per rubric dimension over the articles published in [from, to), " +
                "optionally for one outlet, with the number of pairable values; null where undefined. The dimension figures come " +
                "from the rollups. byAnnotatorPair=true adds alpha for every pair of annotators over the articles both rated, " +
                "computed from their current ratings. Verdicts on claims and techniques on the same span get the nominal metric.";
            s.ResponseExamples[200] = new Response
            {
                From = new DateOnly(2021, 1, 1),
                To = new DateOnly(2022, 1, 1),
                MethodologyVersion = Scoring.Methodology.Default.Version,
                ComputedAt = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc),
                Verdicts = new VerdictAgreementModel { Alpha = 0.52, PairableValues = 37, Units = 16 },
                Techniques = new VerdictAgreementModel { Alpha = 0.61, PairableValues = 24, Units = 11 },
                Dimensions =
                [
                    new DimensionModel
                    {
                        Dimension = "factual_accuracy", Alpha = 0.74, PairableValues = 212, Units = 88, Articles = 130, Ratings = 254, Annotators = 4,
                        Pairs = [new PairModel { AnnotatorA = "acc_0192f0b9e8d77a6b5c4d3e2f1a0b9c8d", AnnotatorB = "acc_0192f0ba1c2d3e4f5a6b7c8d9e0f1a2b", SharedArticles = 40, Alpha = 0.79 }],
                    },
                ],
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.OutletId is not null && !await db.Outlets.AnyAsync(o => o.Id == req.OutletId, ct))
        {
            await Problems.NotFoundAsync(HttpContext, "Outlet", req.OutletId);
            return;
        }

        var current = await db.RubricVersions.MaxAsync(r => r.Version, ct);
        var dimensions = req.Dimension is not null
            ? [req.Dimension]
            : await db.RubricDimensions.AsNoTracking().Where(d => d.RubricVersion == current).OrderBy(d => d.Key).Select(d => d.Key).ToListAsync(ct);
        if (req.Dimension is not null && !await db.RubricDimensions.AnyAsync(d => d.Key == req.Dimension, ct))
        {
            ThrowError(r => r.Dimension!, $"Unknown dimension '{req.Dimension}'.", StatusCodes.Status422UnprocessableEntity);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (from, to) = Window.Resolve(req.From, req.To, now);
        await rollups.EnsureCurrentAsync(db, ct);
        var days = db.OutletDayStats.AsNoTracking().Where(s => dimensions.Contains(s.Dimension) && s.Day >= from && s.Day < to);
        days = req.OutletId is { } outletId ? days.Where(s => s.OutletId == outletId) : days;
        var sums = await days
            .GroupBy(s => s.Dimension)
            .Select(g => new
            {
                Dimension = g.Key,
                Articles = g.Sum(s => s.Articles),
                Ratings = g.Sum(s => s.Ratings),
                Values = g.Sum(s => s.PairableValues),
                Units = g.Sum(s => s.PairableUnits),
                Sum = g.Sum(s => s.PairableSum),
                Squares = g.Sum(s => s.PairableSumSquares),
                Observed = g.Sum(s => s.ObservedDisagreement),
            })
            .ToDictionaryAsync(x => x.Dimension, ct);

        var raters = db.OutletDayAnnotators.AsNoTracking().Where(s => dimensions.Contains(s.Dimension) && s.Day >= from && s.Day < to);
        raters = req.OutletId is { } ro ? raters.Where(s => s.OutletId == ro) : raters;
        var annotators = await raters.GroupBy(s => s.Dimension)
            .Select(g => new { Dimension = g.Key, Count = g.Select(s => s.AnnotatorId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Dimension, x => x.Count, ct);

        var result = new List<DimensionModel>();
        foreach (var dimension in dimensions)
        {
            var alpha = sums.TryGetValue(dimension, out var s)
                ? Krippendorff.FromSums(new Krippendorff.IntervalSums(s.Values, s.Units, s.Sum, s.Squares, s.Observed))
                : new Alpha(null, 0, 0);
            result.Add(new DimensionModel
            {
                Dimension = dimension,
                Alpha = alpha.Value,
                PairableValues = alpha.PairableValues,
                Units = alpha.Units,
                Articles = sums.TryGetValue(dimension, out var c) ? c.Articles : 0,
                Ratings = sums.TryGetValue(dimension, out var r) ? r.Ratings : 0,
                Annotators = annotators.GetValueOrDefault(dimension),
                Pairs = req.ByAnnotatorPair == true ? await PairsAsync(dimension, req.OutletId, from, to, ct) : null,
            });
        }

        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var verdictRows = db.Annotations.AsNoTracking()
            .Where(a => a.Kind == AnnotationKind.Provenance && a.TargetType == TargetType.Claim && a.Verdict != null
                        && a.Status == AnnotationStatus.Active && !a.Hidden && a.ArticlePublishedAt >= start && a.ArticlePublishedAt < end);
        verdictRows = req.OutletId is { } o ? verdictRows.Where(a => a.OutletId == o) : verdictRows;
        var verdicts = await verdictRows.Select(a => new { a.ClaimId, Verdict = a.Verdict!.Value }).ToListAsync(ct);
        var verdictAlpha = Krippendorff.Nominal(verdicts.GroupBy(v => v.ClaimId).Select(g => (IReadOnlyList<Verdict>)g.Select(v => v.Verdict).ToList()));

        var spanRows = db.Annotations.AsNoTracking()
            .Where(a => a.Kind == AnnotationKind.Framing && a.SpanStart != null && a.Status == AnnotationStatus.Active && !a.Hidden
                        && a.ArticlePublishedAt >= start && a.ArticlePublishedAt < end);
        spanRows = req.OutletId is { } so ? spanRows.Where(a => a.OutletId == so) : spanRows;
        var spans = await spanRows.Select(a => new { a.ArticleId, a.SpanStart, a.SpanEnd, Technique = a.Technique! }).ToListAsync(ct);
        var techniqueAlpha = Krippendorff.Nominal(spans.GroupBy(x => (x.ArticleId, x.SpanStart, x.SpanEnd)).Select(g => (IReadOnlyList<string>)g.Select(x => x.Technique).ToList()));

        await Send.OkAsync(new Response
        {
            Verdicts = new VerdictAgreementModel { Alpha = verdictAlpha.Value, PairableValues = verdictAlpha.PairableValues, Units = verdictAlpha.Units },
            Techniques = new VerdictAgreementModel { Alpha = techniqueAlpha.Value, PairableValues = techniqueAlpha.PairableValues, Units = techniqueAlpha.Units },
            OutletId = req.OutletId,
            From = from,
            To = to,
            MethodologyVersion = Scoring.Methodology.Default.Version,
            ComputedAt = now,
            Dimensions = result,
        }, ct);
    }

    /// <summary>Pairwise alpha needs who gave which value, which the rollups do not keep: read the current ratings of the window.</summary>
    private async Task<IReadOnlyList<PairModel>> PairsAsync(string dimension, string? outletId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var ratings = db.Annotations.AsNoTracking()
            .Where(a => a.Kind == AnnotationKind.Rating && a.Dimension == dimension && a.Status == AnnotationStatus.Active && !a.Hidden
                        && a.ArticlePublishedAt >= start && a.ArticlePublishedAt < end);
        ratings = outletId is null ? ratings : ratings.Where(a => a.OutletId == outletId);
        var rows = await ratings.Select(a => new { a.ArticleId, a.AuthorId, Value = a.Value!.Value }).ToListAsync(ct);
        var byAuthor = rows.GroupBy(r => r.AuthorId).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.ArticleId!, r => r.Value));
        var authors = byAuthor.Keys.Order(StringComparer.Ordinal).ToList();
        var pairs = new List<PairModel>();
        for (var i = 0; i < authors.Count; i++)
        {
            for (var j = i + 1; j < authors.Count; j++)
            {
                var a = byAuthor[authors[i]];
                var b = byAuthor[authors[j]];
                var shared = a.Keys.Where(b.ContainsKey).ToList();
                if (shared.Count == 0)
                {
                    continue;
                }

                var alpha = Krippendorff.Interval(shared.Select(k => (IReadOnlyList<double>)[a[k], b[k]]));
                pairs.Add(new PairModel { AnnotatorA = authors[i], AnnotatorB = authors[j], SharedArticles = shared.Count, Alpha = alpha.Value });
            }
        }

        return pairs;
    }
}

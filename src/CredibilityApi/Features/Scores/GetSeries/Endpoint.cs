using System.Globalization;
using System.Text;
using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Scores.GetSeries;

public sealed class Request
{
    /// <summary>The outlet.</summary>
    public string Id { get; init; } = "";

    /// <summary>Comma-separated dimension keys; all dimensions of the current rubric when left out.</summary>
    [QueryParam]
    public string? Dimensions { get; init; }

    /// <summary>day, week (ISO, from Monday), month, quarter or year; default month.</summary>
    [QueryParam]
    public Bucket? Bucket { get; init; }

    /// <summary>First day (UTC) of the window; default a year before <c>to</c>.</summary>
    [QueryParam]
    public DateOnly? From { get; init; }

    /// <summary>Day after the window (UTC, exclusive); default tomorrow.</summary>
    [QueryParam]
    public DateOnly? To { get; init; }

    /// <summary>Half-life of the decayed score, in days; default 180.</summary>
    [QueryParam]
    public double? HalfLifeDays { get; init; }

    /// <summary>Compute from the annotation revisions recorded at or before this instant, to reproduce a cited figure.</summary>
    [QueryParam]
    public DateTime? AsOf { get; init; }

    /// <summary>The scoring methodology: v2 (default) or v1, to reproduce a figure cited under it. See GET /api/v1/methodology.</summary>
    [QueryParam]
    public MethodologyVersion? Methodology { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Dimensions).MaximumLength(1000);
        RuleFor(x => x.Bucket).IsInEnum();
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("'to' must be after 'from'.");
        RuleFor(x => x.HalfLifeDays).GreaterThan(0).LessThanOrEqualTo(36500);
        RuleFor(x => x.Methodology).IsInEnum();
    }
}

/// <summary>One bucket of one dimension. Empty buckets have zero counts and null scores.</summary>
[SchemaName("ScorePoint")]
public sealed class PointModel
{
    public static PointModel From(Aggregation.SeriesPoint p) => new()
    {
        Dimension = p.Dimension,
        Start = p.Start,
        End = p.End,
        Articles = p.Articles,
        Ratings = p.Ratings,
        Annotators = p.Annotators,
        RawMean = p.RawMean,
        RawSd = p.RawSd,
        Shrunk = PosteriorModel.From(p.Posterior),
        Decayed = p.Decayed,
        Agreement = new AgreementModel { Alpha = p.Agreement.Value, PairableValues = p.Agreement.PairableValues },
        LeniencyAdjustment = p.LeniencyAdjustment,
        EffectiveAnnotators = p.EffectiveAnnotators,
        Reliability = p.Reliability,
    };

    public required string Dimension { get; init; }

    /// <summary>First day of the bucket (UTC).</summary>
    public DateOnly Start { get; init; }

    /// <summary>Day after the bucket (exclusive).</summary>
    public DateOnly End { get; init; }

    /// <summary>Rated articles published in the bucket.</summary>
    public int Articles { get; init; }

    /// <summary>Current ratings behind them.</summary>
    public int Ratings { get; init; }

    /// <summary>Distinct annotators behind them.</summary>
    public int Annotators { get; init; }

    /// <summary>Mean of the article scores.</summary>
    public double? RawMean { get; init; }

    /// <summary>Sample standard deviation of the article scores.</summary>
    public double? RawSd { get; init; }

    /// <summary>
    /// The shrunk estimate against all outlets in the bucket, with its 95% interval: under v2, of the outlet's quality
    /// as the average annotator would rate its average article. Null with no data, or under v2 with a
    /// <see cref="Reliability"/> note when the data cannot support an interval.
    /// </summary>
    public PosteriorModel? Shrunk { get; init; }

    /// <summary>Decayed score at the end of the bucket, over everything the outlet published before it.</summary>
    public double? Decayed { get; init; }

    public required AgreementModel Agreement { get; init; }

    /// <summary>
    /// v2: the leniency taken out of the raw mean: the average leniency of the annotators behind the bucket's
    /// article scores, weighted by their share (positive: they rate higher than the average annotator).
    /// </summary>
    public double? LeniencyAdjustment { get; init; }

    /// <summary>v2: the effective number of annotators, 1/Σ share² (3 equal raters give 3; one rater of most articles near 1).</summary>
    public double? EffectiveAnnotators { get; init; }

    /// <summary>v2: a plain-language note when the interval is wide for lack of data, or why there is no interval.</summary>
    public string? Reliability { get; init; }
}

/// <summary>The composite index of one bucket; null when no weighted dimension has a score.</summary>
[SchemaName("CompositePoint")]
public sealed class CompositePoint
{
    public DateOnly Start { get; init; }

    public DateOnly End { get; init; }

    public double? Index { get; init; }
}

/// <summary>An outlet's scores over time, with everything needed to cite and reproduce them.</summary>
[SchemaName("ScoreSeries")]
public sealed class Response
{
    public required string OutletId { get; init; }

    public required string OutletName { get; init; }

    public Bucket Bucket { get; init; }

    public DateOnly From { get; init; }

    public DateOnly To { get; init; }

    public double HalfLifeDays { get; init; }

    /// <summary>Set when the series was computed from the history as of this instant.</summary>
    public DateTime? AsOf { get; init; }

    public required string MethodologyVersion { get; init; }

    public DateTime ComputedAt { get; init; }

    /// <summary>
    /// v2: per dimension, the leniencies' and variance components' estimates the series used and when they were
    /// computed (under asOf, from the history as of then); null under v1.
    /// </summary>
    public IReadOnlyList<VarianceComponentsModel>? VarianceComponents { get; init; }

    public required IReadOnlyList<PointModel> Points { get; init; }

    /// <summary>
    /// The composite credibility index 0-100 per bucket: the weighted mean of the current rubric's
    /// higher-is-better dimensions' shrunk scores, each rescaled by its range (whatever dimensions were asked for).
    /// </summary>
    public required IReadOnlyList<CompositePoint> Composite { get; init; }
}

public sealed class Endpoint(CredibilityDbContext db, Aggregation.RollupApplier rollups, TimeProvider clock) : Endpoint<Request, Response>
{
    private const int MaxBuckets = 2000;

    public override void Configure()
    {
        Get("/outlets/{id}/scores");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetScoreSeries")
            .WithTags("Researchers")
            .Produces<Response>(StatusCodes.Status200OK, "application/json", "text/csv")
            .Problems(400, 404, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "An outlet's scores over time";
            s.Description =
                "Per dimension and bucket (day, ISO week, month, quarter, year; by the articles' publication date): counts of " +
                "articles, ratings and annotators, raw mean and sd, the empirical-Bayes shrunk score with its 95% interval, the " +
                "decayed score at the bucket's end (halfLifeDays), and Krippendorff's alpha. Empty buckets give null scores, " +
                "never zeros. methodology=v2 (the default) corrects for annotator leniency and integrates over the prior, and " +
                "gives per point the leniency adjustment, the effective number of annotators and a reliability note where the " +
                "interval is wide for lack of data; varianceComponents says when its leniencies were computed. methodology=v1 " +
                "reproduces figures cited under v1. asOf recomputes from the revisions recorded by then. Send 'Accept: text/csv' " +
                "for one tidy row per outlet, dimension and bucket. See GET /api/v1/methodology.";
            s.ResponseExamples[200] = new Response
            {
                OutletId = "out_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f",
                OutletName = "Tehran Evening Herald",
                Bucket = Bucket.Month,
                From = new DateOnly(2021, 3, 1),
                To = new DateOnly(2021, 4, 1),
                HalfLifeDays = Scoring.Methodology.V2.DefaultHalfLifeDays,
                MethodologyVersion = Scoring.Methodology.V2.Version,
                ComputedAt = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc),
                VarianceComponents =
                [
                    new VarianceComponentsModel
                    {
                        Dimension = "factual_accuracy", ComputedAt = new DateTime(2026, 11, 25, 11, 59, 58, DateTimeKind.Utc),
                        NoiseSd = 8.1, ArticleSd = 9.7, LeniencySd = 4.6, Ratings = 5210, OverlappingArticles = 1604, Annotators = 21,
                    },
                ],
                Points =
                [
                    new PointModel
                    {
                        Dimension = "factual_accuracy", Start = new DateOnly(2021, 3, 1), End = new DateOnly(2021, 4, 1),
                        Articles = 12, Ratings = 31, Annotators = 3, RawMean = 41.2, RawSd = 14.9,
                        Shrunk = new PosteriorModel { Mean = 44.8, Sd = 4.1, Lower95 = 36.8, Upper95 = 52.8 },
                        Decayed = 43.5,
                        Agreement = new AgreementModel { Alpha = 0.71, PairableValues = 29 },
                        LeniencyAdjustment = -1.9, EffectiveAnnotators = 2.7,
                    },
                ],
                Composite = [new CompositePoint { Start = new DateOnly(2021, 3, 1), End = new DateOnly(2021, 4, 1), Index = 47.2 }],
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var outlet = await db.Outlets.AsNoTracking().Where(o => o.Id == req.Id).Select(o => new { o.Id, o.Name }).SingleOrDefaultAsync(ct);
        if (outlet is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Outlet", req.Id);
            return;
        }

        var known = await db.RubricDimensions.AsNoTracking().Select(d => d.Key).Distinct().ToListAsync(ct);
        var current = await db.RubricVersions.MaxAsync(r => r.Version, ct);
        var dimensions = string.IsNullOrWhiteSpace(req.Dimensions)
            ? await db.RubricDimensions.AsNoTracking().Where(d => d.RubricVersion == current).OrderBy(d => d.Key).Select(d => d.Key).ToListAsync(ct)
            : req.Dimensions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var unknown = dimensions.Except(known).ToList();
        if (unknown.Count > 0)
        {
            ThrowError(r => r.Dimensions!, $"Unknown dimension(s): {string.Join(", ", unknown)}. Valid: {string.Join(", ", known.Order(StringComparer.Ordinal))}.", StatusCodes.Status422UnprocessableEntity);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var bucket = req.Bucket ?? Bucket.Month;
        var (from, to) = Window.Resolve(req.From, req.To, now);
        var windowStart = Buckets.StartOf(from, bucket);
        if (Buckets.Count(from, to, bucket) > MaxBuckets)
        {
            ThrowError($"The series would have more than {MaxBuckets} buckets; use a coarser bucket or a shorter window.", StatusCodes.Status422UnprocessableEntity);
        }

        var methodology = req.Methodology.Options();
        var halfLife = req.HalfLifeDays ?? methodology.DefaultHalfLifeDays;
        // The composite needs every weighted dimension of the current rubric, asked for or not.
        var weighted = await db.RubricDimensions.AsNoTracking()
            .Where(d => d.RubricVersion == current && d.Polarity == Domain.Polarity.HigherIsBetter && d.Weight > 0)
            .ToListAsync(ct);
        var computed = dimensions.Union(weighted.Select(d => d.Key)).ToList();
        if (req.AsOf is null)
        {
            await rollups.EnsureCurrentAsync(db, ct);
        }

        var inputs = req.AsOf is { } asOf
            ? await ScoreInputLoader.AsOfAsync(db, outlet.Id, computed, windowStart, to, Instants.AsUtc(asOf), ct)
            : await ScoreInputLoader.FromRollupsAsync(db, outlet.Id, computed, windowStart, to, bucket, ct, v1Priors: methodology.Version == Scoring.Methodology.V1.Version);
        V2Series? v2 = null;
        if (methodology.Version == Scoring.Methodology.V2.Version)
        {
            v2 = new V2Series(methodology, inputs.Ratings is { } asOfRatings
                ? V2Model.FromRatings(asOfRatings, computed, await V2Model.RangesAsync(db, ct), bucket, windowStart, to, methodology)
                : await V2Model.StoredAsync(db, computed, bucket, windowStart, to, ct, inputs.OutletBuckets(outlet.Id, bucket)));
        }

        var all = SeriesBuilder.Build(inputs, outlet.Id, computed, from, to, bucket, halfLife, v2);
        var points = all.Where(p => dimensions.Contains(p.Dimension)).ToList();
        var composite = all
            .GroupBy(p => (p.Start, p.End))
            .Select(g => new CompositePoint
            {
                Start = g.Key.Start,
                End = g.Key.End,
                Index = Scoring.Composite.Index(weighted.Select(d => new Scoring.DimensionScore(
                    d.Key, d.Min, d.Max, d.Weight, true, g.FirstOrDefault(p => p.Dimension == d.Key)?.Posterior?.Mean))),
            })
            .OrderBy(c => c.Start)
            .ToList();

        var response = new Response
        {
            OutletId = outlet.Id,
            OutletName = outlet.Name,
            Bucket = bucket,
            From = from,
            To = to,
            HalfLifeDays = halfLife,
            AsOf = (req.AsOf is { } a ? Instants.AsUtc(a) : null),
            MethodologyVersion = methodology.Version,
            ComputedAt = now,
            VarianceComponents = v2?.Dimensions.Values.Where(d => dimensions.Contains(d.Dimension)).OrderBy(d => d.Dimension, StringComparer.Ordinal).Select(VarianceComponentsModel.From).ToList(),
            Composite = composite,
            Points = points.Select(PointModel.From).ToList(),
        };

        if (HttpContext.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            await Send.StringAsync(ToCsv(response), StatusCodes.Status200OK, "text/csv; charset=utf-8", ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }

    /// <summary>Tidy CSV: one row per outlet, dimension and bucket; empty cells for null values.</summary>
    internal static string ToCsv(Response r)
    {
        static string N(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "";
        static string Text(string? v) => v is null ? "" : "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var fitted = (r.VarianceComponents ?? []).ToDictionary(v => v.Dimension, v => v.ComputedAt);
        var csv = new StringBuilder();
        csv.Append("outlet_id,dimension,bucket,bucket_start,bucket_end,articles,ratings,annotators,raw_mean,raw_sd,shrunk_mean,shrunk_sd,lower_95,upper_95,decayed,half_life_days,alpha,alpha_pairable_values,methodology_version,as_of,computed_at,leniency_adjustment,effective_annotators,leniency_computed_at,reliability\n");
        foreach (var p in r.Points)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.OutletId},{p.Dimension},{r.Bucket.ToString().ToLowerInvariant()},{p.Start:yyyy-MM-dd},{p.End:yyyy-MM-dd},{p.Articles},{p.Ratings},{p.Annotators},")
                .Append(CultureInfo.InvariantCulture, $"{N(p.RawMean)},{N(p.RawSd)},{N(p.Shrunk?.Mean)},{N(p.Shrunk?.Sd)},{N(p.Shrunk?.Lower95)},{N(p.Shrunk?.Upper95)},{N(p.Decayed)},{N(r.HalfLifeDays)},")
                .Append(CultureInfo.InvariantCulture, $"{N(p.Agreement.Alpha)},{p.Agreement.PairableValues},{r.MethodologyVersion},{r.AsOf:O},{r.ComputedAt:O},")
                .Append(CultureInfo.InvariantCulture, $"{N(p.LeniencyAdjustment)},{N(p.EffectiveAnnotators)},{fitted.GetValueOrDefault(p.Dimension):O},{Text(p.Reliability)}\n");
        }

        return csv.ToString();
    }
}

using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

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
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.From).WithinSupportedDates();
        RuleFor(x => x.To).WithinSupportedDates();
        RuleFor(x => x.Dimension).NotEmpty().MaximumLength(Domain.Limits.KeyLength);
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("'to' must be after 'from'.");
        RuleFor(x => x.MinArticles).InclusiveBetween(1, 100_000);
        RuleFor(x => x.HalfLifeDays).GreaterThan(0).LessThanOrEqualTo(36500);
        RuleFor(x => x.Methodology).IsInEnum();
        this.AddPagingRules(c => Infrastructure.Cursor.TryDecode(c, 1, out var k) && int.TryParse(k[0], out var n) && n >= 0);
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

    public required IReadOnlyList<Item> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

public sealed class Endpoint(CredibilityDbContext db, Aggregation.RollupApplier rollups, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/scores");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("RankOutlets")
            .WithTags("Researchers")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Rank outlets on a dimension";
            s.Description =
                "A snapshot: every outlet with at least minArticles rated articles in [from, to), ranked by its empirical-Bayes " +
                "shrunk score (highest first; ties by outlet id), with the 95% interval, raw mean, decayed score at 'to', alpha and " +
                "sample sizes. Shrinkage uses every outlet rated in the window, including those below minArticles. methodology=v2 " +
                "(the default) corrects for annotator leniency and integrates over the prior; v1 reproduces rankings cited under it. " +
                "Cursor-paged.";
            s.ResponseExamples[200] = new Response
            {
                Dimension = "factual_accuracy",
                From = new DateOnly(2021, 1, 1),
                To = new DateOnly(2022, 1, 1),
                MinArticles = 5,
                HalfLifeDays = Scoring.Methodology.V2.DefaultHalfLifeDays,
                OutletsInPrior = 3,
                PriorMean = 61.4,
                MethodologyVersion = Scoring.Methodology.V2.Version,
                VarianceComponents = new VarianceComponentsModel
                {
                    Dimension = "factual_accuracy", ComputedAt = new DateTime(2026, 11, 25, 11, 59, 58, DateTimeKind.Utc),
                    NoiseSd = 8.1, ArticleSd = 9.7, LeniencySd = 4.6, Ratings = 5210, OverlappingArticles = 1604, Annotators = 21,
                },
                ComputedAt = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc),
                Items =
                [
                    new Item
                    {
                        Rank = 1, OutletId = "out_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f", OutletName = "Northern Wire", Articles = 42, Ratings = 118, Annotators = 3,
                        RawMean = 86.5, Shrunk = new PosteriorModel { Mean = 85.9, Sd = 1.8, Lower95 = 82.4, Upper95 = 89.4 }, Decayed = 87.1,
                        Agreement = new AgreementModel { Alpha = 0.78, PairableValues = 110 },
                        LeniencyAdjustment = 0.8, EffectiveAnnotators = 2.9,
                    },
                ],
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!await db.RubricDimensions.AnyAsync(d => d.Key == req.Dimension, ct))
        {
            var known = await db.RubricDimensions.Select(d => d.Key).Distinct().OrderBy(k => k).ToListAsync(ct);
            ThrowError(r => r.Dimension, $"Unknown dimension '{req.Dimension}'. Valid: {string.Join(", ", known)}.", StatusCodes.Status422UnprocessableEntity);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (from, to) = Window.Resolve(req.From, req.To, now);
        var minArticles = req.MinArticles ?? 5;
        var methodology = req.Methodology.Options();
        var halfLife = req.HalfLifeDays ?? methodology.DefaultHalfLifeDays;
        await rollups.EnsureCurrentAsync(db, ct);
        var result = await Ranking.ComputeAsync(db, req.Dimension, from, to, halfLife, methodology, ct);
        var standings = result.Outlets;

        var ranked = standings
            .Where(s => s.Articles >= minArticles && s.Posterior is not null)
            .OrderByDescending(s => s.Posterior!.Mean).ThenBy(s => s.OutletId, StringComparer.Ordinal)
            .ToList();
        var offset = Infrastructure.Cursor.TryDecode(req.Cursor, 1, out var keys) ? int.Parse(keys[0], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var limit = req.PageSize();
        var page = ranked.Skip(offset).Take(limit).ToList();
        var ids = page.Select(s => s.OutletId).ToList();
        var names = await db.Outlets.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);

        await Send.OkAsync(new Response
        {
            Dimension = req.Dimension,
            From = from,
            To = to,
            MinArticles = minArticles,
            HalfLifeDays = halfLife,
            OutletsInPrior = result.OutletsInPrior,
            PriorMean = double.IsFinite(result.PriorMean) ? result.PriorMean : null,
            MethodologyVersion = methodology.Version,
            VarianceComponents = result.V2 is { } v2 ? VarianceComponentsModel.From(v2) : null,
            ComputedAt = now,
            Items = page.Select((s, i) => new Item
            {
                Rank = offset + i + 1,
                OutletId = s.OutletId,
                OutletName = names.GetValueOrDefault(s.OutletId, ""),
                Articles = s.Articles,
                Ratings = s.Ratings,
                Annotators = s.Annotators,
                RawMean = s.RawMean,
                Shrunk = PosteriorModel.From(s.Posterior)!,
                Decayed = s.Decayed,
                Agreement = new AgreementModel { Alpha = s.Agreement.Value, PairableValues = s.Agreement.PairableValues },
                LeniencyAdjustment = s.LeniencyAdjustment,
                EffectiveAnnotators = s.EffectiveAnnotators,
                Reliability = s.Reliability,
            }).ToList(),
            NextCursor = offset + limit < ranked.Count ? Infrastructure.Cursor.Encode((offset + limit).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null,
        }, ct);
    }
}

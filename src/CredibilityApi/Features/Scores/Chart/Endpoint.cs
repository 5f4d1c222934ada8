using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>First day (UTC); default a year before <c>to</c>.</summary>
    [QueryParam]
    public DateOnly? From { get; init; }

    /// <summary>Day after the window (exclusive); default tomorrow.</summary>
    [QueryParam]
    public DateOnly? To { get; init; }

    /// <summary>The scoring methodology: v2 (default) or v1.</summary>
    [QueryParam]
    public MethodologyVersion? Methodology { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Dimension).NotEmpty().MaximumLength(Domain.Limits.KeyLength);
        RuleFor(x => x.Bucket).IsInEnum();
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("'to' must be after 'from'.");
        RuleFor(x => x.Methodology).IsInEnum();
    }
}

public sealed class Endpoint(CredibilityDbContext db, Aggregation.RollupApplier rollups, TimeProvider clock) : Endpoint<Request>
{
    private const int MaxPoints = 400;

    public override void Configure()
    {
        Get("/outlets/{id}/scores.svg");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetScoreChart")
            .WithTags("Researchers")
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml")
            .Problems(400, 404, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "An outlet's score over time, as an SVG chart";
            s.Description =
                "A small line chart of the shrunk score on one dimension per bucket with its 95% interval band, axis labels and the " +
                "outlet's name and the methodology; buckets without data (or, under v2, without an interval the data supports) are " +
                "gaps. The numbers are those of GET /outlets/{id}/scores with the same methodology (default v2).";
            s.ResponseExamples[200] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"280\">…</svg>";
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

        var dimension = await db.RubricDimensions.AsNoTracking().Where(d => d.Key == req.Dimension).OrderByDescending(d => d.RubricVersion).FirstOrDefaultAsync(ct);
        if (dimension is null)
        {
            ThrowError(r => r.Dimension, $"Unknown dimension '{req.Dimension}'.", StatusCodes.Status422UnprocessableEntity);
        }

        var bucket = req.Bucket ?? Bucket.Month;
        var (from, to) = Window.Resolve(req.From, req.To, clock.GetUtcNow().UtcDateTime);
        if (Buckets.Count(from, to, bucket) > MaxPoints)
        {
            ThrowError($"A chart shows at most {MaxPoints} buckets; use a coarser bucket or a shorter window.", StatusCodes.Status422UnprocessableEntity);
        }

        var windowStart = Buckets.StartOf(from, bucket);
        await rollups.EnsureCurrentAsync(db, ct);
        var methodology = req.Methodology.Options();
        var inputs = await ScoreInputLoader.FromRollupsAsync(db, outlet.Id, [dimension.Key], windowStart, to, bucket, ct, v1Priors: methodology.Version == Scoring.Methodology.V1.Version);
        var v2 = methodology.Version == Scoring.Methodology.V2.Version
            ? new V2Series(methodology, await V2Model.StoredAsync(db, [dimension.Key], bucket, windowStart, to, ct, inputs.OutletBuckets(outlet.Id, bucket)))
            : null;
        var points = SeriesBuilder.Build(inputs, outlet.Id, [dimension.Key], from, to, bucket, methodology.DefaultHalfLifeDays, v2);
        var svg = SvgChart.Render(outlet.Name,
            $"{dimension.Label}, by {bucket.ToString().ToLowerInvariant()}, {from:yyyy-MM-dd} to {to:yyyy-MM-dd}, methodology {methodology.Version}",
            dimension.Min, dimension.Max, points);
        await Send.StringAsync(svg, StatusCodes.Status200OK, "image/svg+xml", ct);
    }
}

using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using CredibilityApi.Scoring;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Scores.ClaimsSummary;

public sealed class Request
{
    /// <summary>The outlet.</summary>
    public string Id { get; init; } = "";

    /// <summary>First day (UTC) of the window, by article publication; default a year before <c>to</c>.</summary>
    [QueryParam]
    public DateOnly? From { get; init; }

    /// <summary>Day after the window (exclusive); default tomorrow.</summary>
    [QueryParam]
    public DateOnly? To { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("'to' must be after 'from'.");
        RuleFor(x => x.From).WithinSupportedDates();
        RuleFor(x => x.To).WithinSupportedDates();
    }
}

/// <summary>A count and its share of the whole.</summary>
[SchemaName("CountShare")]
public sealed class CountShare
{
    public int Count { get; init; }

    /// <summary>Null when the whole is empty.</summary>
    public double? Share { get; init; }
}

/// <summary>How the outlet's claims reached it.</summary>
[SchemaName("AttributionMix")]
public sealed class AttributionMix
{
    public required CountShare NamedPrimary { get; init; }

    public required CountShare NamedSecondhand { get; init; }

    public required CountShare Anonymous { get; init; }

    public required CountShare Unattributed { get; init; }
}

/// <summary>
/// Verdicted claims a strict majority of whose current verdicts are misleading or false (the two grouped), among
/// all verdicted claims, with a Wilson 95% interval. See the "claims" step of GET /api/v1/methodology.
/// </summary>
[SchemaName("VerdictSummary")]
public sealed class VerdictSummary
{
    /// <summary>Claims with at least one current verdict: the share's denominator, every one of them.</summary>
    public int VerdictedClaims { get; init; }

    /// <summary>Verdicted claims whose plurality verdict is a tie (reported for display; still in the share's denominator).</summary>
    public int WithoutConsensus { get; init; }

    /// <summary>Verdicted claims a strict majority of whose current verdicts are misleading or false (the two grouped).</summary>
    public int MisleadingOrFalse { get; init; }

    public double? Share { get; init; }

    /// <summary>Wilson 95% interval of the share.</summary>
    public double? Lower95 { get; init; }

    public double? Upper95 { get; init; }
}

[SchemaName("TechniqueCount")]
public sealed class TechniqueCount
{
    public required string Technique { get; init; }

    public int Count { get; init; }
}

/// <summary>Framing notes over the outlet's articles in the window.</summary>
[SchemaName("FramingSummary")]
public sealed class FramingSummary
{
    /// <summary>Articles published in the window.</summary>
    public int Articles { get; init; }

    public int FramingNotes { get; init; }

    public double? NotesPerArticle { get; init; }

    public required IReadOnlyList<TechniqueCount> ByTechnique { get; init; }
}

/// <summary>An outlet's claims over a window: attribution, verdicts and framing.</summary>
[SchemaName("ClaimsSummary")]
public sealed class Response
{
    public required string OutletId { get; init; }

    public DateOnly From { get; init; }

    public DateOnly To { get; init; }

    public int Claims { get; init; }

    /// <summary>Distinct annotators behind the verdicts and framing notes counted here.</summary>
    public int Annotators { get; init; }

    public required AttributionMix Attribution { get; init; }

    public required VerdictSummary Verdicts { get; init; }

    public required FramingSummary Framing { get; init; }

    public required string MethodologyVersion { get; init; }

    public DateTime ComputedAt { get; init; }
}

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/outlets/{id}/claims-summary");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetClaimsSummary")
            .WithTags("Researchers")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "An outlet's claims: attribution, verdicts, framing";
            s.Description =
                "Over the outlet's articles published in [from, to): the attribution mix of its claims (counts and shares), the " +
                "misleading-or-false share of its verdicted claims with a Wilson 95% interval, and framing notes per article " +
                "with counts by technique. The share: " + VerdictShares.Definition + " " +
                "Only current annotations count (not retracted, not hidden).";
            s.ResponseExamples[200] = new Response
            {
                OutletId = "out_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f",
                From = new DateOnly(2021, 1, 1),
                To = new DateOnly(2022, 1, 1),
                Claims = 40,
                Annotators = 3,
                Attribution = new AttributionMix
                {
                    NamedPrimary = new CountShare { Count = 14, Share = 0.35 },
                    NamedSecondhand = new CountShare { Count = 10, Share = 0.25 },
                    Anonymous = new CountShare { Count = 12, Share = 0.3 },
                    Unattributed = new CountShare { Count = 4, Share = 0.1 },
                },
                Verdicts = new VerdictSummary { VerdictedClaims = 18, WithoutConsensus = 2, MisleadingOrFalse = 7, Share = 0.3889, Lower95 = 0.2031, Upper95 = 0.6138 },
                Framing = new FramingSummary { Articles = 25, FramingNotes = 31, NotesPerArticle = 1.24, ByTechnique = [new TechniqueCount { Technique = "loaded-language", Count = 12 }] },
                MethodologyVersion = Scoring.Methodology.Default.Version,
                ComputedAt = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc),
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!await db.Outlets.AnyAsync(o => o.Id == req.Id, ct))
        {
            await Problems.NotFoundAsync(HttpContext, "Outlet", req.Id);
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (from, to) = Window.Resolve(req.From, req.To, now);
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        var classes = await db.Claims.AsNoTracking()
            .Where(c => c.OutletId == req.Id && c.ArticlePublishedAt >= start && c.ArticlePublishedAt < end)
            .GroupBy(c => c.AttributionClass)
            .Select(g => new { Class = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Class, x => x.Count, ct);
        var claims = classes.Values.Sum();
        CountShare Of(AttributionClass c) => new() { Count = classes.GetValueOrDefault(c), Share = claims == 0 ? null : (double)classes.GetValueOrDefault(c) / claims };

        // Verdict and framing counts are grouped by the database over the (outlet, kind, published) index.
        var verdicts = await db.Annotations.AsNoTracking()
            .Where(a => a.OutletId == req.Id && a.Kind == AnnotationKind.Provenance && a.TargetType == TargetType.Claim
                        && a.Verdict != null && a.Status == AnnotationStatus.Active && !a.Hidden
                        && a.ArticlePublishedAt >= start && a.ArticlePublishedAt < end)
            .GroupBy(a => new { a.ClaimId, a.Verdict })
            .Select(g => new { g.Key.ClaimId, g.Key.Verdict, Count = g.Count() })
            .ToListAsync(ct);
        var annotators = await db.Annotations.AsNoTracking()
            .Where(a => a.OutletId == req.Id && ((a.Kind == AnnotationKind.Provenance && a.Verdict != null) || a.Kind == AnnotationKind.Framing)
                        && a.Status == AnnotationStatus.Active && !a.Hidden && a.ArticlePublishedAt >= start && a.ArticlePublishedAt < end)
            .Select(a => a.AuthorId)
            .Distinct()
            .CountAsync(ct);
        var share = VerdictShares.Of(
            verdicts.GroupBy(v => v.ClaimId).Select(g => (IReadOnlyCollection<Verdict>)g.SelectMany(v => Enumerable.Repeat(v.Verdict!.Value, v.Count)).ToList()),
            Verdicts.IsMisleadingOrFalse);

        var framing = await db.Annotations.AsNoTracking()
            .Where(a => a.OutletId == req.Id && a.Kind == AnnotationKind.Framing && a.Status == AnnotationStatus.Active && !a.Hidden
                        && a.ArticlePublishedAt >= start && a.ArticlePublishedAt < end)
            .GroupBy(a => a.Technique)
            .Select(g => new { Technique = g.Key!, Count = g.Count() })
            .ToListAsync(ct);
        var articles = await db.Articles.CountAsync(a => a.OutletId == req.Id && a.PublishedAt >= start && a.PublishedAt < end, ct);
        var notes = framing.Sum(f => f.Count);

        await Send.OkAsync(new Response
        {
            OutletId = req.Id,
            From = from,
            To = to,
            Claims = claims,
            Annotators = annotators,
            Attribution = new AttributionMix
            {
                NamedPrimary = Of(AttributionClass.NamedPrimary),
                NamedSecondhand = Of(AttributionClass.NamedSecondhand),
                Anonymous = Of(AttributionClass.Anonymous),
                Unattributed = Of(AttributionClass.Unattributed),
            },
            Verdicts = new VerdictSummary
            {
                VerdictedClaims = share.VerdictedClaims,
                WithoutConsensus = share.Ties,
                MisleadingOrFalse = share.MisleadingOrFalse,
                Share = share.Share.Share,
                Lower95 = share.Share.Lower,
                Upper95 = share.Share.Upper,
            },
            Framing = new FramingSummary
            {
                Articles = articles,
                FramingNotes = notes,
                NotesPerArticle = articles == 0 ? null : (double)notes / articles,
                ByTechnique = framing.OrderByDescending(f => f.Count).ThenBy(f => f.Technique, StringComparer.Ordinal)
                    .Select(f => new TechniqueCount { Technique = f.Technique, Count = f.Count }).ToList(),
            },
            MethodologyVersion = Scoring.Methodology.Default.Version,
            ComputedAt = now,
        }, ct);
    }
}

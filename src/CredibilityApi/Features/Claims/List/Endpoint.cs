using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Claims.List;

public sealed class Request : PagedRequest
{
    /// <summary>Only claims in this outlet's articles. An unknown outlet is a 404.</summary>
    [QueryParam]
    public string? OutletId { get; init; }

    /// <summary>Only claims of this attribution class.</summary>
    [QueryParam]
    public AttributionClass? AttributionClass { get; init; }

    /// <summary>Only claims whose claimant's name contains this text (case-insensitive).</summary>
    [QueryParam]
    public string? Claimant { get; init; }

    /// <summary>Only claims in articles published at or after this instant.</summary>
    [QueryParam]
    public DateTime? PublishedFrom { get; init; }

    /// <summary>Only claims in articles published before this instant.</summary>
    [QueryParam]
    public DateTime? PublishedTo { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.PublishedFrom).WithinSupportedDates();
        RuleFor(x => x.PublishedTo).WithinSupportedDates();
        RuleFor(x => x.OutletId).MaximumLength(Limits.IdLength);
        RuleFor(x => x.AttributionClass).IsInEnum();
        RuleFor(x => x.Claimant).MaximumLength(Limits.NameLength);
        RuleFor(x => x.PublishedTo)
            .GreaterThan(x => x.PublishedFrom).WithMessage("'publishedTo' must be after 'publishedFrom'.")
            .When(x => x.PublishedFrom is not null && x.PublishedTo is not null);
        this.AddPagingRules(c => TimeIdCursor.TryRead(c, out _, out _));
    }
}

/// <summary>A page of claims across articles, by publication time of their article, then id.</summary>
[SchemaName("ListClaimsResponse")]
public sealed class Response
{
    public required IReadOnlyList<ClaimModel> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/claims");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListClaims")
            .WithTags("Claims")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List claims across articles";
            s.Description =
                "Claims filtered by outlet, attribution class, claimant and publication window of their article, ordered by " +
                "publication time then id. Every claim an outlet attributed to anonymous sources in 2021: " +
                "?outletId=...&attributionClass=anonymous&publishedFrom=2021-01-01&publishedTo=2022-01-01. Cursor-paged.";
            s.ResponseExamples[200] = new Response { Items = [Examples.Claim] };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!await Outlets.OutletFilter.CheckAsync(db, HttpContext, req.OutletId, ct))
        {
            return;
        }

        var limit = req.PageSize();
        var query = db.Claims.AsNoTracking();
        query = req.OutletId is { } outletId ? query.Where(c => c.OutletId == outletId) : query;
        query = req.AttributionClass is { } cls ? query.Where(c => c.AttributionClass == cls) : query;
        if (!string.IsNullOrWhiteSpace(req.Claimant))
        {
            var pattern = LikePattern.Contains(req.Claimant);
            query = query.Where(c => c.ClaimantName != null && EF.Functions.Like(c.ClaimantName, pattern, LikePattern.Escape));
        }

        if (req.PublishedFrom is { } from)
        {
            var fromUtc = Instants.AsUtc(from);
            query = query.Where(c => c.ArticlePublishedAt >= fromUtc);
        }

        if (req.PublishedTo is { } to)
        {
            var toUtc = Instants.AsUtc(to);
            query = query.Where(c => c.ArticlePublishedAt < toUtc);
        }

        if (TimeIdCursor.TryRead(req.Cursor, out var afterAt, out var afterId))
        {
            query = query.Where(c => c.ArticlePublishedAt > afterAt || (c.ArticlePublishedAt == afterAt && string.Compare(c.Id, afterId) > 0));
        }

        var items = await query.OrderBy(c => c.ArticlePublishedAt).ThenBy(c => c.Id).Take(limit + 1).ToListAsync(ct);
        var page = items.Take(limit).Select(ClaimModel.From).ToList();
        await Send.OkAsync(new Response
        {
            Items = page,
            NextCursor = items.Count > limit ? TimeIdCursor.Write(page[^1].ArticlePublishedAt, page[^1].Id) : null,
        }, ct);
    }
}

using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Articles.List;

public sealed class Endpoint(CredibilityDbContext db, TypeAdapterConfig mapping) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/articles");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListArticles")
            .WithTags("Articles")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List articles";
            s.Description =
                "Articles by publication time (then id), optionally of one outlet and within [publishedFrom, publishedTo). " +
                "Bodies are left out; GET an article for its text. Cursor-paged: follow nextCursor until it is null.";
            s.ResponseExamples[200] = new Response { Items = [CredibilityApi.Features.Examples.ArticleSummary], NextCursor = CredibilityApi.Features.Examples.Cursor };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!await Outlets.OutletFilter.CheckAsync(db, HttpContext, req.OutletId, ct))
        {
            return;
        }

        var limit = req.PageSize();
        var query = db.Articles.AsNoTracking();
        if (req.OutletId is not null)
        {
            query = query.Where(a => a.OutletId == req.OutletId);
        }

        if (req.PublishedFrom is { } from)
        {
            var fromUtc = Instants.AsUtc(from);
            query = query.Where(a => a.PublishedAt >= fromUtc);
        }

        if (req.PublishedTo is { } to)
        {
            var toUtc = Instants.AsUtc(to);
            query = query.Where(a => a.PublishedAt < toUtc);
        }

        if (TimeIdCursor.TryRead(req.Cursor, out var afterPublished, out var afterId))
        {
            query = query.Where(a => a.PublishedAt > afterPublished || (a.PublishedAt == afterPublished && string.Compare(a.Id, afterId) > 0));
        }

        var items = await query
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .Take(limit + 1)
            .ProjectToType<ArticleSummaryModel>(mapping)
            .ToListAsync(ct);

        var page = items.Take(limit).ToList();
        await Send.OkAsync(new Response
        {
            Items = page,
            NextCursor = items.Count > limit ? TimeIdCursor.Write(page[^1].PublishedAt, page[^1].Id) : null,
        }, ct);
    }
}

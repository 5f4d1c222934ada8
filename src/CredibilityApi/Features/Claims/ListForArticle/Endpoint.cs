using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Claims.ListForArticle;

public sealed class Request : PagedRequest
{
    /// <summary>The article.</summary>
    public string ArticleId { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator() => this.AddPagingRules(c => Infrastructure.Cursor.TryDecode(c, 1, out _));
}

/// <summary>A page of an article's claims, in the order they were marked.</summary>
[SchemaName("ListArticleClaimsResponse")]
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
        Get("/articles/{articleId}/claims");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListArticleClaims")
            .WithTags("Claims")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List an article's claims";
            s.Description = "The claims marked in one article, in the order they were marked. Cursor-paged.";
            s.ResponseExamples[200] = new Response { Items = [Examples.Claim] };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!await db.Articles.AnyAsync(a => a.Id == req.ArticleId, ct))
        {
            await Problems.NotFoundAsync(HttpContext, "Article", req.ArticleId);
            return;
        }

        var limit = req.PageSize();
        var query = db.Claims.AsNoTracking().Where(c => c.ArticleId == req.ArticleId);
        if (Infrastructure.Cursor.TryDecode(req.Cursor, 1, out var after))
        {
            var afterId = after[0];
            query = query.Where(c => string.Compare(c.Id, afterId) > 0);
        }

        var items = await query.OrderBy(c => c.Id).Take(limit + 1).ToListAsync(ct);
        var page = items.Take(limit).Select(ClaimModel.From).ToList();
        await Send.OkAsync(new Response { Items = page, NextCursor = items.Count > limit ? Infrastructure.Cursor.Encode(page[^1].Id) : null }, ct);
    }
}

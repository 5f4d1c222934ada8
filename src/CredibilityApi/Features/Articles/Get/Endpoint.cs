using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Articles.Get;

public sealed class Endpoint(CredibilityDbContext db, TypeAdapterConfig mapping) : Endpoint<Request, ArticleModel>
{
    public override void Configure()
    {
        Get("/articles/{id}");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetArticle")
            .WithTags("Articles")
            .Produces<ArticleModel>(StatusCodes.Status200OK, "application/json")
            .Problems(404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Get an article";
            s.Description =
                "Returns one article with its body text and the body's SHA-256. An article an admin merged into another " +
                "(POST /articles/{id}/merge) answers 404 with the survivor's id in mergedInto (and its location in Location): " +
                "its claims, annotations and URLs now live there.";
            s.ResponseExamples[200] = CredibilityApi.Features.Examples.Article;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking()
            .Where(a => a.Id == req.Id)
            .ProjectToType<ArticleModel>(mapping)
            .SingleOrDefaultAsync(ct);
        if (article is null)
        {
            await ArticleProblems.NotFoundAsync(db, HttpContext, req.Id, ct);
            return;
        }

        HttpContext.Response.Headers.ETag = article.ETag;
        await Send.OkAsync(article, ct);
    }
}

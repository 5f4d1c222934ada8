using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Articles.Lookup;

public sealed class Endpoint(CredibilityDbContext db, TypeAdapterConfig mapping) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/articles/lookup");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("LookupArticle")
            .WithTags("Articles")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Find the article of a URL";
            s.Description =
                "Finds an article by any URL it was seen under. The URL is canonicalised as on registration (AMP cache unwrapped, " +
                "tracking parameters, fragment, default port and trailing slash removed) and reduced to the article's identity: " +
                "http and https alike, www./m./amp. below the outlet's domain dropped, and for an outlet with mirrorDomains the " +
                "same path on any of its domains. It then matches the article's own identity or one of its aliases (URLs that were " +
                "registered again, given as canonicalUrl, or belonged to a merged duplicate). The answer names how it matched and " +
                "lists the aliases. 404 when no article was seen under the URL.";
            s.ResponseExamples[200] = new Response
            {
                CanonicalUrl = "https://herald-example.ir/world/2021/03/advance.html",
                MatchedBy = "alias",
                Article = CredibilityApi.Features.Examples.ArticleSummary,
                Aliases =
                [
                    new ArticleAliasModel
                    {
                        Url = "https://herald-example.ir/world/2021/03/advance.html",
                        CreatedBy = CredibilityApi.Features.Examples.Account.Id,
                        CreatedAt = CredibilityApi.Features.Examples.Article.CreatedAt,
                    },
                ],
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var canonical = ArticleUrl.Normalize(req.Url)!;
        var outlet = await ArticleIdentities.OfUrlAsync(db, canonical, ct);
        var identity = ArticleUrl.IdentityHash(canonical, outlet);
        var urlHash = ArticleUrl.Hash(canonical);
        // Aliases are stored without user info (ArticleUrl.WithoutUserInfo), so a URL with credentials is looked up without them.
        var givenHash = ArticleUrl.Hash(ArticleUrl.WithoutUserInfo(req.Url.Trim()));

        var id = await db.Articles.AsNoTracking()
            .Where(a => a.IdentityHash == identity || a.UrlHash == urlHash)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => a.Id)
            .FirstOrDefaultAsync(ct);
        var matchedBy = "article";
        if (id is null)
        {
            matchedBy = "alias";
            id = await db.ArticleAliases.AsNoTracking()
                .Where(x => x.IdentityHash == identity || x.UrlHash == givenHash)
                .Join(db.Articles, x => x.ArticleId, a => a.Id, (x, a) => new { a.Id, a.CreatedAt })
                .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
                .Select(a => a.Id)
                .FirstOrDefaultAsync(ct);
        }

        if (id is null)
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status404NotFound, "No article for this URL",
                $"No article was registered under '{canonical}', nor under any URL with the same identity, nor has it as an alias. Register it with POST /api/v1/articles.");
            return;
        }

        var article = await db.Articles.AsNoTracking().Where(a => a.Id == id).ProjectToType<ArticleSummaryModel>(mapping).SingleAsync(ct);
        var aliases = await db.ArticleAliases.AsNoTracking()
            .Where(x => x.ArticleId == id)
            .OrderBy(x => x.Id)
            .Select(x => new ArticleAliasModel { Url = x.Url, CreatedBy = x.CreatedBy, CreatedAt = x.CreatedAt })
            .ToListAsync(ct);
        await Send.OkAsync(new Response { CanonicalUrl = canonical, MatchedBy = matchedBy, Article = article, Aliases = aliases }, ct);
    }
}

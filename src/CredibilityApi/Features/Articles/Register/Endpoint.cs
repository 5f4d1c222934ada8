using System.Text;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Articles.Register;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock, TypeAdapterConfig mapping) : Endpoint<Request, ArticleModel>
{
    public override void Configure()
    {
        Post("/articles");
        Roles(RoleNames.Writers);
        Options(b => b.WithMetadata(new RequestBodyLimit(Limits.ArticleRequestBodyBytes)));
        Description(b => b.ClearDefaultProduces()
            .WithName("RegisterArticle")
            .WithTags("Articles")
            .Produces<ArticleModel>(StatusCodes.Status201Created, "application/json")
            .Problems(400, 403, 409, 413, 415, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Register an article";
            s.Description =
                "Registers an article by URL. The URL is canonicalised (lower-case host, no fragment, utm_*/fbclid/gclid and other " +
                "tracking parameters removed, remaining parameters sorted); the outlet is resolved from its host when outletId is " +
                "omitted (422 when no outlet matches). One article per canonical URL: registering it again is a 409 whose Location " +
                "is the existing article. The optional body (at most 2 MiB of UTF-8) is stored with its SHA-256.";
            s.ExampleRequest = Examples.Request;
            s.ResponseExamples[201] = CredibilityApi.Features.Examples.Article;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.Body is not null && Encoding.UTF8.GetByteCount(req.Body) > Limits.ArticleBodyBytes)
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status413PayloadTooLarge, "Article body too large",
                $"An article body may have at most {Limits.ArticleBodyBytes} bytes of UTF-8.");
            return;
        }

        var url = ArticleUrl.Normalize(req.Url)!;
        var urlHash = ArticleUrl.Hash(url);
        var existing = await db.Articles.AsNoTracking().Where(a => a.UrlHash == urlHash).Select(a => a.Id).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            await WriteDuplicateAsync(existing, url);
            return;
        }

        var outletId = await ResolveOutletAsync(req, url, ct);
        var article = new Article(
            outletId,
            url,
            req.Title.Trim(),
            req.Authors.Select(a => a.Trim()).ToList(),
            req.PublishedAt!.Value,
            req.Language,
            req.Body,
            User.AccountId(),
            clock.GetUtcNow().UtcDateTime);
        db.Articles.Add(article);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            var winner = await db.Articles.AsNoTracking().Where(a => a.UrlHash == urlHash).Select(a => a.Id).FirstAsync(ct);
            await WriteDuplicateAsync(winner, url);
            return;
        }

        HttpContext.Response.Headers.Location = $"/api/v1/articles/{article.Id}";
        ETags.Set(HttpContext, article.Version);
        await Send.ResponseAsync(article.Adapt<ArticleModel>(mapping), StatusCodes.Status201Created, ct);
    }

    private async Task<string> ResolveOutletAsync(Request req, string url, CancellationToken ct)
    {
        if (req.OutletId is not null)
        {
            if (!await db.Outlets.AnyAsync(o => o.Id == req.OutletId, ct))
            {
                ThrowError(r => r.OutletId!, $"No outlet has the id '{req.OutletId}'.", StatusCodes.Status422UnprocessableEntity);
            }

            return req.OutletId;
        }

        var host = Hosts.FromUrlOrHost(url);
        var match = host is null ? null : await Outlets.OutletResolver.ResolveAsync(db, host, ct);
        if (match is null)
        {
            ThrowError(
                r => r.Url,
                $"No registered outlet has the domain '{host}' or a parent of it up to its registrable domain. Register the outlet (or add the domain as an alias), or pass outletId.",
                StatusCodes.Status422UnprocessableEntity);
        }

        return match.Value.OutletId;
    }

    private Task WriteDuplicateAsync(string existingId, string url)
    {
        HttpContext.Response.Headers.Location = $"/api/v1/articles/{existingId}";
        return Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Article already registered",
            $"An article with the canonical URL '{url}' is already registered as {existingId}; its location is in the Location header.",
            new Dictionary<string, object?> { ["articleId"] = existingId, ["url"] = url });
    }
}

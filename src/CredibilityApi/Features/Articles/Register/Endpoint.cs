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
                "Registers an article by URL. The URL is canonicalised: AMP-cache URLs (cdn.ampproject.org, google.com/amp) are " +
                "unwrapped, the host lower-cased, the fragment, default port, trailing slash and tracking parameters (utm_*, fbclid, " +
                "gclid, mc_cid, mc_eid, ref, ref_src, igshid, ...) removed, the other parameters sorted, the path's case kept. The " +
                "outlet is resolved from its host when outletId is omitted (422 when no outlet matches). One article per story: http " +
                "and https, www./m./amp. below the outlet's domain and, when the outlet declares mirrorDomains, the same path on any " +
                "of its domains are the same article. Registering it again is a 409 whose Location (and articleId) is the existing " +
                "article, and the URL sent is recorded as an alias of it (GET /articles/lookup finds it by any alias). When the page " +
                "names its canonical URL (<link rel=canonical>), send it as canonicalUrl: the article is identified by it (it must be " +
                "on a domain of the same outlet, else 422) and the URL sent becomes an alias. The optional body (at most 2 MiB of " +
                "UTF-8) is stored with its SHA-256.";
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
        var outletId = await ResolveOutletAsync(req, url, ct);
        var outlet = await ArticleIdentities.OfOutletAsync(db, outletId, ct);

        // The page's own <link rel=canonical> names the article better than the URL it was reached by.
        var canonical = req.CanonicalUrl is null ? null : ArticleUrl.Normalize(req.CanonicalUrl)!;
        if (canonical is not null && (await ArticleIdentities.OfUrlAsync(db, canonical, ct))?.OutletId != outletId)
        {
            ThrowError(
                r => r.CanonicalUrl!,
                $"The canonical URL '{canonical}' is not on a domain of the article's outlet {outletId}. Send the page's own canonical URL, or leave canonicalUrl out.",
                StatusCodes.Status422UnprocessableEntity);
        }

        var identityUrl = canonical ?? url;
        var identity = ArticleUrl.IdentityHash(identityUrl, outlet);
        var by = User.AccountId();
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await FindExistingAsync(identity, identityUrl, ct);
        if (existing is not null)
        {
            await WriteDuplicateAsync(existing, identityUrl, req, outlet, by, now, ct);
            return;
        }

        var article = new Article(
            outletId,
            identityUrl,
            identity,
            req.Title.Trim(),
            req.Authors.Select(a => a.Trim()).ToList(),
            req.PublishedAt!.Value,
            req.Language,
            req.Body,
            by,
            now);
        db.Articles.Add(article);
        if (canonical is not null && req.Url.Trim() != identityUrl)
        {
            await ArticleIdentities.AddAliasAsync(db, article.Id, req.Url, outlet, by, now, ct);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            var winner = await FindExistingAsync(identity, identityUrl, ct);
            if (winner is null)
            {
                throw;
            }

            await WriteDuplicateAsync(winner, identityUrl, req, outlet, by, now, ct);
            return;
        }

        HttpContext.Response.Headers.Location = $"/api/v1/articles/{article.Id}";
        ETags.Set(HttpContext, article.Version);
        await Send.ResponseAsync(article.Adapt<ArticleModel>(mapping), StatusCodes.Status201Created, ct);
    }

    /// <summary>The article this one would duplicate: same identity key, or (for rows keyed under other outlet domains) the same canonical URL.</summary>
    private async Task<string?> FindExistingAsync(string identity, string url, CancellationToken ct)
    {
        if (await ArticleIdentities.FindAsync(db, identity, ct) is { } id)
        {
            return id;
        }

        var urlHash = ArticleUrl.Hash(url);
        var row = await db.Articles.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.UrlHash == urlHash)
            .Select(a => new { a.Id, a.MergedIntoId })
            .FirstOrDefaultAsync(ct);
        return row?.MergedIntoId ?? row?.Id;
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

    /// <summary>Keeps the URLs it was reached by as aliases of the existing article, then answers 409 with its location.</summary>
    private async Task WriteDuplicateAsync(string existingId, string url, Request req, OutletIdentity? outlet, string by, DateTime now, CancellationToken ct)
    {
        var added = await ArticleIdentities.AddAliasAsync(db, existingId, req.Url, outlet, by, now, ct);
        if (req.CanonicalUrl is not null)
        {
            added |= await ArticleIdentities.AddAliasAsync(db, existingId, req.CanonicalUrl, outlet, by, now, ct);
        }

        if (added)
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                // Another request recorded the same alias at the same moment: it is recorded either way.
                db.ChangeTracker.Clear();
            }
        }

        HttpContext.Response.Headers.Location = $"/api/v1/articles/{existingId}";
        await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Article already registered",
            $"This is the article already registered as {existingId} (the same story under the canonical URL '{url}', " +
            $"one of its aliases, or a mirror domain of its outlet). Its location is in the Location header; the URL you sent is kept as an alias of it.",
            new Dictionary<string, object?> { ["articleId"] = existingId, ["url"] = url, ["aliasRecorded"] = added });
    }
}

using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Data;

/// <summary>
/// Article identity against the database: the outlet facts a key depends on, finding the article behind a
/// key (canonical URL or alias), and keeping keys current when an outlet's domains change.
/// </summary>
public static class ArticleIdentities
{
    /// <summary>The outlet's domains and mirror flag; null when there is no such outlet.</summary>
    public static async Task<OutletIdentity?> OfOutletAsync(CredibilityDbContext db, string outletId, CancellationToken ct)
    {
        var outlet = await db.Outlets.AsNoTracking().Where(o => o.Id == outletId).Select(o => new { o.Id, o.MirrorDomains }).SingleOrDefaultAsync(ct);
        if (outlet is null)
        {
            return null;
        }

        var domains = await db.OutletDomains.AsNoTracking().Where(d => d.OutletId == outletId).Select(d => d.Host).ToListAsync(ct);
        return new OutletIdentity(outlet.Id, domains, outlet.MirrorDomains);
    }

    /// <summary>The outlet a URL's host belongs to (longest registered suffix, never above the registrable domain), or null.</summary>
    public static async Task<OutletIdentity?> OfUrlAsync(CredibilityDbContext db, string url, CancellationToken ct)
    {
        var host = Hosts.FromUrlOrHost(url);
        var candidates = host is null ? [] : Hosts.SuffixesLongestFirst(host);
        if (candidates.Count == 0)
        {
            return null;
        }

        var found = await db.OutletDomains.AsNoTracking()
            .Where(d => candidates.Contains(d.Host))
            .Select(d => new { d.Host, d.OutletId })
            .ToListAsync(ct);
        var best = found.OrderByDescending(d => d.Host.Length).FirstOrDefault();
        return best is null ? null : await OfOutletAsync(db, best.OutletId, ct);
    }

    /// <summary>
    /// The article (not merged away) with this identity, through its canonical URL or an alias; the oldest when
    /// an older database holds duplicates. Null when none.
    /// </summary>
    public static async Task<string?> FindAsync(CredibilityDbContext db, string identityHash, CancellationToken ct)
    {
        var direct = await db.Articles.AsNoTracking()
            .Where(a => a.IdentityHash == identityHash)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => a.Id)
            .FirstOrDefaultAsync(ct);
        if (direct is not null)
        {
            return direct;
        }

        return await db.ArticleAliases.AsNoTracking()
            .Where(x => x.IdentityHash == identityHash)
            .Join(db.Articles, x => x.ArticleId, a => a.Id, (x, a) => new { a.Id, a.CreatedAt })
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => a.Id)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Records <paramref name="url"/> as an alias of the article unless it is already one (of any article).</summary>
    public static async Task<bool> AddAliasAsync(CredibilityDbContext db, string articleId, string url, OutletIdentity? outlet, string by, DateTime now, CancellationToken ct)
    {
        var given = ArticleUrl.WithoutUserInfo(url.Trim());
        var urlHash = ArticleUrl.Hash(given);
        if (await db.ArticleAliases.AnyAsync(x => x.UrlHash == urlHash, ct) ||
            db.ArticleAliases.Local.Any(x => x.UrlHash == urlHash) ||
            await db.Articles.IgnoreQueryFilters().AnyAsync(a => a.Id == articleId && a.Url == given, ct))
        {
            return false;
        }

        var canonical = ArticleUrl.Normalize(given);
        var identity = canonical is null ? urlHash : ArticleUrl.IdentityHash(canonical, outlet);
        db.ArticleAliases.Add(new ArticleAlias(articleId, given, identity, by, now));
        return true;
    }

    /// <summary>
    /// Recomputes the identity of every article of an outlet, and of their aliases, after its domains or its
    /// mirror flag changed. Articles that now share a key stay apart until an admin merges them.
    /// </summary>
    public static async Task RefreshOutletAsync(CredibilityDbContext db, string outletId, CancellationToken ct)
    {
        var outlet = await OfOutletAsync(db, outletId, ct);
        if (outlet is null)
        {
            return;
        }

        var articles = await db.Articles.IgnoreQueryFilters().Where(a => a.OutletId == outletId).ToListAsync(ct);
        foreach (var article in articles)
        {
            article.SetIdentity(ArticleUrl.IdentityHash(ArticleUrl.Normalize(article.Url) ?? article.Url, outlet));
        }

        var ids = articles.Select(a => a.Id).ToList();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var alias in await db.ArticleAliases.Where(x => chunk.Contains(x.ArticleId)).ToListAsync(ct))
            {
                if (ArticleUrl.Normalize(alias.Url) is { } canonical)
                {
                    alias.SetIdentity(ArticleUrl.IdentityHash(canonical, outlet));
                }
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Fills the identity of articles written before it existed (the migration adds the column empty): the key
    /// depends on the outlet's domains, so it is computed here rather than in SQL. Runs at start, once per row.
    /// </summary>
    public static async Task<int> BackfillAsync(CredibilityDbContext db, CancellationToken ct)
    {
        var filled = 0;
        var outlets = new Dictionary<string, OutletIdentity?>();
        while (true)
        {
            var batch = await db.Articles.IgnoreQueryFilters().Where(a => a.IdentityHash == "").OrderBy(a => a.Id).Take(500).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return filled;
            }

            foreach (var article in batch)
            {
                if (!outlets.TryGetValue(article.OutletId, out var outlet))
                {
                    outlets[article.OutletId] = outlet = await OfOutletAsync(db, article.OutletId, ct);
                }

                // Stored URLs were canonicalised by an older rule (trailing slashes, ref=): canonicalise them again.
                var canonical = ArticleUrl.Normalize(article.Url) ?? article.Url;
                article.SetIdentity(ArticleUrl.IdentityHash(canonical, outlet));
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            filled += batch.Count;
        }
    }
}

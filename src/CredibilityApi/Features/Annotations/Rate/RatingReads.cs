using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Assignments;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Annotations.Rate;

/// <summary>What a rating request reads before it writes, all outside its transaction.</summary>
/// <param name="Target">The article, or null when there is none with exactly this id.</param>
/// <param name="CurrentVersion">The newest rubric version, or null when the request named its own.</param>
/// <param name="Existing">The ids of the author's ratings of the article, by dimension (any status).</param>
/// <param name="PendingCampaign">The open campaign in which the author's assignment of the article is pending, or null.</param>
public sealed record RatingContext(AnnotationTarget? Target, int? CurrentVersion, IReadOnlyDictionary<string, string> Existing, string? PendingCampaign);

/// <summary>
/// The reads of <c>POST /articles/{id}/ratings</c> before its write: the article, the current rubric version, the author's
/// ratings of the article and the pending campaign that marks new ratings blind.
/// </summary>
public interface IRatingReads
{
    Task<RatingContext> ReadAsync(string articleId, string authorId, bool currentVersion, CancellationToken ct);
}

/// <summary>Through EF Core: any provider (SQL Server uses it).</summary>
internal sealed class EfRatingReads(CredibilityDbContext db) : IRatingReads
{
    public async Task<RatingContext> ReadAsync(string articleId, string authorId, bool currentVersion, CancellationToken ct)
    {
        var target = await AnnotationStore.ResolveAsync(db, TargetType.Article, articleId, ct);
        if (target is null)
        {
            return new RatingContext(null, null, new Dictionary<string, string>(), null);
        }

        int? version = currentVersion ? await db.RubricVersions.MaxAsync(r => r.Version, ct) : null;
        var existing = await db.Annotations.AsNoTracking()
            .Where(a => a.Kind == AnnotationKind.Rating && a.AuthorId == authorId && a.ArticleId == target.Id)
            .Select(a => new { a.Dimension, a.Id })
            .ToDictionaryAsync(a => a.Dimension!, a => a.Id, StringComparer.Ordinal, ct);
        var pending = await Blinding.PendingCampaignAsync(db, authorId, target.Id, ct);
        return new RatingContext(target, version, existing, pending);
    }
}

/// <summary>
/// On SQLite: the same reads as <see cref="EfRatingReads"/> as prepared statements on a held-open connection
/// (<see cref="SqliteReadSessions"/>), one connection of the pool for all four. Through EF Core, each went through EF's
/// pipeline and was compiled again by SQLite on every request: the article and pending-campaign reads alone were 29% of the
/// rating endpoint's CPU samples (issue 13). <c>Features/Annotations/RatingReadsTests</c> compares the two on SQLite.
/// </summary>
internal sealed class SqliteRatingReads(SqliteReadSessions sessions) : IRatingReads
{
    // A merged article (a tombstone pointing at its survivor) is not found, as through EF's query filter on Articles.
    private const string ArticleSql = "SELECT Id, OutletId, PublishedAt, BodySha256 FROM Articles WHERE Id = $p0 AND MergedIntoId IS NULL";

    private const string VersionSql = "SELECT MAX(Version) FROM RubricVersions";

    private const string ExistingSql = "SELECT Dimension, Id FROM Annotations WHERE Kind = 'Rating' AND AuthorId = $p0 AND ArticleId = $p1";

    // Blinding.PendingCampaignAsync's query: enums are stored by name, dates as text in one format, so they order as EF's.
    private const string PendingSql =
        "SELECT a.CampaignId FROM Assignments a JOIN Campaigns c ON c.Id = a.CampaignId " +
        "WHERE a.AnnotatorId = $p0 AND a.ArticleId = $p1 AND a.State = 'Pending' AND c.State = 'Open' " +
        "ORDER BY a.AssignedAt, a.Id LIMIT 1";

    public Task<RatingContext> ReadAsync(string articleId, string authorId, bool currentVersion, CancellationToken ct) =>
        sessions.ReadAsync(session => Read(session, articleId, authorId, currentVersion), ct).AsTask();

    private static RatingContext Read(ReadSession session, string articleId, string authorId, bool currentVersion)
    {
        AnnotationTarget? target = null;
        using (var reader = session.Command(ArticleSql, articleId).ExecuteReader())
        {
            if (reader.Read())
            {
                target = new AnnotationTarget(TargetType.Article, reader.GetString(0), reader.GetString(1), reader.GetString(0), null,
                    DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc), reader.IsDBNull(3) ? null : reader.GetString(3));
            }
        }

        if (target is null)
        {
            return new RatingContext(null, null, new Dictionary<string, string>(), null);
        }

        int? version = null;
        if (currentVersion)
        {
            // As EF's MaxAsync: a database without a rubric version is not one the API runs on.
            version = session.Command(VersionSql).ExecuteScalar() is long max ? (int)max
                : throw new InvalidOperationException("There is no rubric version.");
        }

        var existing = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var reader = session.Command(ExistingSql, authorId, target.Id).ExecuteReader())
        {
            while (reader.Read())
            {
                existing[reader.GetString(0)] = reader.GetString(1);
            }
        }

        string? pending;
        using (var reader = session.Command(PendingSql, authorId, target.Id).ExecuteReader())
        {
            pending = reader.Read() ? reader.GetString(0) : null;
        }

        return new RatingContext(target, version, existing, pending);
    }
}

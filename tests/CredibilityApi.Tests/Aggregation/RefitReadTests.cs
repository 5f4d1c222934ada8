using CredibilityApi.Aggregation;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// Methodology v2's refit reads a dimension's current ratings by hand on SQLite (issue 13: EF's materializer was a
/// third of a refit's garbage) and through EF elsewhere: both must hand the fit the same ratings, with the same instants.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RefitReadTests(ApiFixture api)
{
    [SkippableFact]
    public async Task The_hand_reader_reads_exactly_what_the_ef_reader_reads()
    {
        Skip.If(api.Factory.OnSqlServer, "The hand reader is SQLite's; on SQL Server the refit reads through EF.");
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var published = new List<DateTime>();
        var start = new DateTimeOffset(2022, 3, 1, 23, 59, 58, TimeSpan.Zero).AddTicks(1234567);
        string? retracted = null;
        for (var i = 0; i < 4; i++)
        {
            var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/rr{i}", publishedAt: start.AddDays(i * 9).AddSeconds(i)));
            published.Add(article.PublishedAt.UtcDateTime);
            foreach (var rater in new[] { api.Annotator, api.OtherAnnotator }.Take(1 + (i % 2)))
            {
                var rated = await rater.RateArticleAsync(article.Id, new RateArticleRequest
                {
                    RubricVersion = 1,
                    Values = [new RatingValue { Dimension = "headline_fidelity", Value = 10 + (i * 3.25) }],
                    Tags = [],
                });
                retracted ??= rated.Ratings.Single().Id;
            }
        }

        // A retracted rating is not current: neither reader may see it.
        await api.Annotator.RetractAnnotationAsync(retracted!, new ReasonRequest { Reason = "Rated the wrong article." });

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var byHand = await V2Model.CurrentRatingsAsync(db, "headline_fidelity", CancellationToken.None);
        var byEf = await V2Model.CurrentRatingsEfAsync(db, "headline_fidelity", CancellationToken.None);

        static List<RatingRow> Ordered(List<RatingRow> rows) =>
            [.. rows.OrderBy(r => r.ArticleId, StringComparer.Ordinal).ThenBy(r => r.AnnotatorId, StringComparer.Ordinal)];
        byHand.Count.ShouldBe(byEf.Count);
        Ordered(byHand).ShouldBe(Ordered(byEf));
        byHand.ShouldAllBe(r => r.PublishedAt.Kind == DateTimeKind.Utc);

        // This test's own articles: the instants as the API stored them, and the retracted rating left out.
        var mine = byHand.Where(r => r.OutletId == outlet.Id).ToList();
        mine.Count.ShouldBe(5);
        mine.Select(r => r.PublishedAt).Distinct().Order().ShouldBe(published.Skip(1), "the first article's only rating is retracted");
    }

    [SkippableFact]
    public async Task The_hand_reader_reads_every_rating_once_however_many_rowids_each_statement_covers()
    {
        // The table is read in rowid ranges (after, upTo]: a range boundary read twice or skipped would add or drop ratings.
        Skip.If(api.Factory.OnSqlServer, "The hand reader is SQLite's; on SQL Server the refit reads through EF.");
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        for (var i = 0; i < 3; i++)
        {
            var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/span{i}", publishedAt: new DateTimeOffset(2023, 5, 1 + i, 8, 0, 0, TimeSpan.Zero)));
            foreach (var rater in new[] { api.Annotator, api.OtherAnnotator })
            {
                await rater.RateArticleAsync(article.Id, new RateArticleRequest
                {
                    RubricVersion = 1,
                    Values = [new RatingValue { Dimension = "sourcing_transparency", Value = 20 + i }, new RatingValue { Dimension = "slant", Value = -5 - i }],
                    Tags = [],
                });
            }
        }

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var byEf = Ordered(await V2Model.CurrentRatingsEfAsync(db, "sourcing_transparency", CancellationToken.None));
        byEf.Count(r => r.OutletId == outlet.Id).ShouldBe(6);
        foreach (var span in new long[] { 3, 64, V2Model.RowidSpan })
        {
            var byHand = await V2Model.CurrentRatingsSqliteAsync(db, "sourcing_transparency", span, CancellationToken.None);
            Ordered(byHand).ShouldBe(byEf, $"{span} rowids a statement");
        }
    }

    [SkippableFact]
    public async Task The_hand_reader_searches_the_table_by_rowid_not_an_index()
    {
        // By annotator, through the unique index and then each rating's table row at random, a dimension of the load data
        // set took 1.9 s to read; in rowid order 0.5 (docs/benchmarks/refit-read-2026-12-07.md).
        Skip.If(api.Factory.OnSqlServer, "The hand reader is SQLite's; on SQL Server the refit reads through EF.");
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        await using var command = V2Model.CurrentRatingsBetween(db, "slant", 0, 100).CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await db.Database.OpenConnectionAsync();
        var plan = new List<string>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        plan.ShouldHaveSingleItem().ShouldBe("SEARCH Annotations USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)");
    }

    private static List<RatingRow> Ordered(List<RatingRow> rows) =>
        [.. rows.OrderBy(r => r.ArticleId, StringComparer.Ordinal).ThenBy(r => r.AnnotatorId, StringComparer.Ordinal)];
}

using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Features.Annotations.Rate;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CredibilityApi.Tests.Features.Campaigns.CampaignTestData;

namespace CredibilityApi.Tests.Features.Annotations;

/// <summary>
/// A rating request's reads go through prepared statements on SQLite (issue 13) and through EF Core elsewhere: the two must
/// read the same article, rubric version, existing ratings and pending campaign, in every case the endpoint tells apart.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RatingReadsTests(ApiFixture api)
{
    [SkippableFact]
    public async Task The_prepared_statement_reads_answer_exactly_as_the_ef_reads()
    {
        Skip.If(api.Factory.OnSqlServer, "The prepared-statement reads are SQLite's; on SQL Server the endpoint uses the EF reads.");
        var (_, articles) = await OutletWithArticlesAsync(api.Admin, 3);
        var pool = await AnnotatorsAsync(api, 2);
        var (me, mine) = pool[0];
        var (other, theirs) = pool[1];

        // Article 0: my two ratings (one retracted), another annotator's, and my pending assignment in an open campaign.
        var rated = (await mine.RateArticleAsync(articles[0], AllDimensions(40))).Ratings;
        await mine.RetractAnnotationAsync(rated.Single(r => r.Rating!.Dimension == "slant").Id, new ReasonRequest { Reason = "Wrong article." });
        await theirs.RateArticleAsync(articles[0], new RateArticleRequest { Values = [new CredibilityApi.Client.RatingValue { Dimension = "headline_fidelity", Value = 70 }], Tags = [] });
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Listed([me, other], 2, [articles[0], articles[1]]))).Id);

        // A duplicate of article 2 merged into it: a tombstone, not an article one can rate.
        var survivor = await api.Admin.GetArticleAsync(articles[2]);
        var duplicate = await api.Admin.RegisterArticleAsync(Requests.Article($"https://{new Uri(survivor.Url).Host}/duplicate-{Unique.Label()}", publishedAt: survivor.PublishedAt));
        await api.Admin.MergeArticlesAsync(articles[2], new MergeArticleRequest { DuplicateId = duplicate.Id });
        await mine.RateArticleAsync(duplicate.Id, AllDimensions(10)).ShouldFailWith(404);

        // Article 2: rated by no one, in no campaign.
        var cases = new List<(string Article, string Author, bool Current)>
        {
            (articles[0], me, true), (articles[0], me, false), (articles[0], other, true), (articles[1], me, true), (articles[2], me, true),
            ("art_doesnotexist", me, true), (articles[0].ToUpperInvariant(), me, true), (duplicate.Id, me, true),
        };

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<IRatingReads>().ShouldBeOfType<SqliteRatingReads>("the endpoint's reads on SQLite");
        var prepared = new SqliteRatingReads(services.GetRequiredService<SqliteReadSessions>());
        var ef = new EfRatingReads(services.GetRequiredService<CredibilityDbContext>());

        async Task<List<string>> BothAsync()
        {
            var described = new List<string>();
            foreach (var (article, author, current) in cases)
            {
                var expected = Describe(await ef.ReadAsync(article, author, current, CancellationToken.None));
                Describe(await prepared.ReadAsync(article, author, current, CancellationToken.None)).ShouldBe(expected, $"{article} by {author}, current version {current}");
                described.Add(expected);
            }

            return described;
        }

        var open = await BothAsync();
        Head(open[0]).ShouldBe($"{articles[0]} 1 factual_accuracy,slant {campaign.Id}");
        Head(open[1]).ShouldBe($"{articles[0]} - factual_accuracy,slant {campaign.Id}");
        Head(open[2]).ShouldBe($"{articles[0]} 1 headline_fidelity {campaign.Id}");
        Head(open[3]).ShouldBe($"{articles[1]} 1  {campaign.Id}");
        Head(open[4]).ShouldBe($"{articles[2]} 1  -");
        Head(open[5]).ShouldBe("none");
        Head(open[6]).ShouldBe("none", "ids match exactly");
        Head(open[7]).ShouldBe("none", "a merged article is not found");

        // Once the campaign closes, nothing is pending.
        await api.Admin.CloseCampaignAsync(campaign.Id);
        Head((await BothAsync())[0]).ShouldBe($"{articles[0]} 1 factual_accuracy,slant -");
    }

    /// <summary>The part of a description the assertions name: article, version, dimensions rated, campaign.</summary>
    private static string Head(string described) => described.Split('|')[0];

    private static string Describe(RatingContext read) => read.Target is not { } target
        ? "none"
        : $"{target.Id} {read.CurrentVersion?.ToString() ?? "-"} {string.Join(",", read.Existing.Keys.Order(StringComparer.Ordinal))} {read.PendingCampaign ?? "-"}"
          + $"|{target.Type} {target.OutletId} {target.ArticleId} {target.ClaimId} {target.ArticlePublishedAt:O} {target.ArticlePublishedAt?.Kind} {target.BodySha256} "
          + string.Join(",", read.Existing.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value));
}

using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// A database whose rollups were written before the annotator weights and the Σ 1/k column existed gets them
/// right from the migration that adds them: the columns are dropped (migrating down) and added again, so the
/// values compared with the recomputation can only have come from the migration's SQL.
/// </summary>
public sealed class RollupMigrationTests
{
    [Fact]
    public async Task Adding_the_weight_columns_to_an_existing_database_computes_them_from_its_rollups()
    {
        // An app of its own: migrating its database down and up must not disturb the shared one.
        var api = new ApiFixture();
        await api.InitializeAsync();
        try
        {
            var domain = Unique.Domain();
            var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
            var third = api.Factory.CreateApiClient((await api.CreateAccountAsync($"Third {Unique.Label()}", Role.Annotator)).Key);
            var raters = new[] { api.Annotator, api.OtherAnnotator, third };
            var day = new DateTimeOffset(2022, 3, 4, 6, 0, 0, TimeSpan.Zero);
            var articles = new List<Article>();
            for (var i = 0; i < 4; i++)
            {
                // Three articles share a day, with 3, 2 and 1 raters; the fourth is on the next day.
                articles.Add(await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/m{i}", publishedAt: day.AddHours(i * 7))));
            }

            var ratings = new List<(CredibilityApiClient By, CredibilityApi.Client.Annotation Rating)>();
            foreach (var (article, by) in new[] { (0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 1), (3, 0), (3, 2) })
            {
                var rated = await raters[by].RateArticleAsync(articles[article].Id, new RateArticleRequest
                {
                    RubricVersion = 1,
                    Values = [new RatingValue { Dimension = "factual_accuracy", Value = 10 + (article * 20) + by }, new RatingValue { Dimension = "slant", Value = by - article }],
                    Tags = [],
                });
                ratings.AddRange(rated.Ratings.Select(r => (raters[by], r)));
            }

            // A retracted and a hidden rating count for neither k nor the weights.
            var (retractedBy, retracted) = ratings.First(r => r.Rating.Rating!.Dimension == "factual_accuracy" && r.Rating.ArticleId == articles[1].Id && r.By == third);
            await retractedBy.RetractAnnotationAsync(retracted.Id, new ReasonRequest { Reason = "migration test" });
            await api.Admin.HideAnnotationAsync(ratings.First(r => r.Rating.Rating!.Dimension == "slant" && r.Rating.ArticleId == articles[0].Id).Rating.Id,
                new ReasonRequest { Reason = "migration test" });
            await api.Factory.ApplyPendingRollupsAsync();

            using var scope = api.Factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            await RollupReference.AssertMatchesAsync(db, outlet.Id);
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var adding = migrations.FindIndex(m => m.EndsWith("_RollupAnnotatorWeights", StringComparison.Ordinal));
            adding.ShouldBeGreaterThan(0);

            await migrator.MigrateAsync(migrations[adding - 1]);
            await migrator.MigrateAsync();
            db.ChangeTracker.Clear();

            (await db.OutletDayAnnotators.AnyAsync(a => a.OutletId == outlet.Id && a.Weight > 0 && a.Weight < 1)).ShouldBeTrue();
            await RollupReference.AssertMatchesAsync(db, outlet.Id);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task Adding_the_prior_sums_to_an_existing_database_computes_them_from_its_bucket_rows_and_later_writes_move_them()
    {
        var api = new ApiFixture();
        await api.InitializeAsync();
        try
        {
            var domain = Unique.Domain();
            var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
            var other = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
            var day = new DateTimeOffset(2022, 5, 2, 6, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < 6; i++)
            {
                // Two outlets, some days with two articles (within-outlet variance), two raters on some.
                var on = i % 2 == 0 ? outlet : other;
                var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{(on == outlet ? domain : on.PrimaryDomain)}/p{i}", publishedAt: day.AddHours(i * 9)));
                foreach (var by in i % 3 == 0 ? new[] { api.Annotator, api.OtherAnnotator } : new[] { api.Annotator })
                {
                    await by.RateArticleAsync(article.Id, new RateArticleRequest
                    {
                        RubricVersion = 1, Values = [new RatingValue { Dimension = "factual_accuracy", Value = 15 + (i * 13) + (by == api.Annotator ? 0 : 9) }], Tags = [],
                    });
                }
            }

            await api.Factory.ApplyPendingRollupsAsync();
            using var scope = api.Factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var adding = migrations.FindIndex(m => m.EndsWith("_BucketPriorSums", StringComparison.Ordinal));
            adding.ShouldBeGreaterThan(0);

            await migrator.MigrateAsync(migrations[adding - 1]);
            await migrator.MigrateAsync();
            db.ChangeTracker.Clear();
            (await db.BucketPriors.AnyAsync(p => p.Outlets == 2 && p.MeanSum > 0 && p.WithinDf > 0)).ShouldBeTrue("the migration computed the sums");
            await RollupReference.AssertMatchesAsync(db, outlet.Id);

            // A later write moves the migrated sums by its change, and the priors stay equal to an estimate from the outlets.
            var late = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/late", publishedAt: day.AddHours(3)));
            await api.OtherAnnotator.RateArticleAsync(late.Id, new RateArticleRequest
            {
                RubricVersion = 1, Values = [new RatingValue { Dimension = "factual_accuracy", Value = 88 }], Tags = [],
            });
            await api.Factory.ApplyPendingRollupsAsync();
            db.ChangeTracker.Clear();
            await RollupReference.AssertMatchesAsync(db, outlet.Id);
            await RollupReference.AssertMatchesAsync(db, other.Id);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }
}

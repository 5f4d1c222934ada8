using CredibilityApi.Aggregation;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>The rollup worker off, and a fold batch of two changes, so a few ratings make several batches.</summary>
public sealed class SmallFoldBatchApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rollups:ApplyInBackground", "false");
        builder.UseSetting("Rollups:BatchSize", "2");
    }
}

/// <summary>
/// The fold and the refit run on thread-pool threads beside the requests, and on SQLite every await of theirs can complete
/// on the calling thread. A fold behind by thousands of changes and a refit reading and fitting 200,000 ratings each kept a
/// pool thread for seconds, and every rating in flight waited for them (3.3 s in a load run,
/// docs/benchmarks/refit-stalls-2026-12-06.md). Each test runs the work on a scheduler with one thread, with a marker
/// queued behind it that reads the database: it sees the work half done only if the work gives the thread back on the way.
/// The refit is asked where its fit ran. The refit's read also yields between annotators' statements; that yield has no
/// test of its own.
/// </summary>
public sealed class BackgroundWorkYieldsTests(SmallFoldBatchApiFactory factory) : IClassFixture<SmallFoldBatchApiFactory>
{
    private static readonly DateTimeOffset Day = new(1733, 2, 9, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task The_fold_gives_its_thread_back_between_batches()
    {
        Skip.If(factory.OnSqlServer, "On SQL Server the fold's awaits suspend by themselves.");
        var articles = await RateThreeArticlesAsync("factual_accuracy", annotatorToo: true);
        var applier = factory.Services.GetRequiredService<RollupApplier>();

        var (pendingSeenByTheMarker, folded) = await WithMarkerBehindAsync(
            () => applier.ApplyAsync(CancellationToken.None),
            () => Read(db => db.PendingRollups.Count(p => articles.Contains(p.ArticleId))));

        folded.ShouldBeGreaterThanOrEqualTo(6, "six ratings were queued: three batches of two at least");
        Read(db => db.PendingRollups.Count(p => articles.Contains(p.ArticleId))).ShouldBe(0);
        pendingSeenByTheMarker.ShouldBeGreaterThan(0, "work queued behind the fold ran between its batches, with changes still to fold");
    }

    [SkippableFact]
    public async Task The_refit_fits_on_a_thread_of_its_own()
    {
        Skip.If(factory.OnSqlServer, "On SQL Server the reads' awaits suspend by themselves.");
        await RateThreeArticlesAsync(Dimension, annotatorToo: false);
        await factory.ApplyPendingRollupsAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();

        // Called from a thread-pool thread, as the worker calls it. (A marker queued behind the refit, as the fold's test
        // does, cannot tell: a fit of three ratings may end before the refit awaits it, and the refit then goes on without
        // giving its thread back, which failed once in CI.)
        var result = await Task.Run(() => V2Refitter.RefitAsync(db, Dimension, TimeProvider.System, CancellationToken.None));

        result.Ratings.ShouldBe(3, "the admin's three ratings, the only ones on this dimension in this database");
        result.FittedOnPoolThread.ShouldBeFalse("the fit and the priors run on a thread of their own");
    }

    /// <summary>A dimension only the refit test rates in this class's database.</summary>
    private const string Dimension = "headline_fidelity";

    /// <summary>
    /// Runs <paramref name="work"/> on a one-thread scheduler with <paramref name="marker"/> queued behind it, and gives
    /// what the marker saw. A blocker queued first holds the thread until both are queued, so the order is fixed.
    /// </summary>
    private static async Task<(TSeen Seen, T Result)> WithMarkerBehindAsync<T, TSeen>(Func<Task<T>> work, Func<TSeen> marker)
    {
        var scheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        using var release = new ManualResetEventSlim();
        var blocker = Task.Factory.StartNew(() => release.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None, TaskCreationOptions.None, scheduler);
        var running = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, scheduler).Unwrap();
        var seen = Task.Factory.StartNew(marker, CancellationToken.None, TaskCreationOptions.None, scheduler);
        release.Set();
        await blocker;
        return (await seen, await running);
    }

    /// <summary>A read on a context of its own, synchronous: the marker runs on the one-thread scheduler and must not yield.</summary>
    private T Read<T>(Func<CredibilityDbContext, T> read)
    {
        using var scope = factory.Services.CreateScope();
        return read(scope.ServiceProvider.GetRequiredService<CredibilityDbContext>());
    }

    /// <summary>Three articles of an outlet of its own, each rated on <paramref name="dimension"/> by the admin and, with <paramref name="annotatorToo"/>, an annotator.</summary>
    private async Task<List<string>> RateThreeArticlesAsync(string dimension, bool annotatorToo)
    {
        var articles = new List<string>();
        var admin = factory.CreateApiClient(ApiFactory.AdminKey);
        var account = await admin.CreateAccountAsync(new CreateAccountRequest { Name = "Yield " + Unique.Label(), Role = Role.Annotator });
        var annotator = factory.CreateApiClient((await admin.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "tests" })).Key);
        var domain = Unique.Domain();
        await admin.RegisterOutletAsync(Requests.Outlet(domain));
        for (var i = 0; i < 3; i++)
        {
            var article = await admin.RegisterArticleAsync(Requests.Article($"https://{domain}/yield-{i}", publishedAt: Day.AddDays(i)));
            await admin.RateArticleAsync(article.Id, Rating(dimension, 40));
            if (annotatorToo)
            {
                await annotator.RateArticleAsync(article.Id, Rating(dimension, 60 + i));
            }

            articles.Add(article.Id);
        }

        return articles;
    }

    private static RateArticleRequest Rating(string dimension, double value) => new()
    {
        RubricVersion = 1,
        Values = [new RatingValue { Dimension = dimension, Value = value }],
        Tags = [],
    };
}

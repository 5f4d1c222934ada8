using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// A dimension whose refit keeps failing neither starves the dimensions after it nor is retried every five seconds
/// (<see cref="RefitBackoff"/>): the background worker's rounds pass over it for 5 s, doubling to 5 minutes, and refit the
/// others meanwhile.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RefitBackoffTests(ApiFixture api)
{
    [Fact]
    public void A_failure_waits_five_seconds_then_twice_as_long_each_time_up_to_five_minutes()
    {
        var clock = new ShiftableClock();
        var backoff = new RefitBackoff(clock);
        backoff.Waiting("slant").ShouldBeFalse();

        var waits = Enumerable.Range(0, 8).Select(_ => backoff.Failed("slant").TotalSeconds).ToList();
        waits.ShouldBe([5, 10, 20, 40, 80, 160, 300, 300]);
        backoff.Waiting("slant").ShouldBeTrue();
        backoff.Waiting("factual_accuracy").ShouldBeFalse("each dimension has its own failures");

        clock.Advance(TimeSpan.FromSeconds(299));
        backoff.Waiting("slant").ShouldBeTrue();
        clock.Advance(TimeSpan.FromSeconds(1));
        backoff.Waiting("slant").ShouldBeFalse("the wait has ended: the next round tries it");
    }

    [Fact]
    public void A_success_forgets_the_failures()
    {
        var backoff = new RefitBackoff(new ShiftableClock());
        backoff.Failed("slant");
        backoff.Failed("slant");
        backoff.Succeeded("slant");

        backoff.Waiting("slant").ShouldBeFalse();
        backoff.Failures("slant").ShouldBe(0);
        backoff.Failed("slant").ShouldBe(RefitBackoff.First);
    }

    /// <summary>
    /// A real failure of the refit's write: a trigger makes SQLite refuse factual_accuracy's fit row. The first stale
    /// dimension in name order fails; the worker's next round refits the one after it instead of trying the failing one again.
    /// </summary>
    [SkippableFact]
    public async Task The_workers_rounds_pass_over_a_failing_dimension_and_refit_the_others()
    {
        Skip.If(api.Factory.OnSqlServer, "The failure is made with a SQLite trigger.");
        await RefitPacingTests.StaleFactualAccuracyAndSlantAsync(api, "backoff", slant: 2, factualAccuracy: 65);

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var refitter = api.Factory.Services.GetRequiredService<V2Refitter>();
        (await V2Refitter.StaleDimensionsAsync(db, CancellationToken.None)).ShouldBe(["factual_accuracy", "slant"]);

        // Constant text (no value of the test's data goes into it).
        const string Create =
            "CREATE TRIGGER refit_backoff_test_update BEFORE UPDATE ON DimensionFits WHEN NEW.Dimension = 'factual_accuracy' " +
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END; " +
            "CREATE TRIGGER refit_backoff_test_insert BEFORE INSERT ON DimensionFits WHEN NEW.Dimension = 'factual_accuracy' " +
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;";
        const string Drop = "DROP TRIGGER IF EXISTS refit_backoff_test_update; DROP TRIGGER IF EXISTS refit_backoff_test_insert;";
        await db.Database.ExecuteSqlRawAsync(Create);
        try
        {
            (await refitter.RefitNextAsync(CancellationToken.None)).ShouldBe((0, 1), "its one refit failed");
            refitter.Backoff.Waiting("factual_accuracy").ShouldBeTrue();

            (await refitter.RefitNextAsync(CancellationToken.None)).ShouldBe((1, 0));
            (await V2Refitter.StaleDimensionsAsync(db, CancellationToken.None)).ShouldBe(["factual_accuracy"], "slant, after it in name order, was refitted");
            (await refitter.RefitNextAsync(CancellationToken.None)).ShouldBe((0, 0), "the failing dimension is left alone for now");
            refitter.Backoff.Failures("factual_accuracy").ShouldBe(1, "not tried again during its wait");

            // An explicit refit (not the worker's paced rounds) still tries it, and says it failed.
            var error = await Should.ThrowAsync<Exception>(() => refitter.RefitStaleAsync(CancellationToken.None));
            (error.InnerException ?? error).Message.ShouldContain("refused by the test");
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync(Drop);
        }

        // Once the cause is gone, a refit that succeeds forgets the failures.
        (await refitter.RefitStaleAsync(CancellationToken.None)).ShouldBe(1);
        refitter.Backoff.Waiting("factual_accuracy").ShouldBeFalse();
        (await V2Refitter.StaleDimensionsAsync(db, CancellationToken.None)).ShouldBeEmpty();
    }
}

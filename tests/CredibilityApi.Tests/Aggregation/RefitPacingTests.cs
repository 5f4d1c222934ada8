using CredibilityApi.Aggregation;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// The background refit worker refits one stale dimension per round and rests after it (issue 13), so that
/// <c>Methodology:RefitMaxShare</c> holds over any few refits: <see cref="V2Refitter.RefitStaleAsync"/> with a limit refits
/// at most that many, in ordinal order, and leaves the rest stale for the next round.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RefitPacingTests(ApiFixture api)
{
    [Fact]
    public async Task A_limited_round_refits_the_first_stale_dimension_and_leaves_the_others_stale()
    {
        await StaleFactualAccuracyAndSlantAsync(api, "pacing", slant: 3, factualAccuracy: 40);

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        (await V2Refitter.StaleDimensionsAsync(db, CancellationToken.None)).ShouldBe(["factual_accuracy", "slant"]);

        var refitter = api.Factory.Services.GetRequiredService<V2Refitter>();
        (await refitter.AnyStaleAsync(CancellationToken.None)).ShouldBeTrue();
        (await refitter.RefitStaleAsync(CancellationToken.None, most: 1)).ShouldBe(1);
        (await V2Refitter.StaleDimensionsAsync(db, CancellationToken.None)).ShouldBe(["slant"], "the first in ordinal order was refitted");

        (await refitter.RefitStaleAsync(CancellationToken.None, most: 1)).ShouldBe(1);
        (await V2Refitter.StaleDimensionsAsync(db, CancellationToken.None)).ShouldBeEmpty();
        (await refitter.RefitStaleAsync(CancellationToken.None, most: 1)).ShouldBe(0, "nothing is stale");
        (await refitter.AnyStaleAsync(CancellationToken.None)).ShouldBeFalse();
    }

    /// <summary>
    /// Refits everything, then rates a new article on factual_accuracy and slant and folds the rating in: those two
    /// dimensions are then the stale ones, in that (name) order.
    /// </summary>
    internal static async Task StaleFactualAccuracyAndSlantAsync(ApiFixture api, string path, double slant, double factualAccuracy)
    {
        await api.Factory.RefitAsync();
        var domain = Unique.Domain();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/{path}"));
        await api.Annotator.RateArticleAsync(article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "slant", Value = slant }, new RatingValue { Dimension = "factual_accuracy", Value = factualAccuracy }],
            Tags = [],
        });
        await api.Factory.ApplyPendingRollupsAsync();
    }

    // The worker waits for a burst of writes to end before it refits (Methodology:RefitDelaySeconds of no change, at most
    // Methodology:RefitMaxWaitSeconds): a bulk import is refitted once after it, not while it runs.
    [Fact]
    public async Task Waiting_for_quiet_ends_after_one_interval_without_a_change()
    {
        var sleeps = new List<TimeSpan>();
        var waited = await V2Refitter.WaitForQuietAsync(_ => Task.FromResult(7L), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), Sleep(sleeps), CancellationToken.None);

        waited.ShouldBe(TimeSpan.FromSeconds(2));
        sleeps.ShouldBe([TimeSpan.FromSeconds(2)]);
    }

    [Fact]
    public async Task Waiting_for_quiet_goes_on_while_the_changes_move_and_stops_when_they_rest()
    {
        var counts = new Queue<long>([1, 5, 9, 12, 12, 40]);
        var sleeps = new List<TimeSpan>();
        var waited = await V2Refitter.WaitForQuietAsync(_ => Task.FromResult(counts.Dequeue()), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), Sleep(sleeps), CancellationToken.None);

        waited.ShouldBe(TimeSpan.FromSeconds(8), "four intervals: three moved, the fourth did not");
        counts.ToArray().ShouldBe([40L], "nothing is read after the quiet interval");
    }

    [Fact]
    public async Task Waiting_for_quiet_under_changes_that_never_rest_stops_at_the_most()
    {
        long count = 0;
        var sleeps = new List<TimeSpan>();
        var waited = await V2Refitter.WaitForQuietAsync(_ => Task.FromResult(++count), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), Sleep(sleeps), CancellationToken.None);

        waited.ShouldBe(TimeSpan.FromSeconds(5));
        sleeps.ShouldBe([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)], "the last step is cut to the most");
    }

    [Fact]
    public async Task Waiting_for_quiet_with_no_time_left_or_no_delay_does_not_wait()
    {
        var sleeps = new List<TimeSpan>();
        (await V2Refitter.WaitForQuietAsync(_ => Task.FromResult(1L), TimeSpan.FromSeconds(2), TimeSpan.Zero, Sleep(sleeps), CancellationToken.None)).ShouldBe(TimeSpan.Zero);
        (await V2Refitter.WaitForQuietAsync(_ => Task.FromResult(1L), TimeSpan.Zero, TimeSpan.FromSeconds(30), Sleep(sleeps), CancellationToken.None)).ShouldBe(TimeSpan.Zero);
        sleeps.ShouldBeEmpty();
    }

    [Fact]
    public async Task Waiting_for_quiet_reads_the_stored_change_counts()
    {
        // Nothing is written meanwhile (the tests' worker is off), so the counts agree after one short interval.
        var refitter = api.Factory.Services.GetRequiredService<V2Refitter>();
        var waited = await refitter.WaitForQuietAsync(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5), CancellationToken.None);

        waited.ShouldBeInRange(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));
    }

    private static Func<TimeSpan, CancellationToken, Task> Sleep(List<TimeSpan> sleeps) => (step, _) =>
    {
        sleeps.Add(step);
        return Task.CompletedTask;
    };
}

using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CredibilityApi.Tests.Data;

/// <summary>Two nodes' <see cref="LeaseStore"/>s on the app's database, each on a clock of its own, so expiry is a shift of a clock, not a wait.</summary>
[Collection(ApiCollection.Name)]
public sealed class LeaseTests(ApiFixture api)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_lease_held_by_one_node_is_refused_to_another_until_it_expires_then_taken_over()
    {
        var name = $"test-{Unique.Label()}";
        var (a, aClock) = Node("node-a");
        var (b, bClock) = Node("node-b");

        (await a.TryAcquireAsync(name, CancellationToken.None)).ShouldBeTrue();
        (await b.TryAcquireAsync(name, CancellationToken.None)).ShouldBeFalse();
        (await a.TryAcquireAsync(name, CancellationToken.None)).ShouldBeTrue("the holder renews");
        var first = await RowAsync(name);
        first.Owner.ShouldBe("node-a");

        // Past node-a's expiry (node-a stopped renewing): node-b takes it over, and node-a, asking again, learns it lost it.
        bClock.Advance(Lease + TimeSpan.FromSeconds(1));
        aClock.Advance(Lease + TimeSpan.FromSeconds(1));
        (await b.TryAcquireAsync(name, CancellationToken.None)).ShouldBeTrue();
        (await a.TryAcquireAsync(name, CancellationToken.None)).ShouldBeFalse();
        a.Holds(name).ShouldBeFalse();
        var second = await RowAsync(name);
        second.Owner.ShouldBe("node-b");
        second.Generation.ShouldBe(first.Generation + 1);
    }

    [Fact]
    public async Task A_released_lease_is_taken_over_at_once()
    {
        var name = $"test-{Unique.Label()}";
        var (a, _) = Node("node-a");
        var (b, _) = Node("node-b");

        (await a.TryAcquireAsync(name, CancellationToken.None)).ShouldBeTrue();
        (await b.TryAcquireAsync(name, CancellationToken.None)).ShouldBeFalse();
        await a.ReleaseAsync(name);

        (await b.TryAcquireAsync(name, CancellationToken.None)).ShouldBeTrue();
        (await RowAsync(name)).Owner.ShouldBe("node-b");
    }

    [Fact]
    public async Task Work_under_a_lease_runs_on_the_holder_only_and_is_cancelled_when_the_lease_is_lost()
    {
        var name = $"test-{Unique.Label()}";
        var (a, _) = Node("node-a", leaseSeconds: 0.6);
        var (b, bClock) = Node("node-b", leaseSeconds: 0.6);
        (await a.TryAcquireAsync(name, CancellationToken.None)).ShouldBeTrue();

        var ranOnB = false;
        (await b.RunAsHolderAsync(name, _ => { ranOnB = true; return Task.CompletedTask; }, CancellationToken.None)).ShouldBeFalse();
        ranOnB.ShouldBeFalse();

        // node-a works past several renewals; meanwhile node-b, whose clock runs an hour ahead, takes the lease over.
        var cancelled = false;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var working = a.RunAsHolderAsync(name, async token =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), token);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
        }, CancellationToken.None);

        // Renewed while working: the row's expiry moves past the one the work began under (read once the work has begun, so
        // the claim RunAsHolderAsync makes before it is not taken for a renewal), and the node knows it holds the lease.
        // Waited for, not timed: a fixed 700 ms wait failed once on a loaded machine, when a renewal came late. Bounded, so
        // no renewal fails the test.
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var firstExpiry = (await RowAsync(name)).ExpiresAt;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await RowAsync(name)).ExpiresAt <= firstExpiry || !a.Holds(name))
        {
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "the holder renewed while working");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        bClock.Advance(TimeSpan.FromHours(1));
        (await b.TryAcquireAsync(name, CancellationToken.None)).ShouldBeTrue();

        (await working.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
        cancelled.ShouldBeTrue("the work stops when a renewal finds the lease gone");
    }

    private (LeaseStore Store, ShiftableClock Clock) Node(string id, double leaseSeconds = 10)
    {
        var clock = new ShiftableClock();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Rollups:LeaseSeconds"] = leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .Build();
        var store = new LeaseStore(api.Factory.Services.GetRequiredService<IServiceScopeFactory>(), new NodeIdentity(id), clock, configuration, NullLogger<LeaseStore>.Instance);
        return (store, clock);
    }

    private async Task<Lease> RowAsync(string name)
    {
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        return await db.Leases.AsNoTracking().SingleAsync(l => l.Name == name);
    }
}

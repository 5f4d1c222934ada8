using System.Collections.Concurrent;
using System.Diagnostics;
using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CredibilityApi.Data;

/// <summary>
/// A named piece of background work that one node at a time may do (apply the rollup queue, refit methodology v2,
/// clean up idempotency records): the row says which node holds it and until when.
/// </summary>
public sealed class Lease
{
    public string Name { get; set; } = "";

    /// <summary>The holder's <see cref="NodeIdentity"/>; empty for a lease no node has held yet or one released.</summary>
    public string Owner { get; set; } = "";

    /// <summary>When the current owner took it over (kept through renewals).</summary>
    public DateTime AcquiredAt { get; set; }

    /// <summary>Another node may take the lease over once this has passed.</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>Counts hand-overs: one more each time the lease passes to another owner (or back after a release).</summary>
    public long Generation { get; set; }
}

internal sealed class LeaseConfiguration : IEntityTypeConfiguration<Lease>
{
    public void Configure(EntityTypeBuilder<Lease> builder)
    {
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(Limits.KeyLength);
        builder.Property(l => l.Owner).HasMaxLength(NodeIdentity.MaxLength);
    }
}

/// <summary>
/// This process among the nodes sharing the database: <c>Node:Id</c>, or by default the machine name, the process id
/// and a random suffix, so two apps in one process (as the tests run them) are two nodes too.
/// </summary>
public sealed record NodeIdentity(string Id)
{
    public const int MaxLength = 200;

    public static NodeIdentity From(IConfiguration configuration)
    {
        var configured = configuration["Node:Id"];
        var id = string.IsNullOrWhiteSpace(configured)
            ? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}"
            : configured.Trim();
        return new NodeIdentity(id.Length <= MaxLength ? id : id[..MaxLength]);
    }
}

/// <summary>
/// Leases in the database (<see cref="Lease"/>), claimed with a conditional update: a node takes a lease it holds
/// already or whose expiry has passed, and the database's row count says whether it won. The holder renews when a
/// third of the lease has gone by (<c>Rollups:LeaseSeconds</c>, default 10), so a holder that stops renewing (killed,
/// cut off) is replaced after at most the lease's length. Times come from each node's clock, which must agree to
/// well under the lease's length (NTP does).
/// </summary>
public sealed class LeaseStore(IServiceScopeFactory scopes, NodeIdentity node, TimeProvider clock, IConfiguration configuration, ILogger<LeaseStore> logger)
{
    /// <summary>The rollup applier (<see cref="Aggregation.RollupApplier"/>).</summary>
    public const string Rollups = "rollups";

    /// <summary>Methodology v2's background refit (<see cref="Aggregation.V2Refitter"/>).</summary>
    public const string Refit = "v2-refit";

    /// <summary>The hourly deletion of expired idempotency records.</summary>
    public const string IdempotencyCleanup = "idempotency-cleanup";

    /// <summary>The first start's bootstrap (admin account, backfills), so that nodes starting together do it once.</summary>
    public const string Bootstrap = "bootstrap";

    /// <summary>Expiry of each lease this node last claimed or renewed; absent when it does not hold it.</summary>
    private readonly ConcurrentDictionary<string, DateTime> _held = new(StringComparer.Ordinal);

    public TimeSpan Duration { get; } = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Rollups:LeaseSeconds", 10.0), 0.5, 600));

    public string NodeId => node.Id;

    /// <summary>True while this node holds <paramref name="name"/> as far as it knows (it renewed it and the expiry has not passed).</summary>
    public bool Holds(string name) => _held.TryGetValue(name, out var expires) && expires > Now();

    /// <summary>
    /// Takes or renews the lease; true when this node holds it afterwards. Cheap when nothing is due: a holder whose
    /// lease has more than two thirds left answers from memory, and a node that finds another's unexpired lease
    /// only reads the row.
    /// </summary>
    public async Task<bool> TryAcquireAsync(string name, CancellationToken ct, TimeSpan? duration = null)
    {
        var length = duration ?? Duration;
        var now = Now();
        if (_held.TryGetValue(name, out var expires) && expires - now > length * 2 / 3)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var row = await db.Leases.AsNoTracking().SingleOrDefaultAsync(l => l.Name == name, ct);
        if (row is null)
        {
            // The first claim anywhere: a row that has always expired, then the same update as every other claim.
            db.Leases.Add(new Lease { Name = name, Owner = "", AcquiredAt = DateTime.UnixEpoch, ExpiresAt = DateTime.UnixEpoch });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (Infrastructure.DbErrors.IsUniqueViolation(e))
            {
                // Another node inserted it first; the update below decides.
            }

            db.ChangeTracker.Clear();
        }
        else if (row.Owner != node.Id && row.ExpiresAt >= now)
        {
            Lost(name, row.Owner);
            return false;
        }

        var until = now + length;
        var me = node.Id;
        var claimed = await db.Leases
            .Where(l => l.Name == name && (l.Owner == me || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.AcquiredAt, l => l.Owner == me ? l.AcquiredAt : now)
                .SetProperty(l => l.Generation, l => l.Owner == me ? l.Generation : l.Generation + 1)
                .SetProperty(l => l.Owner, me)
                .SetProperty(l => l.ExpiresAt, until), ct);
        if (claimed == 0)
        {
            var winner = await db.Leases.AsNoTracking().Where(l => l.Name == name).Select(l => l.Owner).SingleOrDefaultAsync(ct);
            Lost(name, winner ?? "");
            return false;
        }

        if (!_held.ContainsKey(name))
        {
            var generation = await db.Leases.AsNoTracking().Where(l => l.Name == name).Select(l => l.Generation).SingleAsync(ct);
            logger.LogInformation("Node {NodeId} acquired lease {Lease} (generation {Generation}) until {ExpiresAt:O}", me, name, generation, until);
        }

        _held[name] = until;
        return true;
    }

    /// <summary>
    /// Runs <paramref name="work"/> if this node holds (or can take) the lease, renewing it meanwhile; the token handed
    /// to the work is cancelled if a renewal finds the lease lost. False when another node holds it. The lease lasts
    /// <paramref name="duration"/> (default <see cref="Duration"/>) from each claim.
    /// </summary>
    public async Task<bool> RunAsHolderAsync(string name, Func<CancellationToken, Task> work, CancellationToken ct, TimeSpan? duration = null)
    {
        if (!await TryAcquireAsync(name, ct, duration))
        {
            return false;
        }

        using var lost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var done = new CancellationTokenSource();
        var renewing = RenewWhileAsync(name, duration ?? Duration, lost, done.Token);
        try
        {
            await work(lost.Token);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Node {NodeId} stopped its work under lease {Lease}: the lease was lost", node.Id, name);
        }
        finally
        {
            await done.CancelAsync();
            await renewing;
        }

        return true;
    }

    /// <summary>Gives the lease up at once (on shutdown, or after work done on demand), so another node need not wait for it to expire.</summary>
    /// <summary>
    /// Releases the lease when a node stops, so the others need not wait for it to expire; a failure is only logged,
    /// since the lease then expires on its own.
    /// </summary>
    public async Task ReleaseOnStopAsync(string name, ILogger logger, CancellationToken ct)
    {
        try
        {
            await ReleaseAsync(name, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not release lease {Lease}; it expires on its own", name);
        }
    }

    public async Task ReleaseAsync(string name, CancellationToken ct = default)
    {
        if (!_held.TryRemove(name, out _))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var me = node.Id;
        await db.Leases.Where(l => l.Name == name && l.Owner == me)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, "").SetProperty(l => l.ExpiresAt, DateTime.UnixEpoch), ct);
        logger.LogInformation("Node {NodeId} released lease {Lease}", me, name);
    }

    /// <summary>
    /// The first start's one-node-at-a-time section: waits (up to <paramref name="timeout"/>) to hold
    /// <paramref name="name"/>, runs <paramref name="work"/>, and releases it; a node that waited then finds the work
    /// done (the work checks).
    /// </summary>
    public async Task RunExclusiveAsync(string name, TimeSpan timeout, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (!await RunAsHolderAsync(name, work, ct))
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Lease {name} was not free within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }

        await ReleaseAsync(name, ct);
    }

    private async Task RenewWhileAsync(string name, TimeSpan duration, CancellationTokenSource lost, CancellationToken done)
    {
        try
        {
            while (!done.IsCancellationRequested)
            {
                await Task.Delay(duration / 3, done);
                if (!await TryAcquireAsync(name, done, duration))
                {
                    await lost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            // The work is over; the lease stays with this node until it expires or the next claim renews it.
        }
        catch (Exception e)
        {
            // A renewal that cannot reach the database cannot vouch for the lease: the work stops.
            logger.LogWarning(e, "Node {NodeId} could not renew lease {Lease}", node.Id, name);
            await lost.CancelAsync();
        }
    }

    private void Lost(string name, string owner)
    {
        if (_held.TryRemove(name, out _))
        {
            logger.LogWarning("Node {NodeId} lost lease {Lease} to {Owner}", node.Id, name, owner);
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

namespace CredibilityApi.Aggregation.Read;

/// <summary>
/// Bounds how many score computations (a series or chart not in the cache, a ranking, an agreement report) a node
/// runs at once: <c>Scores:ConcurrentComputations</c>, default twice the processor count. They are CPU-bound once
/// their inputs are read, so more at once adds no throughput on a node, only memory: 50 concurrent 5-year weekly
/// series held about 250 MiB of managed heap and 50 SQLite page caches at once (issue 13's memory target). The
/// others wait for a slot, in order, holding only their request; a series served from the cache takes none. Not
/// disposable: its semaphore holds no handle (none is asked for), and a request still running at shutdown must be able
/// to give its slot back.
/// </summary>
public sealed class ScoreComputations
{
    private readonly SemaphoreSlim _slots;

    public ScoreComputations(IConfiguration configuration)
    {
        Slots = Math.Clamp(configuration.GetValue("Scores:ConcurrentComputations", 2 * Environment.ProcessorCount), 1, 1024);
        _slots = new SemaphoreSlim(Slots, Slots);
    }

    /// <summary>How many computations run at once.</summary>
    public int Slots { get; }

    /// <summary>How many slots are free now.</summary>
    public int Free => _slots.CurrentCount;

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async ValueTask<Slot> EnterAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        return new Slot(_slots);
    }

    /// <summary>A slot of <paramref name="computations"/>, or none when there are none to bound (a caller outside a node).</summary>
    public static async ValueTask<Slot?> EnterAsync(ScoreComputations? computations, CancellationToken ct) =>
        computations is null ? null : await computations.EnterAsync(ct);

    /// <summary>A slot held; disposing it frees the slot.</summary>
    public readonly struct Slot(SemaphoreSlim slots) : IDisposable
    {
        public void Dispose() => slots.Release();
    }
}

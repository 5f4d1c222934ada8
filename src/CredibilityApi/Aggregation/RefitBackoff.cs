namespace CredibilityApi.Aggregation;

/// <summary>
/// How long the background worker leaves a dimension whose refit failed before it tries that dimension again: 5 s after
/// the first failure, doubling with each failure in a row up to 5 minutes, and forgotten after a success. The worker
/// refits the other stale dimensions meanwhile.
/// <para>
/// Without it, a dimension whose refit kept failing was tried again every 5 s. Each try reads the dimension's every
/// rating, which is seconds of CPU on a large history. And the dimensions after it in name order were never refitted,
/// because the worker takes the first stale dimension each round. The previous fit stays in use throughout, and reads
/// say when it was computed. Per node and in memory: another node that takes the lease starts with a clean slate.
/// </para>
/// </summary>
internal sealed class RefitBackoff(TimeProvider clock)
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, (int Failures, DateTimeOffset RetryAt)> _failed = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Records a failed refit of <paramref name="dimension"/>; returns how long it is left alone.</summary>
    public TimeSpan Failed(string dimension)
    {
        lock (_lock)
        {
            var failures = (_failed.TryGetValue(dimension, out var before) ? before.Failures : 0) + 1;
            var wait = TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << Math.Min(failures - 1, 20)));
            _failed[dimension] = (failures, clock.GetUtcNow() + wait);
            return wait;
        }
    }

    /// <summary>Forgets the failures of <paramref name="dimension"/>: its next failure waits <see cref="First"/> again.</summary>
    public void Succeeded(string dimension)
    {
        lock (_lock)
        {
            _failed.Remove(dimension);
        }
    }

    /// <summary>How many refits of <paramref name="dimension"/> failed in a row (0 after a success).</summary>
    public int Failures(string dimension)
    {
        lock (_lock)
        {
            return _failed.TryGetValue(dimension, out var state) ? state.Failures : 0;
        }
    }

    /// <summary>Whether <paramref name="dimension"/> failed and its wait has not ended yet.</summary>
    public bool Waiting(string dimension)
    {
        lock (_lock)
        {
            return _failed.TryGetValue(dimension, out var state) && clock.GetUtcNow() < state.RetryAt;
        }
    }
}

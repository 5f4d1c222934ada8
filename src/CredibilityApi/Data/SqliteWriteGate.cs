using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CredibilityApi.Data;

/// <summary>
/// SQLite lets one transaction write at a time. Writers of this process queue here, asynchronously and in
/// order, before they begin a transaction, instead of all beginning at once and all but one waiting inside
/// SQLite: a waiter there sleeps on its thread (taking a thread-pool thread from every other request) and
/// wakes on its own schedule, leaving the lock idle in between. Here the next writer starts the moment the
/// last one commits, and a waiting request holds no thread. Readers are not gated (WAL lets them run beside
/// the writer). The gate opens when the transaction commits, rolls back or fails, or at the latest when its
/// connection closes, so a transaction disposed without either cannot keep it shut. One gate per database
/// file; another process writing the same file is still handled by SQLite's busy timeout.
/// </summary>
internal sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbConnectionInterceptor
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<DbContext, Holder> Held = [];

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        var gate = GateOf(connection);
        gate.Wait();
        Hold(eventData.Context, gate);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        var gate = GateOf(connection);
        await gate.WaitAsync(cancellationToken);
        Hold(eventData.Context, gate);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(eventData.Context);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    private static SemaphoreSlim GateOf(DbConnection connection) => For(connection.DataSource);

    /// <summary>The gate of a database file: whoever holds it is the only writer of this process (<see cref="SqliteCheckpointer"/> takes it too).</summary>
    internal static SemaphoreSlim For(string dataSource) =>
        Gates.GetOrAdd(Path.GetFullPath(dataSource), _ => new SemaphoreSlim(1, 1));

    private static void Hold(DbContext? context, SemaphoreSlim gate)
    {
        if (context is null)
        {
            gate.Release();
            return;
        }

        Held.AddOrUpdate(context, new Holder(gate));
    }

    private static void Release(DbContext? context)
    {
        if (context is not null && Held.TryGetValue(context, out var holder) && Held.Remove(context))
        {
            holder.Gate.Release();
        }
    }

    private sealed record Holder(SemaphoreSlim Gate);
}

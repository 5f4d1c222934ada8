using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CredibilityApi.Data;

/// <summary>
/// On SQL Server a transaction's isolation level is a setting of the session, and it outlives the transaction: a
/// pooled connection that ran the rollup applier's SERIALIZABLE transaction would hand SERIALIZABLE to whichever
/// request gets it next (the pool's reset does not restore it on every server version). After any transaction at
/// another level commits, rolls back or fails, and at the latest when EF closes its connection (a transaction
/// disposed after an error raises no event of its own), this sets the session back to READ COMMITTED, before the
/// connection returns to the pool.
/// </summary>
internal sealed class SqlServerIsolationReset : DbTransactionInterceptor, IDbConnectionInterceptor
{
    private const string Reset = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED;";

    /// <summary>Connections whose session was raised to another level and not yet set back.</summary>
    private static readonly ConditionalWeakTable<DbConnection, object> Raised = [];

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Remember(connection, result);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Remember(connection, result);
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => ResetAsync(ConnectionOf(eventData), async: false).GetAwaiter().GetResult();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ResetAsync(ConnectionOf(eventData), async: true);

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => ResetAsync(ConnectionOf(eventData), async: false).GetAwaiter().GetResult();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ResetAsync(ConnectionOf(eventData), async: true);

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => ResetAsync(ConnectionOf(eventData), async: false).GetAwaiter().GetResult();

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        ResetAsync(ConnectionOf(eventData), async: true);

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ResetAsync(connection, async: false).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        await ResetAsync(connection, async: true);
        return result;
    }

    private static DbConnection? ConnectionOf(TransactionEventData eventData) => eventData.Context?.Database.GetDbConnection();

    private static void Remember(DbConnection connection, DbTransaction transaction)
    {
        if (transaction.IsolationLevel is not (IsolationLevel.ReadCommitted or IsolationLevel.Unspecified))
        {
            Raised.AddOrUpdate(connection, Reset);
        }
    }

    private static async Task ResetAsync(DbConnection? connection, bool async)
    {
        if (connection is null || !Raised.Remove(connection) || connection.State != ConnectionState.Open)
        {
            // A closed connection was not returned to the pool open with a raised level (a broken one is discarded).
            return;
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Reset;
            if (async)
            {
                await command.ExecuteNonQueryAsync();
            }
            else
            {
                command.ExecuteNonQuery();
            }
        }
        catch (InvalidOperationException)
        {
            // A failed commit can leave the transaction pending, and SqlClient runs nothing outside it: the reset
            // happens when the connection closes instead.
            Raised.AddOrUpdate(connection, Reset);
        }
        catch (DbException)
        {
            // Better to open new connections than to hand out one whose level is unknown.
            if (connection is SqlConnection sql)
            {
                SqlConnection.ClearPool(sql);
            }
        }
    }
}

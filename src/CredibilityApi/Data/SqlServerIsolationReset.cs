using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CredibilityApi.Data;

/// <summary>
/// On SQL Server a transaction's isolation level is a setting of the session, and it outlives the transaction: a
/// pooled connection that ran the rollup applier's SERIALIZABLE transaction would hand SERIALIZABLE to whichever
/// request gets it next (the pool's reset does not restore it on every server version). After any transaction at
/// another level commits or rolls back, this sets the session back to READ COMMITTED, before EF closes the
/// connection and it returns to the pool.
/// </summary>
internal sealed class SqlServerIsolationReset : DbTransactionInterceptor
{
    private const string Reset = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED;";

    /// <summary>The connection of each transaction that needs the reset: a committed transaction no longer knows it.</summary>
    private static readonly ConditionalWeakTable<DbTransaction, DbConnection> Raised = [];

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

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => ResetAsync(transaction, async: false).GetAwaiter().GetResult();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ResetAsync(transaction, async: true);

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => ResetAsync(transaction, async: false).GetAwaiter().GetResult();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ResetAsync(transaction, async: true);

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => ResetAsync(transaction, async: false).GetAwaiter().GetResult();

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        ResetAsync(transaction, async: true);

    private static void Remember(DbConnection connection, DbTransaction transaction)
    {
        if (transaction.IsolationLevel is not (IsolationLevel.ReadCommitted or IsolationLevel.Unspecified))
        {
            Raised.AddOrUpdate(transaction, connection);
        }
    }

    private static async Task ResetAsync(DbTransaction transaction, bool async)
    {
        if (!Raised.TryGetValue(transaction, out var connection) || !Raised.Remove(transaction) || connection.State != ConnectionState.Open)
        {
            // A broken connection is not returned to the pool, so it needs no reset.
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

using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CredibilityApi.Data;

/// <summary>
/// SQLite only: EF Core creates the context's connection itself, without the SQL functions its SQLite provider would
/// register on it (<c>regexp</c>, the <c>ef_*</c> decimal arithmetic and aggregates, the <c>EF_DECIMAL</c> collation).
/// <para>
/// Why (issue 13): Microsoft.Data.Sqlite binds a connection's functions to the native connection again on every open, and
/// a pooled context opens its connection several times a request (each query and each save outside a transaction). Each
/// binding allocates a SQLitePCL <c>hook_handle</c> that is never disposed: a write run finalised 531,380 of them in 12
/// seconds (52 a rating), and the finalizer thread took 17% of the process's CPU samples
/// (docs/benchmarks/finalizers-2026-12-06.md). The model has no <see cref="decimal"/> property and no query uses
/// <c>Regex.IsMatch</c>, the only translations that call those functions. <c>Conventions/ModelTests</c> guards the
/// first (a decimal property); a query with a decimal cast or a regular expression would fail here with "no such
/// function", which the integration tests, run on the app's connections, would show.
/// </para>
/// </summary>
internal sealed class SqlitePlainConnections : DbConnectionInterceptor
{
    public static readonly SqlitePlainConnections Instance = new();

    public override InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
        result.HasResult ? result : InterceptionResult<DbConnection>.SuppressWithResult(new SqliteConnection(eventData.ConnectionString));
}

namespace CredibilityApi.Data;

/// <summary>
/// The context for reads that stream many rows: the exports. On SQL Server the app's context retries failed
/// commands (<c>EnableRetryOnFailure</c>), and EF then reads a query's whole result into memory before it hands
/// over the first row, so that a retry cannot return rows twice (dotnet/efcore#23721: buffering is forced while a
/// retrying strategy is in use, with no opt-out). This context has no retrying strategy: rows go out as they are
/// read, in constant memory. An export cut off by a transient error then fails instead of being retried, and the
/// client asks for the page again with the same cursor. On SQLite, which has no retrying strategy, this is the
/// request's own context.
/// </summary>
public sealed class StreamingReads(CredibilityDbContext db, bool owned) : IAsyncDisposable, IDisposable
{
    public CredibilityDbContext Db => db;

    public ValueTask DisposeAsync() => owned ? db.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>For scopes disposed synchronously (FastEndpoints resolves endpoints once at start-up in one).</summary>
    public void Dispose()
    {
        if (owned)
        {
            db.Dispose();
        }
    }
}

namespace CredibilityApi.Domain;

/// <summary>
/// A mutable resource with a revision counter. The counter is the concurrency token and the source of
/// the resource's ETag, so every change must go through <see cref="Touch"/>.
/// </summary>
public abstract class VersionedEntity
{
    public string Id { get; protected init; } = "";
    public int Version { get; private set; } = 1;
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    protected void Created(DateTime now)
    {
        CreatedAt = now;
        UpdatedAt = now;
    }

    /// <summary>
    /// Keeps the instants a resource had where it came from (a migration from another instance), instead of
    /// the import's. Only for a resource being created; see the import's <c>keepTimestamps</c>.
    /// </summary>
    public void KeepTimestamps(DateTime createdAt, DateTime updatedAt)
    {
        if (updatedAt < createdAt)
        {
            throw new DomainException("A resource cannot be updated before it was created.");
        }

        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
    }

    protected void Touch(DateTime now)
    {
        Version++;
        UpdatedAt = now;
    }
}

/// <summary>Thrown when a change would break an entity's invariant; the API answers it as 422.</summary>
public sealed class DomainException(string message) : Exception(message);

namespace CredibilityApi.Infrastructure;

public static class Instants
{
    /// <summary>
    /// An instant from a query string as UTC. A value without an offset is taken as UTC, as the API
    /// documents, never as the server's local time.
    /// </summary>
    public static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => value,
    };
}

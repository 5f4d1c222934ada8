namespace CredibilityApi.Domain;

/// <summary>
/// The first response to a POST sent with an <c>Idempotency-Key</c>, kept in the database so any node
/// can replay it. A record without a status is a request still in flight.
/// </summary>
public sealed class IdempotencyRecord
{
    public string AccountId { get; set; } = "";
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public byte[]? Body { get; set; }
}

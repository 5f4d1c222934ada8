namespace CredibilityApi.Domain;

/// <summary>
/// The first response to a POST sent with an <c>Idempotency-Key</c>, kept in the database so any node
/// can replay it. A record without a status is a request still in flight, or one whose process died.
/// </summary>
public sealed class IdempotencyRecord
{
    public string AccountId { get; set; } = "";
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    /// <summary>When the request began, or was last taken over after its first attempt died.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Set in the same transaction as the request's own writes, so a record without a status tells whether
    /// the request changed anything before its process died.
    /// </summary>
    public DateTime? AppliedAt { get; set; }
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public byte[]? Body { get; set; }
}

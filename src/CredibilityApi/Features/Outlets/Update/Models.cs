using FastEndpoints;

namespace CredibilityApi.Features.Outlets.Update;

/// <summary>The outlet's full new description; fields left out are cleared.</summary>
public sealed class Request : OutletFields
{
    /// <summary>The outlet's id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The ETag the update is based on (required; 428 without it, 412 when stale).</summary>
    [FromHeader("If-Match", isRequired: false)]
    [System.Text.Json.Serialization.JsonIgnore]
    public string? IfMatch { get; init; }
}

public sealed class Validator : OutletFieldsValidator<Request>;

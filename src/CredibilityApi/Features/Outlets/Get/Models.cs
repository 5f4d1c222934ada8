namespace CredibilityApi.Features.Outlets.Get;

public sealed class Request
{
    /// <summary>The outlet's id.</summary>
    public string Id { get; init; } = "";
}

namespace CredibilityApi.Features.Campaigns.Close;

public sealed class Request
{
    /// <summary>The campaign's id.</summary>
    public string Id { get; init; } = "";
}

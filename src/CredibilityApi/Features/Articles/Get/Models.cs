namespace CredibilityApi.Features.Articles.Get;

public sealed class Request
{
    /// <summary>The article's id.</summary>
    public string Id { get; init; } = "";
}

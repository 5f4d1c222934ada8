using CredibilityApi.Client;

namespace CredibilityApi.Tests.Infrastructure;

/// <summary>
/// One running app for the integration tests, with an account of each role. Tests own their data:
/// every test registers outlets under domains of its own.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public ApiFactory Factory { get; } = new();

    public CredibilityApiClient Admin { get; private set; } = null!;
    public CredibilityApiClient Annotator { get; private set; } = null!;
    public CredibilityApiClient OtherAnnotator { get; private set; } = null!;
    public CredibilityApiClient Researcher { get; private set; } = null!;

    public string AnnotatorKey { get; private set; } = "";
    public string ResearcherKey { get; private set; } = "";
    public Account AnnotatorAccount { get; private set; } = null!;
    public Account OtherAnnotatorAccount { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Admin = Factory.CreateApiClient(ApiFactory.AdminKey);
        (AnnotatorAccount, AnnotatorKey) = await CreateAccountAsync("Ana Annotator", Role.Annotator);
        (OtherAnnotatorAccount, var otherKey) = await CreateAccountAsync("Omar Annotator", Role.Annotator);
        (_, ResearcherKey) = await CreateAccountAsync("Rita Researcher", Role.Researcher);
        Annotator = Factory.CreateApiClient(AnnotatorKey);
        OtherAnnotator = Factory.CreateApiClient(otherKey);
        Researcher = Factory.CreateApiClient(ResearcherKey);
    }

    public async Task<(Account Account, string Key)> CreateAccountAsync(string name, Role role)
    {
        var account = await Admin.CreateAccountAsync(new CreateAccountRequest { Name = name, Role = role });
        var key = await Admin.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "tests" });
        return (account, key.Key);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

/// <summary>Unique names, so tests that share the app never collide.</summary>
public static class Unique
{
    public static string Label() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>A registrable domain no other test uses, such as <c>t1a2b3c4d5e6.example</c>.</summary>
    public static string Domain(string tld = "example") => $"t{Label()}.{tld}";
}

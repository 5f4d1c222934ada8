using System.Security.Cryptography;
using System.Text;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// How keys are kept: a random label apart from the secret, HMAC-SHA-256 under a pepper kept out of the database,
/// configured keys of 32 characters or more, and keys stored before the pepper upgraded on their next use.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiKeyStorageTests(ApiFixture api)
{
    private static string Hmac(string secret) => Convert.ToHexStringLower(
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(ApiFactory.KeyPepper), Encoding.UTF8.GetBytes(secret)));

    [Fact]
    public async Task A_key_prefix_is_not_in_the_secret_and_the_database_holds_only_the_peppered_hash()
    {
        var account = await api.Admin.CreateAccountAsync(new CreateAccountRequest { Name = "Key storage", Role = CredibilityApi.Client.Role.Annotator });
        var issued = await api.Admin.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "laptop" });

        issued.Prefix.ShouldMatch("^key-[a-z2-9]{8}$");
        issued.Key.ShouldNotContain(issued.Prefix[4..]);
        issued.Key.ShouldNotStartWith(issued.Prefix);

        var listed = (await api.Admin.ListKeysAsync(account.Id)).Items.ShouldHaveSingleItem();
        listed.Prefix.ShouldBe(issued.Prefix);

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var row = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == issued.Id);
        row.HashScheme.ShouldBe(KeyHashScheme.HmacSha256);
        row.Hash.ShouldBe(Hmac(issued.Key));
        row.Hash.ShouldNotBe(KeyHasher.LegacyHash(issued.Key));

        // No stored column holds any 8 characters of the secret's random part.
        var stored = string.Join("|", row.Id, row.Prefix, row.Hash, row.Name);
        for (var i = 5; i + 8 <= issued.Key.Length; i++)
        {
            stored.ShouldNotContain(issued.Key.Substring(i, 8));
        }

        (await api.Factory.CreateApiClient(issued.Key).GetMeAsync()).KeyPrefix.ShouldBe(issued.Prefix);
    }

    [Fact]
    public async Task The_configured_bootstrap_key_is_listed_under_a_random_label_not_its_first_characters()
    {
        var me = await api.Admin.GetMeAsync();
        var bootstrap = (await api.Admin.ListKeysAsync(me.AccountId)).Items.Single(k => k.Name == "bootstrap");

        bootstrap.Prefix.ShouldMatch("^key-[a-z2-9]{8}$");
        ApiFactory.AdminKey.ShouldNotContain(bootstrap.Prefix[4..]);
    }

    [Fact]
    public async Task A_key_stored_before_the_pepper_still_works_and_is_rehashed_under_it_on_first_use()
    {
        // As the PepperedKeys migration leaves a key issued before it: plain SHA-256, scheme 'Sha256'.
        var secret = "cred_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var keyId = Ids.New("key");
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO ApiKeys (Id, AccountId, Prefix, Hash, HashScheme, Name, CreatedAt) VALUES ({keyId}, {api.AnnotatorAccount.Id}, {"key-legacy00"}, {KeyHasher.LegacyHash(secret)}, {"Sha256"}, {"old laptop"}, {DateTime.UtcNow})");
        }

        var me = await api.Factory.CreateApiClient(secret).GetMeAsync();
        me.KeyId.ShouldBe(keyId);

        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            var row = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == keyId);
            row.HashScheme.ShouldBe(KeyHashScheme.HmacSha256);
            row.Hash.ShouldBe(Hmac(secret));
        }

        // Still the same key after the upgrade, from the database rather than the cache.
        api.Factory.Services.GetRequiredService<ApiKeyCache>().Forget(keyId);
        (await api.Factory.CreateApiClient(secret).GetMeAsync()).KeyId.ShouldBe(keyId);
    }

    [Fact]
    public async Task A_bootstrap_key_shorter_than_32_characters_stops_the_start_with_a_clear_message()
    {
        await using var factory = new ShortBootstrapKeyFactory();
        var e = Should.Throw<InvalidOperationException>(() => factory.CreateHttpClient(apiKey: null));
        e.Message.ShouldContain("Auth:BootstrapAdminKey must have at least 32 characters");
    }

    private sealed class ShortBootstrapKeyFactory : ApiFactory
    {
        protected override string? BootstrapAdminKey => "cred_only_31_characters_long_00";
    }
}

/// <summary>Where the pepper comes from when <c>Auth:KeyPepper</c> is not set.</summary>
public sealed class KeyPepperTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("credibility-pepper-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IConfiguration Settings(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void With_a_SQLite_file_the_pepper_is_created_once_beside_it_readable_by_its_owner_only_and_reused()
    {
        var settings = Settings(("ConnectionStrings:Credibility", "Data Source=data/credibility.db"));
        var first = KeyPepper.CreateHasher(settings, _folder);
        var second = KeyPepper.CreateHasher(settings, _folder);

        var file = Path.Combine(_folder, "data", "credibility.db.key-pepper");
        File.Exists(file).ShouldBeTrue();
        File.ReadAllText(file).Length.ShouldBeGreaterThanOrEqualTo(KeyHasher.MinimumSecretLength);
        second.Hash("cred_x").ShouldBe(first.Hash("cred_x"));
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void Nodes_starting_together_on_one_file_agree_on_one_pepper()
    {
        var path = Path.Combine(_folder, "race.db.key-pepper");
        var peppers = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ => KeyPepper.ReadOrCreate(path)).ToList();
        peppers.Distinct().ShouldHaveSingleItem();
    }

    [Fact]
    public void A_configured_pepper_wins_and_must_have_32_characters()
    {
        var pepper = new string('p', 32);
        KeyPepper.CreateHasher(Settings(("Auth:KeyPepper", pepper)), _folder).Hash("cred_x").ShouldBe(new KeyHasher(pepper).Hash("cred_x"));
        Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).ShouldBeEmpty();

        Should.Throw<InvalidOperationException>(() => KeyPepper.CreateHasher(Settings(("Auth:KeyPepper", new string('p', 31))), _folder))
            .Message.ShouldContain("at least 32 characters");
    }

    [Fact]
    public void SQL_Server_without_a_configured_pepper_refuses_to_start()
    {
        var settings = Settings(("Database:Provider", "SqlServer"), ("ConnectionStrings:Credibility", "Server=db;Database=x"));
        Should.Throw<InvalidOperationException>(() => KeyPepper.CreateHasher(settings, _folder)).Message.ShouldContain("Auth:KeyPepper is required with SQL Server");
    }
}

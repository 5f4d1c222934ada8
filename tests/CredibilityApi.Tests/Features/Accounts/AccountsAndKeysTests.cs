using System.Net.Http.Json;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Accounts;

[Collection(ApiCollection.Name)]
public sealed class AccountsAndKeysTests(ApiFixture api)
{
    [Fact]
    public async Task An_issued_key_identifies_its_account_on_me()
    {
        var (account, key) = await api.CreateAccountAsync("Keyed " + Unique.Label(), Role.Researcher);

        var me = await api.Factory.CreateApiClient(key).GetMeAsync();

        me.AccountId.ShouldBe(account.Id);
        me.Role.ShouldBe(Role.Researcher);
        me.KeyPrefix.ShouldStartWith("key-");
        key.ShouldNotContain(me.KeyPrefix[4..]);
    }

    [Fact]
    public async Task A_revoked_key_is_401_at_once_and_stays_listed_without_its_secret()
    {
        var (account, key) = await api.CreateAccountAsync("Revoked " + Unique.Label(), Role.Annotator);
        var client = api.Factory.CreateApiClient(key);
        var me = await client.GetMeAsync();

        var revoked = await client.RevokeKeyAsync(account.Id, me.KeyId);

        revoked.RevokedAt.ShouldNotBeNull();
        var e = await client.GetMeAsync().ShouldFailWith(401);
        e.Response!.ShouldContain("revoked");
        var listed = await api.Admin.ListKeysAsync(account.Id);
        listed.Items.Single(k => k.Id == me.KeyId).RevokedAt.ShouldNotBeNull();
        (await api.Factory.CreateHttpClient(ApiFactory.AdminKey).GetStringAsync($"/api/v1/accounts/{account.Id}/keys")).ShouldNotContain(key);
    }

    [Fact]
    public async Task A_key_that_has_expired_is_401()
    {
        var (account, _) = await api.CreateAccountAsync("Expiring " + Unique.Label(), Role.Researcher);
        var issued = await api.Admin.IssueKeyAsync(account.Id, new IssueKeyRequest { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(2) });
        var client = api.Factory.CreateApiClient(issued.Key);
        (await client.GetMeAsync()).KeyExpiresAt.ShouldNotBeNull();

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var e = await client.GetMeAsync().ShouldFailWith(401);
        e.Response!.ShouldContain("expired");
    }

    [Fact]
    public async Task An_expiry_in_the_past_is_422()
    {
        await api.Admin.IssueKeyAsync(api.AnnotatorAccount.Id, new IssueKeyRequest { ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1) })
            .ShouldFailWith(422);
    }

    [Fact]
    public async Task A_user_may_issue_and_revoke_their_own_keys_but_not_another_users()
    {
        var own = await api.Annotator.IssueKeyAsync(api.AnnotatorAccount.Id, new IssueKeyRequest { Name = "second laptop" });
        own.Key.ShouldNotBeNullOrEmpty();
        (await api.Annotator.ListKeysAsync(api.AnnotatorAccount.Id)).Items.ShouldContain(k => k.Id == own.Id);
        await api.Annotator.RevokeKeyAsync(api.AnnotatorAccount.Id, own.Id);

        await api.Annotator.IssueKeyAsync(api.OtherAnnotatorAccount.Id, new IssueKeyRequest()).ShouldFailWith(403);
        await api.Annotator.ListKeysAsync(api.OtherAnnotatorAccount.Id).ShouldFailWith(403);
    }

    [Fact]
    public async Task A_403_for_a_role_names_the_roles_that_may()
    {
        var e = await api.Researcher.RegisterOutletAsync(Requests.Outlet(Unique.Domain())).ShouldFailWith(403);
        e.Response!.ShouldContain("Only admin or annotator may do this; your role is researcher.");
        e.Headers["Content-Type"].Single().ShouldStartWith("application/problem+json");
    }

    [Fact]
    public async Task Only_admins_create_and_list_accounts()
    {
        await api.Annotator.CreateAccountAsync(new CreateAccountRequest { Name = "Nope", Role = Role.Admin }).ShouldFailWith(403);
        var refused = await api.Researcher.ListAccountsAsync().ShouldFailWith(403);
        refused.Response!.ShouldContain("Only admin may do this; your role is researcher.");

        var page = await api.Admin.ListAccountsAsync(role: Role.Annotator, limit: 500);
        page.Items.ShouldContain(a => a.Id == api.AnnotatorAccount.Id);
        page.Items.ShouldAllBe(a => a.Role == Role.Annotator);
    }

    [Fact]
    public async Task An_account_needs_a_name_and_a_role()
    {
        var http = api.Factory.CreateHttpClient(ApiFactory.AdminKey);
        var response = await http.PostAsJsonAsync("/api/v1/accounts", new { name = "", email = "not-an-email" });

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>();
        problem!.Errors!.Select(x => x.Name).ShouldBe(["name", "email", "role"], ignoreOrder: true);
    }

    [Fact]
    public async Task Keys_of_an_unknown_account_are_404()
    {
        await api.Admin.ListKeysAsync("acc_missing").ShouldFailWith(404);
        await api.Admin.IssueKeyAsync("acc_missing", new IssueKeyRequest()).ShouldFailWith(404);
        await api.Admin.RevokeKeyAsync(api.AnnotatorAccount.Id, "key_missing").ShouldFailWith(404);
    }

    [Fact]
    public async Task A_created_accounts_location_answers_with_the_account_for_an_admin_and_its_own_user_only()
    {
        var http = api.Factory.CreateHttpClient(ApiFactory.AdminKey);
        var created = await http.PostAsJsonAsync("/api/v1/accounts", new { name = "Located " + Unique.Label(), email = "located@example.org", role = "annotator" });
        created.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        var location = created.Headers.Location!.ToString();

        var read = await http.GetAsync(location);
        read.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var account = await read.Content.ReadFromJsonAsync<Account>();
        location.ShouldBe($"/api/v1/accounts/{account!.Id}");
        (account.Role, account.Email, account.Etag).ShouldBe((Role.Annotator, "located@example.org", "\"1\""));
        read.Headers.ETag!.Tag.ShouldBe("\"1\"");

        // Its own user reads it; another annotator is refused, and no one learns of an id that does not exist.
        var key = await api.Admin.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "own" });
        (await api.Factory.CreateApiClient(key.Key).GetAccountAsync(account.Id)).Name.ShouldBe(account.Name);
        (await api.Annotator.GetAccountAsync(account.Id).ShouldFailWith(403)).Response!.ShouldContain("Only an admin or the account's own user");
        await api.Admin.GetAccountAsync("acc_missing").ShouldFailWith(404);
    }
}

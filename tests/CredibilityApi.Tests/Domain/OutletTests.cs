using CredibilityApi.Domain;

namespace CredibilityApi.Tests.Domain;

public sealed class OutletTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static OutletDetails Details(string primary, params string[] aliases) =>
        new("Outlet", null, primary, aliases, "GB", "en", Ownership.Private, null);

    [Fact]
    public void An_update_keeps_the_domains_that_stay_and_bumps_the_version()
    {
        var outlet = new Outlet(Details("a.example", "b.example", "c.example"), null, Now);
        var kept = outlet.Domains.Single(d => d.Host == "b.example");

        outlet.Update(Details("b.example", "d.example"), Now.AddDays(1));

        outlet.Version.ShouldBe(2);
        outlet.PrimaryDomain.ShouldBe("b.example");
        outlet.Domains.Select(d => d.Host).ShouldBe(["b.example", "d.example"], ignoreOrder: true);
        outlet.Domains.ShouldContain(kept);
        outlet.UpdatedAt.ShouldBe(Now.AddDays(1));
    }

    [Fact]
    public void A_domain_listed_twice_is_refused() =>
        Should.Throw<DomainException>(() => new Outlet(Details("a.example", "a.example"), null, Now));

    [Fact]
    public void A_key_cannot_be_issued_already_expired()
    {
        var account = new Account("x", Role.Researcher, null, Now);
        Should.Throw<DomainException>(() => account.IssueKey(null, Now.AddSeconds(-1), Now));
    }

    [Fact]
    public void An_issued_key_is_stored_only_as_its_hash()
    {
        var account = new Account("x", Role.Researcher, null, Now);
        var (key, secret) = account.IssueKey("laptop", null, Now);

        secret.ShouldStartWith("cred_");
        secret.Length.ShouldBeGreaterThan(40);
        key.Hash.ShouldBe(ApiKey.HashOf(secret));
        key.Hash.ShouldNotContain(secret);
        secret.ShouldStartWith(key.Prefix);
        key.IsActive(Now).ShouldBeTrue();
        key.Revoke(Now);
        key.IsActive(Now).ShouldBeFalse();
    }
}

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
        Should.Throw<DomainException>(() => account.IssueKey(null, Now.AddSeconds(-1), Now, Hasher));
    }

    private static readonly KeyHasher Hasher = new("a-pepper-for-tests-only-0123456789abcdef");

    [Fact]
    public void An_issued_key_is_stored_only_as_its_peppered_hash_and_its_prefix_is_not_part_of_it()
    {
        var account = new Account("x", Role.Researcher, null, Now);
        var (key, secret) = account.IssueKey("laptop", null, Now, Hasher);

        secret.ShouldStartWith("cred_");
        secret.Length.ShouldBeGreaterThan(40);
        key.HashScheme.ShouldBe(KeyHashScheme.HmacSha256);
        key.Hash.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes("a-pepper-for-tests-only-0123456789abcdef"), System.Text.Encoding.UTF8.GetBytes(secret))));
        key.Hash.ShouldNotBe(KeyHasher.LegacyHash(secret));
        new KeyHasher("another-pepper-0123456789abcdefghijkl").Hash(secret).ShouldNotBe(key.Hash);
        key.Hash.ShouldNotContain(secret);

        // The label is random and drawn apart from the secret: not one of its characters after "key-" comes from it.
        key.Prefix.ShouldMatch("^key-[a-z2-9]{8}$");
        secret.ShouldNotContain(key.Prefix[4..]);
        key.IsActive(Now).ShouldBeTrue();
        key.Revoke(Now);
        key.IsActive(Now).ShouldBeFalse();
    }

    [Fact]
    public void A_key_hashes_to_its_peppered_hmac_every_time_on_any_thread_whatever_was_hashed_before()
    {
        // The hasher keeps one keyed HMAC per thread and resets it after each hash: a hash must not carry anything of
        // the one before it, nor of another hasher's pepper.
        var pepper = System.Text.Encoding.UTF8.GetBytes("a-pepper-for-tests-only-0123456789abcdef");
        var other = new KeyHasher("another-pepper-0123456789abcdefghijkl");
        var secrets = Enumerable.Range(0, 200).Select(i => $"cred_{i}_{new string((char)('a' + (i % 26)), i % 70)}").ToList();
        string Expected(string secret) => Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(pepper, System.Text.Encoding.UTF8.GetBytes(secret)));

        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, round =>
        {
            foreach (var secret in round % 2 == 0 ? secrets : Enumerable.Reverse(secrets))
            {
                other.Hash(secret);
                if (Hasher.Hash(secret) != Expected(secret))
                {
                    wrong.Add(secret);
                }
            }
        });

        wrong.ShouldBeEmpty();
        Hasher.Hash("").ShouldBe(Expected(""));
    }

    [Fact]
    public void A_configured_key_or_pepper_shorter_than_32_characters_is_refused()
    {
        var account = new Account("x", Role.Admin, null, Now);
        Should.Throw<DomainException>(() => account.AddKnownKey(new string('k', 31), "bootstrap", Now, Hasher));
        var known = account.AddKnownKey(new string('k', 32), "bootstrap", Now, Hasher);
        known.Prefix.ShouldNotContain("kkkk");
        known.Hash.ShouldBe(Hasher.Hash(new string('k', 32)));
        Should.Throw<ArgumentException>(() => new KeyHasher(new string('p', 31)));
    }

    [Fact]
    public void Key_prefixes_are_drawn_at_random()
    {
        var account = new Account("x", Role.Researcher, null, Now);
        var prefixes = Enumerable.Range(0, 50).Select(_ => account.IssueKey(null, null, Now, Hasher).Key.Prefix).ToHashSet();
        prefixes.Count.ShouldBe(50);
    }
}

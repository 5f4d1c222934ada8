using System.Diagnostics;
using System.Net;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit.Abstractions;

namespace CredibilityApi.Tests.Features.Accounts;

/// <summary>
/// Two apps on one SQLite file stand for two nodes, each with its own key cache (30 s). A key revoked through
/// node A is refused by node B within about a second: B reads the revocation stamp at most once a second and
/// forgets its cached keys when it changed. The bound is wall time, so the class runs alone, after the parallel
/// collections: beside them on two cores it once took 2.8 s (the requests' own time, not the stamp's).
/// </summary>
[Collection(Data.TimingCollection.Name)]
public sealed class RevocationAcrossNodesTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_key_revoked_on_one_node_is_refused_by_another_within_about_a_second()
    {
        await using var nodeA = new ApiFactory();
        await using var nodeB = nodeA.WithWebHostBuilder(_ => { });
        var (account, keyId, key) = await CreateAnnotatorAsync(nodeA);
        using var onA = nodeA.CreateHttpClient(key);
        using var onB = Client(nodeB, key);

        // B has read the key (and the stamp) and answers it from its cache from now on.
        for (var i = 0; i < 3; i++)
        {
            (await onB.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await nodeA.CreateApiClient(ApiFactory.AdminKey).RevokeKeyAsync(account.Id, keyId);
        var revoked = Stopwatch.StartNew();
        (await onA.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var refusedAfter = await RefusedWithinAsync(onB, TimeSpan.FromSeconds(10), revoked);

        output.WriteLine($"Node B refused the revoked key {refusedAfter.TotalMilliseconds:0} ms after the revocation on node A.");
        refusedAfter.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Without_the_stamp_check_the_other_node_keeps_trusting_its_cache()
    {
        // The control: the same two nodes, but B looks at the stamp only once an hour, so only its 30 s cache
        // applies. This is what the first test would see if the stamp did nothing.
        await using var nodeA = new ApiFactory();
        await using var nodeB = nodeA.WithWebHostBuilder(b => b.UseSetting("Auth:RevocationCheckSeconds", "3600"));
        var (account, keyId, key) = await CreateAnnotatorAsync(nodeA);
        using var onB = Client(nodeB, key);
        for (var i = 0; i < 3; i++)
        {
            (await onB.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await nodeA.CreateApiClient(ApiFactory.AdminKey).RevokeKeyAsync(account.Id, keyId);
        var revoked = Stopwatch.StartNew();
        while (revoked.Elapsed < TimeSpan.FromSeconds(3))
        {
            (await onB.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await Task.Delay(100);
        }
    }

    private static async Task<TimeSpan> RefusedWithinAsync(HttpClient client, TimeSpan deadline, Stopwatch since)
    {
        while (since.Elapsed < deadline)
        {
            using var response = await client.GetAsync("/api/v1/me");
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return since.Elapsed;
            }

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            await Task.Delay(50);
        }

        throw new ShouldAssertException($"Node B still accepted the revoked key {deadline.TotalSeconds} s after the revocation.");
    }

    private static async Task<(Account Account, string KeyId, string Key)> CreateAnnotatorAsync(ApiFactory node)
    {
        var admin = node.CreateApiClient(ApiFactory.AdminKey);
        var account = await admin.CreateAccountAsync(new CreateAccountRequest { Name = "Nadia Node", Role = Role.Annotator });
        var key = await admin.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "two nodes" });
        return (account, key.Id, key.Key);
    }

    private static HttpClient Client(WebApplicationFactory<Program> node, string key)
    {
        var http = node.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }
}

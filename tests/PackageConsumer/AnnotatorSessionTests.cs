using System.Reflection;
using System.Runtime.InteropServices;
using CredibilityApi.Client;

namespace PackageConsumer.Tests;

/// <summary>
/// An annotator's session through the packed CredibilityApi.Client, against a running API
/// (<c>CREDIBILITY_URL</c>, and <c>CREDIBILITY_ADMIN_KEY</c> to make the annotator's account). Run by
/// scripts/test-client-package.sh for net8.0 and net10.0, each on its own runtime.
/// </summary>
public sealed class AnnotatorSessionTests
{
    private static string Setting(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run this project with scripts/test-client-package.sh, which starts an API.");

    [Fact]
    public void The_package_is_the_one_under_test_on_the_runtime_of_its_target()
    {
        var client = typeof(CredibilityApiClient).Assembly;
        var expectedMajor = int.Parse(Setting("EXPECTED_RUNTIME_MAJOR"));
        Assert.Equal(expectedMajor, Environment.Version.Major);

        // The assembly came from the package's lib/net8.0 or lib/net10.0, matching the test's target framework.
        var target = client.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName;
        Assert.Equal($".NETCoreApp,Version=v{expectedMajor}.0", target);
        Assert.Equal(Setting("EXPECTED_CLIENT_VERSION"), client.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0]);
        Assert.Contains($".NET {expectedMajor}.", RuntimeInformation.FrameworkDescription);
    }

    [Fact]
    public async Task An_annotator_session_runs_through_the_package()
    {
        var url = new Uri(Setting("CREDIBILITY_URL"));
        var admin = CredibilityApiClient.Create(url, Setting("CREDIBILITY_ADMIN_KEY"));
        var label = Guid.NewGuid().ToString("N")[..10];
        var account = await admin.CreateAccountAsync(new CreateAccountRequest { Name = $"Package annotator {label}", Role = Role.Annotator });
        var key = await admin.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "package test" });
        var api = CredibilityApiClient.Create(url, key.Key);

        var me = await api.GetMeAsync();
        Assert.Equal(account.Id, me.AccountId);

        var domain = $"pkg{label}.example";
        var (outlet, created) = await api.RegisterOrGetOutletAsync(new RegisterOutletRequest { Name = $"Package Gazette {label}", PrimaryDomain = domain, Aliases = [] });
        Assert.True(created);
        var (again, createdAgain) = await api.RegisterOrGetOutletAsync(new RegisterOutletRequest { Name = $"Package Gazette {label}", PrimaryDomain = "www." + domain, Aliases = [] });
        Assert.False(createdAgain);
        Assert.Equal(outlet.Id, again.Id);

        const string Body = "The council said the bridge would reopen in May. A resident said the bridge would reopen in May, but doubted it.";
        var (article, _) = await api.RegisterOrGetArticleAsync(new RegisterArticleRequest
        {
            Url = $"https://{domain}/bridge",
            Title = "Bridge to reopen",
            Authors = [],
            PublishedAt = new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero),
            Body = Body,
        });

        // A quote that occurs twice: the typed problem says so, with its machine code.
        var ambiguous = await Assert.ThrowsAnyAsync<ApiException>(() => api.RegisterClaimAsync(article.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = "the bridge would reopen in May" },
            Claimant = new Claimant { Name = "The council", Type = SourceType.Government },
            Attribution = [],
            Tags = [],
        }));
        Assert.Equal(422, ambiguous.StatusCode);
        Assert.Equal("quote-ambiguous", ambiguous.Problem?.Code);

        var claim = await api.RegisterClaimAsync(article.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = "the bridge would reopen in May", Prefix = "The council said " },
            Claimant = new Claimant { Name = "The council", Type = SourceType.Government },
            Attribution = [],
            Tags = [],
        });
        await api.RateArticleAsync(article.Id, new RateArticleRequest
        {
            Values = [new RatingValue { Dimension = "factual_accuracy", Value = 60 }],
            Tags = [],
        });

        var kinds = new List<AnnotationKind>();
        await foreach (var annotation in api.ListAllAnnotationsAsync(articleId: article.Id, authorId: me.AccountId, pageSize: 1))
        {
            kinds.Add(annotation.Kind);
        }

        Assert.Contains(AnnotationKind.Rating, kinds);

        var exported = new List<string>();
        await foreach (var record in api.ExportAllClaimsAsync(outletId: outlet.Id, pageSize: 1))
        {
            exported.Add(record.Id);
        }

        Assert.Equal([claim.Id], exported);
    }
}

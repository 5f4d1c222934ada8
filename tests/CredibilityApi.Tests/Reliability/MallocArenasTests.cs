using System.Runtime.InteropServices;
using System.Text.Json;
using CredibilityApi.Infrastructure;
using CredibilityApi.Tests.Conventions;
using Microsoft.Extensions.Logging;

namespace CredibilityApi.Tests.Reliability;

/// <summary>
/// glibc's malloc arenas (issue 13's memory target): the cap can only come from the environment the process starts with,
/// so <c>dotnet run</c> sets it and the app says at startup whether it is set.
/// </summary>
public sealed class MallocArenasTests(LoggedApiFactory factory) : IClassFixture<LoggedApiFactory>
{
    [Fact]
    public async Task The_app_says_at_startup_whether_the_arenas_are_capped()
    {
        using var client = factory.CreateClient();
        (await client.GetAsync("/health/ready")).IsSuccessStatusCode.ShouldBeTrue();

        var entries = factory.Logs.Entries.Where(e => e.Message.StartsWith("Malloc arenas", StringComparison.Ordinal)).ToList();
        if (!MallocArenas.OnGlibc.Value)
        {
            entries.ShouldBeEmpty();
            return;
        }

        var entry = entries.ShouldHaveSingleItem();
        entry.Level.ShouldBe(LogLevel.Information);
        var cap = Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX");
        if (string.IsNullOrEmpty(cap))
        {
            entry.Values["MallocArenaMaxRecommended"].ShouldBe(2);
        }
        else
        {
            entry.Values["MallocArenaMax"].ShouldBe(cap);
        }
    }

    [Fact]
    public void Without_the_variable_the_log_says_what_to_set_and_with_it_the_cap()
    {
        var logs = new CapturedLogs();
        var logger = logs.CreateLogger("test");

        MallocArenas.Report(logger, _ => null);
        MallocArenas.Report(logger, name => name == "MALLOC_ARENA_MAX" ? "4" : null);

        var messages = logs.Entries.Select(e => e.Message).ToList();
        if (!MallocArenas.OnGlibc.Value)
        {
            messages.ShouldBeEmpty();
            return;
        }

        messages.Count.ShouldBe(2);
        messages[0].ShouldContain("not capped");
        messages[0].ShouldContain("Set MALLOC_ARENA_MAX=2 in the environment the API starts with");
        messages[1].ShouldBe("Malloc arenas capped at 4 (MALLOC_ARENA_MAX)");
    }

    [Fact]
    public void Glibc_is_recognised_where_the_runtime_says_it_runs_on_glibc()
    {
        // The runtime's own identifier names musl builds ("linux-musl-x64"); every other Linux build is on glibc.
        var glibc = OperatingSystem.IsLinux() && !RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal);

        MallocArenas.OnGlibc.Value.ShouldBe(glibc);
    }

    [Fact]
    public void Dotnet_run_starts_the_api_with_the_recommended_cap()
    {
        var path = Path.Combine(HealthAndDocumentTests.RepoRoot(), "src", "CredibilityApi", "Properties", "launchSettings.json");
        using var settings = JsonDocument.Parse(File.ReadAllText(path));

        var profiles = settings.RootElement.GetProperty("profiles").EnumerateObject().ToList();

        profiles.ShouldNotBeEmpty();
        foreach (var profile in profiles)
        {
            profile.Value.GetProperty("environmentVariables").GetProperty("MALLOC_ARENA_MAX").GetString()
                .ShouldBe(MallocArenas.Recommended.ToString(System.Globalization.CultureInfo.InvariantCulture), $"profile {profile.Name}");
        }
    }
}

using System.Text.Json;
using CredibilityApi.Infrastructure;
using CredibilityApi.Tests.Conventions;
using Microsoft.Extensions.Logging;

namespace CredibilityApi.Tests.Reliability;

/// <summary>
/// The first generation's budget cap (issue 13's memory target) ships in the app's runtimeconfig.json, and the app says at
/// startup what the runtime took. (That the runtime reads <c>System.GC.Gen0MaxBudget</c> from a runtimeconfig.json was
/// checked by hand with <c>GC.GetConfigurationVariables()</c>, docs/benchmarks/gc-budget-2026-12-06.md; the test host runs
/// with its own runtimeconfig, not the API's.)
/// </summary>
public sealed class GcSettingsTests
{
    /// <summary>The built API's runtimeconfig.json, copied beside the tests with the referenced project.</summary>
    private static JsonElement ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "CredibilityApi.runtimeconfig.json");
        File.Exists(path).ShouldBeTrue($"{path} should be copied with the API project");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void The_api_runtimeconfig_caps_the_first_generation_budget_under_server_gc()
    {
        var properties = ConfigProperties();
        properties.TryGetProperty("System.GC.Server", out var server).ShouldBeTrue("the Web SDK's server GC");
        server.GetBoolean().ShouldBeTrue();
        properties.TryGetProperty("System.GC.Gen0MaxBudget", out var budget).ShouldBeTrue("the csproj's RuntimeHostConfigurationOption");
        budget.GetInt64().ShouldBe(GcSettings.Gen0MaxBudget);
    }

    [Fact]
    public void The_api_runtimeconfig_lets_idle_thread_pool_workers_sleep_without_spinning()
    {
        ConfigProperties().TryGetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", out var spin)
            .ShouldBeTrue("the csproj's RuntimeHostConfigurationOption");
        spin.GetInt32().ShouldBe(0);
    }

    [Fact]
    public void The_startup_line_names_the_mode_and_the_cap_and_warns_when_it_is_not_the_project_s()
    {
        var logs = new CapturedLogs();
        var logger = logs.CreateLogger("test");

        GcSettings.Report(logger, new Dictionary<string, object> { ["ServerGC"] = true, ["GCGen0MaxBudget"] = 32L * 1024 * 1024 });
        // What the runtime reports when nothing is set, and an override below a MiB.
        GcSettings.Report(logger, new Dictionary<string, object> { ["ServerGC"] = true, ["GCGen0MaxBudget"] = 200L * 1024 * 1024 });
        GcSettings.Report(logger, new Dictionary<string, object> { ["ServerGC"] = false, ["GCGen0MaxBudget"] = 512L * 1024 });

        logs.Entries.Select(e => (e.Level, e.Message)).ShouldBe(
        [
            (LogLevel.Information, "Garbage collector: server, first-generation budget at most 32 MiB per heap"),
            (LogLevel.Warning, "Garbage collector: server, first-generation budget 200 MiB per heap, not the 32 MiB CredibilityApi.runtimeconfig.json " +
                               "sets (System.GC.Gen0MaxBudget): the runtimeconfig.json was replaced or DOTNET_GCGen0MaxBudget overrides it"),
            (LogLevel.Warning, "Garbage collector: workstation, first-generation budget 0.5 MiB per heap, not the 32 MiB CredibilityApi.runtimeconfig.json " +
                               "sets (System.GC.Gen0MaxBudget): the runtimeconfig.json was replaced or DOTNET_GCGen0MaxBudget overrides it"),
        ]);
    }
}

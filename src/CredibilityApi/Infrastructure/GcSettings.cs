namespace CredibilityApi.Infrastructure;

/// <summary>
/// Reports at startup how the garbage collector is configured, with the first generation's allocation budget the project
/// caps (<c>System.GC.Gen0MaxBudget</c> in CredibilityApi.csproj, written into the runtimeconfig.json). Server GC sizes that
/// budget from the processor's last-level cache, up to 200 MiB per heap; on a 2-core machine with a 260 MiB L3 the rating
/// writes of the load benchmark let some 120 MiB of garbage build up per heap between collections, and the process peaked
/// at 443-485 MiB. With the cap it collects more often (each collection cheap: little of a request's garbage survives) and
/// holds less (issue 13: <c>docs/benchmarks/gc-budget-2026-12-06.md</c>).
/// </summary>
public static class GcSettings
{
    /// <summary>The cap in bytes the project sets (32 MiB).</summary>
    public const long Gen0MaxBudget = 32L * 1024 * 1024;

    /// <summary>The first generation's budget cap in effect, in bytes; null when the runtime reports none.</summary>
    public static long? Gen0Budget(IReadOnlyDictionary<string, object> variables) =>
        variables.TryGetValue("GCGen0MaxBudget", out var value) && value is long bytes && bytes > 0 ? bytes : null;

    public static void Report(ILogger logger, IReadOnlyDictionary<string, object> variables)
    {
        var mode = variables.TryGetValue("ServerGC", out var server) && server is true ? "server" : "workstation";
        if (Gen0Budget(variables) is { } budget)
        {
            logger.LogInformation("Garbage collector: {GcMode}, first-generation budget at most {Gen0BudgetMiB} MiB per heap", mode, budget / (1024 * 1024));
        }
        else
        {
            logger.LogInformation("Garbage collector: {GcMode}, first-generation budget the runtime's default", mode);
        }
    }
}

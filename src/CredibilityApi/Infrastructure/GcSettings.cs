namespace CredibilityApi.Infrastructure;

/// <summary>
/// Reports at startup how the garbage collector is configured, with the first generation's allocation budget the project
/// caps (<c>System.GC.Gen0MaxBudget</c> in CredibilityApi.csproj, written into the runtimeconfig.json). Server GC sizes that
/// budget from the processor's last-level cache, up to 200 MiB per heap, and lets up to that much garbage build between
/// collections; on a 2-core machine with a 260 MiB L3, in five alternated pairs of the load benchmark's rating writes, the
/// GC's committed maximum was lower with the cap every time (183-208 against 197-280 MiB) and the process's peak in four of
/// five (mean 417 against 446 MiB), at about the same throughput (issue 13: <c>docs/benchmarks/gc-budget-2026-12-06.md</c>).
/// The runtime always reports a budget (200 MiB when nothing is set), so a cap that did not arrive (a misspelled setting,
/// a runtimeconfig.json replaced in deployment) is logged as a warning.
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
        var budget = Gen0Budget(variables);
        var mib = budget is { } b ? Math.Round(b / (1024.0 * 1024.0), 1) : (double?)null;
        if (budget == Gen0MaxBudget)
        {
            logger.LogInformation("Garbage collector: {GcMode}, first-generation budget at most {Gen0BudgetMiB} MiB per heap", mode, mib);
        }
        else
        {
            logger.LogWarning(
                "Garbage collector: {GcMode}, first-generation budget {Gen0BudgetMiB} MiB per heap, not the {Gen0BudgetExpectedMiB} MiB " +
                "CredibilityApi.runtimeconfig.json sets (System.GC.Gen0MaxBudget): the runtimeconfig.json was replaced or DOTNET_GCGen0MaxBudget overrides it",
                mode, mib?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", Gen0MaxBudget / (1024 * 1024));
        }
    }
}

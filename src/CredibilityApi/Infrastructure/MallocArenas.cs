namespace CredibilityApi.Infrastructure;

/// <summary>
/// Reports at startup whether glibc's malloc arenas are capped (<c>MALLOC_ARENA_MAX</c>). SQLite allocates its page caches
/// and statements with malloc, from whichever request thread runs them; glibc gives threads arenas of their own, up to
/// eight per core, and memory freed in one arena is not reused by another. Under the load benchmark's rating writes,
/// <c>MALLOC_ARENA_MAX=2</c> kept about 70 MiB less resident memory (peaks of 404 against 475 MiB on average) at the
/// same throughput (issue 13: <c>docs/benchmarks/malloc-arenas-2026-12-06.md</c>). The managed heap is not allocated with malloc and is unaffected.
/// The cap can only be set in the environment the process starts with: glibc caches its arena limit once it creates
/// arenas beyond its first eight, which the runtime's own threads do before any code of the app runs (a <c>mallopt</c>
/// from <c>Main</c>, tried, changed nothing: ten arenas existed by then). <c>dotnet run</c> sets it (launchSettings.json);
/// a deployment sets it beside <c>ASPNETCORE_ENVIRONMENT</c> (README, "Configuration and SQL Server").
/// </summary>
public static class MallocArenas
{
    /// <summary>The cap the docs recommend, and launchSettings.json sets.</summary>
    public const int Recommended = 2;

    /// <summary>Whether this process runs on glibc: Linux with <c>libc.so.6</c> (musl has no such library).</summary>
    public static readonly Lazy<bool> OnGlibc = new(() =>
    {
        if (!OperatingSystem.IsLinux() || !System.Runtime.InteropServices.NativeLibrary.TryLoad("libc.so.6", out var handle))
        {
            return false;
        }

        System.Runtime.InteropServices.NativeLibrary.Free(handle);
        return true;
    });

    /// <summary>Logs whether the cap is set, on glibc (elsewhere, musl or another OS, the setting means nothing).</summary>
    public static void Report(ILogger logger, Func<string, string?> environment)
    {
        if (!OnGlibc.Value)
        {
            return;
        }

        if (environment("MALLOC_ARENA_MAX") is { Length: > 0 } cap)
        {
            logger.LogInformation("Malloc arenas capped at {MallocArenaMax} (MALLOC_ARENA_MAX)", cap);
        }
        else
        {
            logger.LogInformation(
                "Malloc arenas not capped: glibc may keep up to eight per core, which holds SQLite's freed memory apart. " +
                "Set MALLOC_ARENA_MAX={MallocArenaMaxRecommended} in the environment the API starts with (README, \"Configuration and SQL Server\")",
                Recommended);
        }
    }
}

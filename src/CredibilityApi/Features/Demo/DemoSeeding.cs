using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Demo;

public static class DemoSeeding
{
    /// <summary>
    /// The requests the demo suggests, each of which answers with data (a test sends them). The series and chart
    /// give no from/to: they default to the window of the outlet's rated articles (2021).
    /// </summary>
    internal static IReadOnlyList<string> Hints(string heraldId) =>
    [
        "GET /api/v1/outlets/lookup?url=https://m.herald-example.co.uk/x",
        "GET /api/v1/claims?attributionClass=anonymous",
        $"GET /api/v1/outlets/{heraldId}/scores?dimensions=factual_accuracy&bucket=quarter",
        $"GET /api/v1/outlets/{heraldId}/scores.svg?dimension=factual_accuracy&bucket=quarter",
    ];

    /// <summary>
    /// Loads <see cref="DemoData"/> when asked (<c>--seed-demo</c> or <c>Demo:Seed=true</c>), folds its ratings into the
    /// rollups and prints the demo keys. Runs after <see cref="DataExtensions.MigrateAndBootstrapAsync"/>.
    /// </summary>
    public static async Task SeedDemoDataAsync(this WebApplication app, bool seedDemo = false)
    {
        if (!seedDemo && !app.Configuration.GetValue("Demo:Seed", false))
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var rollups = app.Services.GetRequiredService<RollupApplier>();

        var keys = await DemoData.SeedAsync(db, clock.GetUtcNow().UtcDateTime, scope.ServiceProvider.GetRequiredService<Domain.KeyHasher>());
        await rollups.ApplyAsync(CancellationToken.None);
        // Methodology v2's leniencies and priors, so the demo's first read has them.
        await app.Services.GetRequiredService<V2Refitter>().RefitStaleAsync(CancellationToken.None);
        if (keys.Count == 0)
        {
            app.Logger.LogInformation("Demo data is already loaded");
            return;
        }

        Console.WriteLine();
        Console.WriteLine("=== CredibilityApi: demo data loaded (invented outlets, 2021 articles, claims, notes, ratings) ===");
        foreach (var (name, role, key) in keys)
        {
            Console.WriteLine($"{role,-10} {name,-24} key: {key}");
        }

        var herald = await db.OutletDomains.Where(d => d.Host == DemoData.MarkerDomain).Select(d => d.OutletId).SingleAsync();
        foreach (var hint in Hints(herald))
        {
            Console.WriteLine("Try: " + hint);
        }

        Console.WriteLine("==================================================================================================");
        Console.WriteLine();
    }
}

using CredibilityApi.Data;
using CredibilityApi.Features.Demo;
using CredibilityApi.Infrastructure;

// --seed-demo loads the demo data set after migrations (Demo:Seed=true does the same).
var seedDemo = args.Contains("--seed-demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--seed-demo").ToArray());

// EF Core on SQLite (default) or SQL Server, from Database:Provider.
builder.AddCredibilityData();

// API keys and roles.
builder.AddCredibilityAuth();

// FastEndpoints, problem details, limits, idempotency and the OpenAPI document.
builder.AddCredibilityHttp();

var app = builder.Build();
MallocArenas.Report(app.Logger, Environment.GetEnvironmentVariable);
GcSettings.Report(app.Logger, GC.GetConfigurationVariables());

// Migrations first, so a fresh clone runs with nothing set up; then the first admin.
await app.MigrateAndBootstrapAsync();
await app.SeedDemoDataAsync(seedDemo);

app.UseCredibilityHttp();
try
{
    app.Run();
}
catch (Exception e) when (e is not OperationCanceledException)
{
    // The host's own "Application startup exception" entry is logged under Microsoft.AspNetCore.Hosting.Diagnostics, which
    // appsettings.json turns off (README, Observability): a failure to start or run is logged here instead, then fails the process.
    app.Logger.LogCritical(e, "The API could not start or stopped on an error: {Reason}", e.Message);
    throw;
}

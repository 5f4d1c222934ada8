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
app.Run();

using CredibilityApi.Data;
using CredibilityApi.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

// EF Core on SQLite (default) or SQL Server, from Database:Provider.
builder.AddCredibilityData();

// API keys and roles.
builder.AddCredibilityAuth();

// FastEndpoints, problem details, limits, idempotency and the OpenAPI document.
builder.AddCredibilityHttp();

var app = builder.Build();

// Migrations first, so a fresh clone runs with nothing set up; then the first admin.
await app.MigrateAndBootstrapAsync();

app.UseCredibilityHttp();
app.Run();

// The load benchmark's baseline: GET /api/v1/outlets/{id}, GET /api/v1/outlets/{id}/scores and
// POST /api/v1/articles/{articleId}/ratings answered with Microsoft.Data.Sqlite directly on the API's own
// database file, with the API's JSON. See tests/load-benchmark.sh.
//
//   dotnet CredibilityApi.LoadBaseline.dll --db PATH --pepper PEPPER --urls http://127.0.0.1:5091 [--readers 8] [--mmap-mib 256]
//   dotnet CredibilityApi.LoadBaseline.dll import --db PATH --input FILE [--batch-size 1000]   (the import scenario's baseline)
using System.Text.Json;
using CredibilityApi.Infrastructure;
using CredibilityApi.LoadBaseline;
using Microsoft.Data.Sqlite;

// The import scenario's baseline runs once and exits (ImportBaseline.cs).
if (args.Length > 0 && args[0] == "import")
{
    Environment.ExitCode = ImportBaseline.Run(args[1..]);
    return;
}

var builder = WebApplication.CreateSlimBuilder(args);
var dbPath = builder.Configuration["db"] ?? throw new ArgumentException("--db PATH is required.");
var readers = builder.Configuration.GetValue("readers", 8);
// The API's Database:HotReadMmapMiB default, so both sides read the file the same way.
var mmapMib = builder.Configuration.GetValue("mmap-mib", 256L);
builder.Logging.ClearProviders();
builder.Logging.AddConsole();
builder.Logging.SetMinimumLevel(LogLevel.Information);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

var connectionString = new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadWrite }.ToString();
var sessions = new Sessions(connectionString, readers, mmapMib * 1024 * 1024);
var keys = Keys.Load(connectionString, builder.Configuration["pepper"] ?? throw new ArgumentException("--pepper PEPPER is required (the API's Auth:KeyPepper)."));
// FastEndpoints' defaults (web defaults, relaxed escaping) with the API's settings on top, so the bytes match.
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
Json.Configure(json);
var queries = new Queries(sessions, json, TimeProvider.System);

var app = builder.Build();
app.Lifetime.ApplicationStopped.Register(sessions.Dispose);

app.MapGet("/health/ready", () => Results.Text("Healthy"));
app.MapGet("/api/v1/outlets/{id}", (HttpContext context, string id) =>
    keys.Authenticate(context) is null ? Task.FromResult(Results.Unauthorized()) : queries.GetOutletAsync(context, id));
app.MapGet("/api/v1/outlets/{id}/scores", (HttpContext context, string id) =>
    keys.Authenticate(context) is null ? Task.FromResult(Results.Unauthorized()) : queries.GetSeriesAsync(context, id));
app.MapPost("/api/v1/articles/{articleId}/ratings", (HttpContext context, string articleId) =>
    keys.Authenticate(context) is not { } caller ? Task.FromResult(Results.Unauthorized())
    : caller.Role is "Admin" or "Annotator" ? queries.RateAsync(context, articleId, caller.AccountId)
    : Task.FromResult(Results.StatusCode(StatusCodes.Status403Forbidden)));

app.Logger.LogInformation("Baseline on {Db} with {Readers} read connections ({Mmap} MiB mapped) and one write connection; {Keys} API keys loaded", dbPath, readers, mmapMib, keys.Count);
app.Run();

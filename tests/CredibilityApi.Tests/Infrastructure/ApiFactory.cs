using CredibilityApi.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Infrastructure;

/// <summary>
/// The real app on a real database: a fresh SQLite file per factory, or a fresh SQL Server database
/// when <c>CREDIBILITY_TEST_SQLSERVER</c> holds a connection string.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "cred_test_admin_key_0123456789abcdef";
    public const string SqlServerVariable = "CREDIBILITY_TEST_SQLSERVER";

    /// <summary>The API-key pepper of test apps (set, so SQL Server runs need nothing more; the file fallback has its own tests).</summary>
    public const string KeyPepper = "test-key-pepper-not-a-secret-0123456789abcdef";

    private readonly string _sqlitePath = Path.Combine(Path.GetTempPath(), $"credibility-tests-{Guid.NewGuid():N}.db");
    private readonly string? _sqlServer = BuildSqlServerConnectionString();

    /// <summary>Requests per key per window; high by default so only the rate-limit tests meet it.</summary>
    protected virtual int PermitLimit => 100_000;

    public bool OnSqlServer => _sqlServer is not null;

    /// <summary>The SQLite file of this factory (unused on SQL Server).</summary>
    public string SqlitePath => _sqlitePath;

    /// <summary>The admin key configured for the first start; null leaves it to the app to generate one.</summary>
    protected virtual string? BootstrapAdminKey => AdminKey;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // A test app's console stays quiet but for warnings; log providers a test adds still see everything.
        builder.UseSetting("Logging:Console:LogLevel:Default", "Warning");
        builder.UseSetting("Auth:BootstrapAdminKey", BootstrapAdminKey ?? "");
        builder.UseSetting("Auth:KeyPepper", KeyPepper);
        builder.UseSetting("RateLimiting:PermitLimit", PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimiting:WindowSeconds", "60");

        // Methodology v2's refit is asked for by the tests that read v2 (RefitAsync), so their numbers never depend on timing.
        builder.UseSetting("Methodology:RefitInBackground", "false");
        if (_sqlServer is not null)
        {
            builder.UseSetting("Database:Provider", "SqlServer");
            builder.UseSetting("ConnectionStrings:Credibility", _sqlServer);
        }
        else
        {
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Credibility", $"Data Source={_sqlitePath}");
        }
    }

    /// <summary>A raw HTTP client carrying <paramref name="apiKey"/>, or no key at all.</summary>
    public HttpClient CreateHttpClient(string? apiKey)
    {
        var http = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return http;
    }

    /// <summary>Folds queued rating changes into the rollups now, for tests that read the rollup tables directly.</summary>
    public Task<int> ApplyPendingRollupsAsync() =>
        Services.GetRequiredService<CredibilityApi.Aggregation.RollupApplier>().ApplyAsync(CancellationToken.None);

    /// <summary>Folds in pending rollups, then refits methodology v2 on every dimension whose ratings changed, as the background worker would.</summary>
    public async Task<int> RefitAsync()
    {
        await ApplyPendingRollupsAsync();
        return await Services.GetRequiredService<CredibilityApi.Aggregation.V2Refitter>().RefitStaleAsync(CancellationToken.None);
    }

    /// <summary>The generated client, as annotators use it.</summary>
    public CredibilityApiClient CreateApiClient(string? apiKey) => new(CreateHttpClient(apiKey)) { ReadResponseAsString = true };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sqlServer is not null)
        {
            await DropSqlServerDatabaseAsync(_sqlServer);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_sqlitePath + suffix);
        }

        GC.SuppressFinalize(this);
    }

    private static string? BuildSqlServerConnectionString()
    {
        var configured = Environment.GetEnvironmentVariable(SqlServerVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        // Each factory gets its own database, so test runs never see each other's data.
        return new SqlConnectionStringBuilder(configured) { InitialCatalog = $"CredibilityTests_{Guid.NewGuid():N}" }.ConnectionString;
    }

    /// <summary>
    /// Drops the test database without SINGLE_USER (Azure SQL does not support it): the app has stopped, so
    /// clearing this process's pooled connections leaves none open, and a DROP that still finds the database in
    /// use (error 3702, a connection not yet closed on the server) is retried for a while.
    /// </summary>
    private static async Task DropSqlServerDatabaseAsync(string connectionString)
    {
        var builder = new SqlConnectionStringBuilder(connectionString);
        var database = builder.InitialCatalog;
        builder.InitialCatalog = "master";
        builder.Pooling = false;
        for (var attempt = 1; ; attempt++)
        {
            SqlConnection.ClearAllPools();
            try
            {
                await using var connection = new SqlConnection(builder.ConnectionString);
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = $"IF DB_ID(N'{database}') IS NOT NULL DROP DATABASE [{database}];";
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (SqlException e) when (e.Number == 3702 && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
        }
    }
}

using System.Net;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CredibilityApi.Tests.Conventions;

/// <summary>A first start with no admin key configured: the app makes one and prints it once.</summary>
public sealed class GeneratedAdminKeyFactory : ApiFactory
{
    protected override string? BootstrapAdminKey => null;
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}

[Collection(ConsoleCollection.Name)]
public sealed class StartupTests
{
    [Fact]
    public async Task Without_a_configured_key_the_first_start_prints_a_working_admin_key_once()
    {
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(captured));
        await using var factory = new GeneratedAdminKeyFactory();
        try
        {
            factory.CreateHttpClient(apiKey: null).Dispose();
        }
        finally
        {
            Console.SetOut(original);
        }

        var line = captured.ToString().Split('\n').Single(l => l.Contains("Admin API key", StringComparison.Ordinal));
        var key = line[(line.LastIndexOf(':') + 1)..].Trim();
        key.ShouldStartWith("cred_");

        var me = await factory.CreateApiClient(key).GetMeAsync();
        me.Role.ShouldBe(CredibilityApi.Client.Role.Admin);
    }

    [SkippableFact]
    public async Task The_sqlite_database_runs_in_wal_mode()
    {
        await using var factory = new ApiFactory();
        Skip.If(factory.OnSqlServer, "SQLite only: WAL is a SQLite journal mode.");

        (await factory.CreateHttpClient(apiKey: null).GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var connection = new SqliteConnection($"Data Source={factory.SqlitePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        ((string?)await command.ExecuteScalarAsync()).ShouldBe("wal");
    }

    [Fact]
    public void The_sql_server_migrations_script_idempotently_without_a_server()
    {
        using var db = new SqlServerCredibilityDbContext(new DbContextOptionsBuilder<SqlServerCredibilityDbContext>()
            .UseSqlServer("Server=unused;Database=unused").Options);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        script.ShouldContain("IF NOT EXISTS (\n    SELECT * FROM [__EFMigrationsHistory]\n    WHERE [MigrationId] = N'");
        script.ShouldContain("CREATE TABLE [Outlets]");
        script.ShouldContain("CREATE UNIQUE INDEX [IX_OutletDomains_Host]");
        script.ShouldContain("CREATE UNIQUE INDEX [IX_Articles_UrlHash]");
    }
}

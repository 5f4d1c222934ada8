using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Tests.Conventions;

public sealed class ModelTests
{
    [Fact]
    public void The_sqlite_migrations_cover_the_model()
    {
        using var db = new SqliteCredibilityDbContext(new DbContextOptionsBuilder<SqliteCredibilityDbContext>()
            .UseSqlite("Data Source=:memory:").Options);
        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add NAME --context SqliteCredibilityDbContext ...");
        db.Database.GetMigrations().ShouldNotBeEmpty();
    }

    [Fact]
    public void The_sql_server_migrations_cover_the_model()
    {
        // Building the model needs no server: nothing here opens the connection.
        using var db = new SqlServerCredibilityDbContext(new DbContextOptionsBuilder<SqlServerCredibilityDbContext>()
            .UseSqlServer("Server=unused;Database=unused").Options);
        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add NAME --context SqlServerCredibilityDbContext ...");
        db.Database.GetMigrations().ShouldNotBeEmpty();
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = new SqliteCredibilityDbContext(new DbContextOptionsBuilder<SqliteCredibilityDbContext>()
            .UseSqlite("Data Source=:memory:").Options);
        using var sqlServer = new SqlServerCredibilityDbContext(new DbContextOptionsBuilder<SqlServerCredibilityDbContext>()
            .UseSqlServer("Server=unused;Database=unused").Options);

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]);

        Names(sqlite).ShouldBe(Names(sqlServer));
    }

    /// <summary>
    /// No property is a <see cref="decimal"/>, alone or in a primitive collection: EF Core's SQLite provider translates
    /// decimal arithmetic, comparison, ordering and aggregates into its own functions (<c>ef_add</c>, <c>EF_DECIMAL</c>...),
    /// which the app's connections do not carry (<see cref="CredibilityApi.Data.SqlitePlainConnections"/>).
    /// </summary>
    [Fact]
    public void No_property_needs_the_ef_sqlite_decimal_functions()
    {
        using var db = new SqliteCredibilityDbContext(new DbContextOptionsBuilder<SqliteCredibilityDbContext>()
            .UseSqlite("Data Source=:memory:").Options);
        static bool IsDecimal(Type? type) => type is not null && (Nullable.GetUnderlyingType(type) ?? type) == typeof(decimal);
        var decimals = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => (Entity: e.DisplayName(), p.Name, p.ClrType, Element: p.GetElementType()?.ClrType)))
            .Where(p => IsDecimal(p.ClrType) || IsDecimal(p.Element))
            .Select(p => $"{p.Entity}.{p.Name}")
            .ToList();
        decimals.ShouldBeEmpty();
    }

    [Fact]
    public void The_mapping_configuration_compiles()
    {
        var config = Mapping.CreateConfig();
        config.RuleMap.Count.ShouldBeGreaterThan(3);
        Should.NotThrow(() => config.Compile());
        Should.NotThrow(() => config.CompileProjection());
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CredibilityApi.Data;

/// <summary>The SQLite database: the embedded default and the database of the test suite.</summary>
public sealed class SqliteCredibilityDbContext(DbContextOptions<SqliteCredibilityDbContext> options)
    : CredibilityDbContext(options);

/// <summary>The SQL Server (or Azure SQL) database, for deployments with more than one node.</summary>
public sealed class SqlServerCredibilityDbContext(DbContextOptions<SqlServerCredibilityDbContext> options)
    : CredibilityDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        Configurations.KeyCollation.Apply(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite context without starting the app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCredibilityDbContext>
{
    public SqliteCredibilityDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCredibilityDbContext>()
            .UseSqlite("Data Source=design-time.db")
            .Options);
}

/// <summary>Lets <c>dotnet ef</c> build the SQL Server context; it never connects for migrations or scripts.</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerCredibilityDbContext>
{
    public SqlServerCredibilityDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerCredibilityDbContext>()
            .UseSqlServer("Server=localhost;Database=Credibility;Integrated Security=true;TrustServerCertificate=true")
            .Options);
}

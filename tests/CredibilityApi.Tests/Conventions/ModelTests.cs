using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Tests.Conventions;

public sealed class ModelTests
{
    [Fact]
    public void The_sqlite_migrations_cover_the_model()
    {
        using var db = SqliteModel();
        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add NAME --context SqliteCredibilityDbContext ...");
        db.Database.GetMigrations().ShouldNotBeEmpty();
    }

    [Fact]
    public void The_sql_server_migrations_cover_the_model()
    {
        using var db = SqlServerModel();
        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add NAME --context SqlServerCredibilityDbContext ...");
        db.Database.GetMigrations().ShouldNotBeEmpty();
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = SqliteModel();
        using var sqlServer = SqlServerModel();

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
        using var db = SqliteModel();
        static bool IsDecimal(Type? type) => type is not null && (Nullable.GetUnderlyingType(type) ?? type) == typeof(decimal);
        var decimals = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => (Entity: e.DisplayName(), p.Name, p.ClrType, Element: p.GetElementType()?.ClrType)))
            .Where(p => IsDecimal(p.ClrType) || IsDecimal(p.Element))
            .Select(p => $"{p.Entity}.{p.Name}")
            .ToList();
        decimals.ShouldBeEmpty();
    }

    /// <summary>
    /// Every list of strings stored as a primitive collection is compared and copied by <c>StringLists</c>, not by EF Core's
    /// list comparer, which built a delegate on every comparison and snapshot; and the comparer still sees a change of one
    /// element, of order and of length, and copies rather than shares.
    /// </summary>
    [Fact]
    public void String_lists_use_the_comparer_of_static_methods_and_it_sees_every_change()
    {
        using var db = SqliteModel();
        var lists = db.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
            .Where(p => p.IsPrimitiveCollection && p.ClrType == typeof(List<string>))
            .ToList();
        static string Name(Microsoft.EntityFrameworkCore.Metadata.IProperty p) => $"{p.DeclaringType.DisplayName()}.{p.Name}";
        lists.Select(Name).ShouldContain("Annotation.Tags");
        lists.Where(p => !ReferenceEquals(p.GetValueComparer(), CredibilityApi.Data.Configurations.StringLists.Comparer)).Select(Name).ShouldBeEmpty();

        var comparer = CredibilityApi.Data.Configurations.StringLists.Comparer;
        List<string> tags = ["a", "b"];
        comparer.Equals(tags, ["a", "b"]).ShouldBeTrue();
        comparer.Equals(tags, ["b", "a"]).ShouldBeFalse();
        comparer.Equals(tags, ["a"]).ShouldBeFalse();
        comparer.Equals(tags, ["a", "B"]).ShouldBeFalse();
        comparer.Equals(tags, null).ShouldBeFalse();
        comparer.Equals(["a", null!], ["a", null!]).ShouldBeTrue();
        comparer.Equals(["a", null!], ["a", "b"]).ShouldBeFalse();
        comparer.GetHashCode(tags).ShouldBe(comparer.GetHashCode(["a", "b"]));
        var copy = comparer.Snapshot(tags);
        copy.ShouldBe(tags);
        copy.ShouldNotBeSameAs(tags);
    }

    [Fact]
    public void The_mapping_configuration_compiles()
    {
        var config = Mapping.CreateConfig();
        config.RuleMap.Count.ShouldBeGreaterThan(3);
        Should.NotThrow(() => config.Compile());
        Should.NotThrow(() => config.CompileProjection());
    }

    /// <summary>The SQLite context's model; nothing opens the in-memory connection.</summary>
    private static SqliteCredibilityDbContext SqliteModel() =>
        new(new DbContextOptionsBuilder<SqliteCredibilityDbContext>().UseSqlite("Data Source=:memory:").Options);

    /// <summary>The SQL Server context's model: building it needs no server, as nothing opens the connection.</summary>
    private static SqlServerCredibilityDbContext SqlServerModel() =>
        new(new DbContextOptionsBuilder<SqlServerCredibilityDbContext>().UseSqlServer("Server=unused;Database=unused").Options);
}

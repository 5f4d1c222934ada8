using CredibilityApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Data;

/// <summary>
/// The database, independent of the provider. Each provider has a subclass with its own migrations;
/// after a model change add a migration to both:
/// <code>
/// dotnet ef migrations add NAME --project src/CredibilityApi --context SqliteCredibilityDbContext --output-dir Data/Migrations/Sqlite
/// dotnet ef migrations add NAME --project src/CredibilityApi --context SqlServerCredibilityDbContext --output-dir Data/Migrations/SqlServer
/// </code>
/// </summary>
public abstract class CredibilityDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>
    /// Every context, whatever created it (the app, a test, a benchmark, the design-time tools), queues rollup work
    /// itself. The app's pooled contexts get the interceptor where their options are built (a pooled context's
    /// OnConfiguring may not change its options); any other context gets it here.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        var core = optionsBuilder.Options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>();
        if (core?.Interceptors?.Contains(RollupQueueInterceptor.Instance) != true)
        {
            optionsBuilder.AddInterceptors(RollupQueueInterceptor.Instance);
        }

        if (core?.Interceptors?.Contains(ScoreStampInterceptor.Instance) != true)
        {
            optionsBuilder.AddInterceptors(ScoreStampInterceptor.Instance);
        }
    }

    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<RevocationStamp> RevocationStamps => Set<RevocationStamp>();
    public DbSet<Outlet> Outlets => Set<Outlet>();
    public DbSet<OutletDomain> OutletDomains => Set<OutletDomain>();
    public DbSet<OutletRevision> OutletRevisions => Set<OutletRevision>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<ArticleAlias> ArticleAliases => Set<ArticleAlias>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Claim> Claims => Set<Claim>();
    public DbSet<Annotation> Annotations => Set<Annotation>();
    public DbSet<AnnotationRevision> AnnotationRevisions => Set<AnnotationRevision>();
    public DbSet<RubricVersion> RubricVersions => Set<RubricVersion>();
    public DbSet<RubricDimension> RubricDimensions => Set<RubricDimension>();
    public DbSet<Technique> Techniques => Set<Technique>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Aggregation.ArticleDimensionStats> ArticleDimensionStats => Set<Aggregation.ArticleDimensionStats>();
    public DbSet<Aggregation.OutletDayStats> OutletDayStats => Set<Aggregation.OutletDayStats>();
    public DbSet<Aggregation.OutletDayAnnotator> OutletDayAnnotators => Set<Aggregation.OutletDayAnnotator>();
    public DbSet<Aggregation.BucketPrior> BucketPriors => Set<Aggregation.BucketPrior>();
    public DbSet<Aggregation.OutletBucketStats> OutletBucketStats => Set<Aggregation.OutletBucketStats>();
    public DbSet<Aggregation.PendingRollup> PendingRollups => Set<Aggregation.PendingRollup>();
    public DbSet<Aggregation.DimensionFit> DimensionFits => Set<Aggregation.DimensionFit>();
    public DbSet<Aggregation.AnnotatorLeniencyEstimate> AnnotatorLeniencies => Set<Aggregation.AnnotatorLeniencyEstimate>();
    public DbSet<Aggregation.BucketPriorV2> BucketPriorsV2 => Set<Aggregation.BucketPriorV2>();
    public DbSet<Lease> Leases => Set<Lease>();
    public DbSet<Aggregation.ScoreStamp> ScoreStamps => Set<Aggregation.ScoreStamp>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<CampaignItem> CampaignItems => Set<CampaignItem>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<GoldAnswer> GoldAnswers => Set<GoldAnswer>();
    public DbSet<Adjudication> Adjudications => Set<Adjudication>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CredibilityDbContext).Assembly);

        // A filtered index is written in each provider's own SQL.
        modelBuilder.ApplyConfiguration(new Configurations.AnnotationConfiguration(Database.IsSqlServer()));

        // Every list of strings (tags, evidence URLs, a campaign's pool...) is compared and copied by StringLists.
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.IsPrimitiveCollection && property.ClrType == typeof(List<string>))
            {
                property.SetValueComparer(Configurations.StringLists.Comparer);
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is UTC; the providers hand back unspecified kinds, so say so on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}

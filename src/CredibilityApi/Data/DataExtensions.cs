using CredibilityApi.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Data;

/// <summary>Which database the app uses, from <c>Database:Provider</c>.</summary>
public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

public static class DataExtensions
{
    /// <summary>
    /// A failed SaveChanges is logged by EF at error level before the caller sees the exception. The API's writers
    /// expect some (two requests racing on one row lose on a key or a version, answered 409 or 412), and a failure no
    /// one handles reaches the exception handler, which logs it at error level with the request. So EF's own lines
    /// are information: the log's errors are the failures, not the races.
    /// </summary>
    private static void ExpectedSaveFailures(Microsoft.EntityFrameworkCore.Diagnostics.WarningsConfigurationBuilder warnings) =>
        warnings.Log(
            (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, LogLevel.Information),
            (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.OptimisticConcurrencyException, LogLevel.Information),
            (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandError, LogLevel.Information));

    public const string ConnectionStringName = "Credibility";
    internal const string DefaultSqlite = "Data Source=data/credibility.db";

    /// <summary>Registers the context for the configured provider; callers depend on <see cref="CredibilityDbContext"/> only.</summary>
    public static WebApplicationBuilder AddCredibilityData(this WebApplicationBuilder builder)
    {
        var provider = builder.Configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);

        switch (provider)
        {
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is SqlServer but ConnectionStrings:Credibility is empty.");
                }

                builder.Services.AddDbContextPool<SqlServerCredibilityDbContext>(o =>
                    o.UseSqlServer(NameApplication(connectionString), sql => sql.EnableRetryOnFailure())
                        .AddInterceptors(new SqlServerIsolationReset(), RollupQueueInterceptor.Instance, ScoreStampInterceptor.Instance)
                        .ConfigureWarnings(ExpectedSaveFailures));
                builder.Services.AddScoped<CredibilityDbContext>(sp => sp.GetRequiredService<SqlServerCredibilityDbContext>());
                builder.Services.AddSingleton(BulkWriteCache.None);

                // The exports' context: the same database without the retrying strategy, so it streams (see StreamingReads).
                DbContextOptions<SqlServerCredibilityDbContext>? streaming = null;
                builder.Services.AddScoped(sp => new StreamingReads(
                    new SqlServerCredibilityDbContext(streaming ??= new DbContextOptionsBuilder<SqlServerCredibilityDbContext>()
                        .UseSqlServer(NameApplication(connectionString))
                        .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
                        .Options),
                    owned: true));
                break;
            default:
                var sqlite = PrepareSqlite(connectionString ?? DefaultSqlite, builder.Environment.ContentRootPath);

                // NORMAL: in WAL mode a commit survives the process being killed; only a power cut or an OS
                // crash can lose the last commits (never corrupt the file). FULL also syncs every commit to disk.
                var synchronous = builder.Configuration.GetValue("Database:SqliteSynchronous", "NORMAL")!.ToUpperInvariant();
                if (synchronous is not ("OFF" or "NORMAL" or "FULL" or "EXTRA"))
                {
                    throw new InvalidOperationException($"Database:SqliteSynchronous is '{synchronous}'; use NORMAL, FULL, EXTRA or OFF.");
                }

                var cacheKiB = Math.Clamp(builder.Configuration.GetValue("Database:SqliteCacheKiB", 512), 64, 1024 * 1024);
                // Write-ahead log checkpoints beside the writers instead of inside a commit (SqliteCheckpointer); 0: SQLite's own.
                var checkpointEvery = Math.Max(0, builder.Configuration.GetValue("Database:SqliteCheckpointMilliseconds", 100));
                if (checkpointEvery > 0)
                {
                    var restartFrames = Math.Max(1, builder.Configuration.GetValue("Database:SqliteCheckpointRestartFrames", SqliteCheckpointer.DefaultRestartFrames));
                    builder.Services.AddHostedService(sp => new SqliteCheckpointer(
                        sqlite, TimeSpan.FromMilliseconds(checkpointEvery), restartFrames, sp.GetRequiredService<ILogger<SqliteCheckpointer>>()));
                }

                var settings = new SqliteConnectionSettings(synchronous, cacheKiB, autoCheckpoint: checkpointEvery == 0);
                var bulkKiB = Math.Clamp(builder.Configuration.GetValue("Database:SqliteBulkCacheKiB", 32768), 0, 1024 * 1024);
                builder.Services.AddSingleton(sp => new BulkWriteCache(cacheKiB, bulkKiB, sp.GetRequiredService<ILogger<BulkWriteCache>>()));
                builder.Services.AddDbContextPool<SqliteCredibilityDbContext>(o => o.UseSqlite(sqlite)
                    .AddInterceptors(SqlitePlainConnections.Instance, settings, new SqliteWriteGate(), RollupQueueInterceptor.Instance, ScoreStampInterceptor.Instance)
                    .ConfigureWarnings(ExpectedSaveFailures));

                // Rating requests' writes, group-committed on a connection of their own (issue 13); false: SaveChanges per request.
                if (builder.Configuration.GetValue("Database:RatingGroupCommit", true))
                {
                    var batch = builder.Configuration.GetValue("Database:RatingWriteBatch", 64);
                    builder.Services.AddSingleton(sp => new SqliteRatingWriter(sqlite, settings.Pragmas, batch, sp.GetRequiredService<ILogger<SqliteRatingWriter>>()));
                }
                builder.Services.AddScoped<CredibilityDbContext>(sp => sp.GetRequiredService<SqliteCredibilityDbContext>());
                builder.Services.AddScoped(sp => new StreamingReads(sp.GetRequiredService<CredibilityDbContext>(), owned: false));

                // The hottest reads, on held-open connections with prepared statements (issue 13).
                var hotReads = Math.Clamp(builder.Configuration.GetValue("Database:HotReadConnections", 8), 1, 64);
                var mmapBytes = Math.Max(0, builder.Configuration.GetValue("Database:HotReadMmapMiB", 256L)) * 1024 * 1024;
                builder.Services.AddSingleton(_ => new SqliteReadSessions(sqlite, hotReads, mmapBytes));
                break;
        }

        builder.Services.AddSingleton(NodeIdentity.From(builder.Configuration));
        builder.Services.AddSingleton<LeaseStore>();
        builder.Services.AddSingleton<Aggregation.RollupApplier>();
        builder.Services.AddSingleton<Aggregation.Read.SeriesCache>();
        builder.Services.AddSingleton<Aggregation.Read.ScoreComputations>();
        builder.Services.AddHostedService<Aggregation.RollupWorker>();
        builder.Services.AddSingleton<Aggregation.V2Refitter>();
        builder.Services.AddHostedService<Aggregation.V2RefitWorker>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Names the app's sessions (<c>Application Name=CredibilityApi</c>) unless the connection string names them, so
    /// <c>sys.dm_exec_sessions</c> tells them apart from other clients of the server.
    /// </summary>
    private static string NameApplication(string connectionString)
    {
        var csb = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(connectionString);
        if (csb.ApplicationName == new Microsoft.Data.SqlClient.SqlConnectionStringBuilder().ApplicationName)
        {
            csb.ApplicationName = "CredibilityApi";
        }

        return csb.ConnectionString;
    }

    /// <summary>Creates the folder of a file database, so a fresh clone runs with nothing set up.</summary>
    private static string PrepareSqlite(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(csb.DataSource) && csb.DataSource != ":memory:")
        {
            var path = Path.IsPathRooted(csb.DataSource) ? csb.DataSource : Path.Combine(contentRoot, csb.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            csb.DataSource = path;

            // The file is created here, once; the app then opens it without the create flag, so a database
            // file that goes missing while the app runs is an error, not silently a new empty database.
            if (csb.Mode == SqliteOpenMode.ReadWriteCreate)
            {
                using (var create = new SqliteConnection(csb.ToString()))
                {
                    create.Open();
                }

                csb.Mode = SqliteOpenMode.ReadWrite;
            }
        }

        return csb.ToString();
    }

    /// <summary>
    /// Applies migrations, switches SQLite to WAL, makes sure an admin exists, and folds in queued rollup changes.
    /// Safe for several nodes starting at once on one database: EF's migration lock lets one node migrate at a time
    /// (SQL Server: <c>sp_getapplock</c>; SQLite: the <c>__EFMigrationsLock</c> table), and the bootstrap runs under the
    /// <see cref="LeaseStore.Bootstrap"/> lease, one node after the other, each finding what the last one did.
    /// </summary>
    public static async Task MigrateAndBootstrapAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run beside the single writer instead of waiting for it.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        else
        {
            await WarnWithoutReadCommittedSnapshotAsync(db, app.Logger);
        }

        var leases = app.Services.GetRequiredService<LeaseStore>();
        await leases.RunExclusiveAsync(LeaseStore.Bootstrap, TimeSpan.FromMinutes(2), async ct =>
        {
            db.ChangeTracker.Clear();

            // Day rows written before the bucket rows and stored priors existed: derive them once.
            if (!await db.OutletBucketStats.AnyAsync(ct) && await db.OutletDayStats.AnyAsync(ct))
            {
                await Aggregation.RollupMaintenance.RebuildPriorsAsync(db, ct);
            }

            // Articles written before article identity existed get their key once, from the code that computes it.
            var keyed = await ArticleIdentities.BackfillAsync(db, ct);
            if (keyed > 0)
            {
                app.Logger.LogInformation("Computed the identity key of {Articles} articles registered before it existed", keyed);
            }
            await BackfillOutletRevisionsAsync(db, app.Logger);
            if (await OutletLookAlikeKeys.BackfillAsync(db, ct) is > 0 and var lookAlikes)
            {
                app.Logger.LogInformation("Computed the look-alike keys of {Outlets} outlets registered before they existed", lookAlikes);
            }

            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            await BootstrapAdminAsync(db, app.Configuration, clock, scope.ServiceProvider.GetRequiredService<KeyHasher>(), app.Logger);
        }, CancellationToken.None);

        // Rating changes queued before a crash or a stop are folded in before the first request (by this node if it
        // holds the rollup lease; otherwise the holder does it).
        var rollups = app.Services.GetRequiredService<Aggregation.RollupApplier>();
        var caughtUp = await rollups.ApplyAsync(CancellationToken.None);
        if (caughtUp > 0)
        {
            app.Logger.LogInformation("Applied {Pending} rating changes queued before the last stop", caughtUp);
        }
    }

    /// <summary>
    /// Readers at READ COMMITTED on SQL Server without row versioning wait for writers' locks, and the rollup applier's
    /// SERIALIZABLE range locks then stall score reads. The migration <c>NodeLease</c> turns READ_COMMITTED_SNAPSHOT on
    /// where it can (Azure SQL has it on already); if it could not, say so at every start.
    /// </summary>
    private static async Task WarnWithoutReadCommittedSnapshotAsync(CredibilityDbContext db, ILogger logger)
    {
        var on = await db.Database
            .SqlQueryRaw<bool>("SELECT is_read_committed_snapshot_on AS [Value] FROM sys.databases WHERE database_id = DB_ID()")
            .SingleAsync();
        if (!on)
        {
            logger.LogWarning("READ_COMMITTED_SNAPSHOT is off for this database; run ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON while no other session is connected (see README, Running more than one node)");
        }
    }

    /// <summary>
    /// Outlets registered before their edits kept revisions get their first one here, at start-up rather than in
    /// the migration, because a revision holds the outlet as JSON (with its domains), which is written once in C#
    /// instead of twice in each provider's SQL. Idempotent: an outlet that has a revision is left alone, and a
    /// node that loses the race to another starting node finds the rows already there.
    /// </summary>
    internal static async Task BackfillOutletRevisionsAsync(CredibilityDbContext db, ILogger logger)
    {
        var outlets = await db.Outlets.Include(o => o.Domains)
            .Where(o => !db.OutletRevisions.Any(r => r.OutletId == o.Id))
            .ToListAsync();
        if (outlets.Count == 0)
        {
            return;
        }

        db.OutletRevisions.AddRange(outlets.Select(OutletRevision.Backfill));
        try
        {
            await db.SaveChangesAsync();
            logger.LogInformation("Recorded a first revision for {Count} outlets registered before outlet revisions were kept", outlets.Count);
        }
        catch (DbUpdateException e) when (Infrastructure.DbErrors.IsUniqueViolation(e))
        {
            logger.LogInformation("Another node recorded the first outlet revisions");
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static async Task BootstrapAdminAsync(CredibilityDbContext db, IConfiguration configuration, TimeProvider clock, KeyHasher hasher, ILogger logger)
    {
        // Checked on every start, not only the first: a short configured key is refused even once an admin exists.
        var configured = configuration["Auth:BootstrapAdminKey"];
        if (!string.IsNullOrWhiteSpace(configured) && configured.Length < KeyHasher.MinimumSecretLength)
        {
            throw new InvalidOperationException(
                $"Auth:BootstrapAdminKey must have at least {KeyHasher.MinimumSecretLength} characters (for example: openssl rand -base64 32).");
        }

        if (await db.Accounts.AnyAsync(a => a.Role == Role.Admin))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var admin = new Account("admin", Role.Admin, null, now);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            admin.AddKnownKey(configured, "bootstrap", now, hasher);
            db.Accounts.Add(admin);
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException e) when (Infrastructure.DbErrors.IsUniqueViolation(e))
            {
                // Only if another node's bootstrap outlived its lease: that node created the admin with this same key.
                db.ChangeTracker.Clear();
                logger.LogInformation("Another node created the first admin account with the key from Auth:BootstrapAdminKey");
                return;
            }

            logger.LogInformation("Created the first admin account {AccountId} with the key from Auth:BootstrapAdminKey", admin.Id);
            return;
        }

        var (_, secret) = admin.IssueKey("bootstrap", null, now, hasher);
        db.Accounts.Add(admin);
        await db.SaveChangesAsync();

        // Printed once, on purpose to the console and not to the log pipeline: only its hash is stored.
        Console.WriteLine();
        Console.WriteLine("=== CredibilityApi: first start, no admin existed ===");
        Console.WriteLine($"Admin account: {admin.Id}");
        Console.WriteLine($"Admin API key (shown once, store it now): {secret}");
        Console.WriteLine("=====================================================");
        Console.WriteLine();
    }
}

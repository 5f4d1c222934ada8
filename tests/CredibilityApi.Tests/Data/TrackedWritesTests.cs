using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Tests.Data;

/// <summary>
/// <see cref="TrackedWrites"/>, the fold's prepared-statement save (issue 13): the same tracked inserts, updates and deletes
/// of the rollup rows leave the tables exactly as SaveChanges leaves them (store defaults, value conversions, dates and
/// enums included); in a transaction of its own it changes the score stamp, and it begins none with nothing to write; and it refuses
/// anything that is not a rollup row before writing anything, so a rating cannot be saved around the rollup queue through it.
/// </summary>
public sealed class TrackedWritesTests
{
    private static readonly string[] Tables = ["ArticleDimensionStats", "OutletDayStats", "OutletDayAnnotators", "OutletBucketStats", "BucketPriors"];

    [Fact]
    public async Task Leaves_the_rollup_tables_as_SaveChanges_leaves_them()
    {
        var bySaveChanges = await ScenarioAsync(db => db.SaveChangesAsync());
        var byTrackedWrites = await ScenarioAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await TrackedWrites.SaveAsync(db, CancellationToken.None);
            await transaction.CommitAsync();
        });

        byTrackedWrites.ShouldBe(bySaveChanges);
        bySaveChanges.ShouldContain("Infinity", customMessage: "a flat prior's tau2 went through its conversion (stored as -1, read back as +inf)");
        bySaveChanges.ShouldContain("art_2", customMessage: "rows were inserted");
        bySaveChanges.ShouldNotContain("art_1|", customMessage: "a row was deleted");
        bySaveChanges.ShouldContain("Ratings=INTEGER:7|", customMessage: "a row was updated");
    }

    [Fact]
    public async Task Without_a_transaction_it_commits_one_of_its_own_that_changes_the_score_stamp()
    {
        await using var connection = await OpenAsync();
        await using var db = Context(connection);
        var stamp = await ScoreStamp.ReadAsync(db, CancellationToken.None);
        db.OutletDayAnnotators.Add(new OutletDayAnnotator { OutletId = "out_a", Dimension = "slant", Day = new DateOnly(2024, 1, 1), AnnotatorId = "acc_a", Weight = 0.25 });

        await TrackedWrites.SaveAsync(db, CancellationToken.None);

        db.Database.CurrentTransaction.ShouldBeNull("its own transaction is committed and gone");
        (await ScoreStamp.ReadAsync(db, CancellationToken.None)).ShouldNotBe(stamp);
        (await db.OutletDayAnnotators.AsNoTracking().SingleAsync()).Weight.ShouldBe(0.25);
        db.ChangeTracker.Entries().ShouldAllBe(e => e.State == EntityState.Unchanged);

        // With nothing to write it begins no transaction (on SQLite one would take the write lock) and leaves the stamp.
        var after = await ScoreStamp.ReadAsync(db, CancellationToken.None);
        await TrackedWrites.SaveAsync(db, CancellationToken.None);
        (await ScoreStamp.ReadAsync(db, CancellationToken.None)).ShouldBe(after);
    }

    [Fact]
    public async Task Refuses_what_is_not_a_rollup_row_and_writes_nothing()
    {
        await using var connection = await OpenAsync();
        await using var db = Context(connection);
        var stamp = await ScoreStamp.ReadAsync(db, CancellationToken.None);
        db.OutletDayStats.Add(new OutletDayStats { OutletId = "out_a", Dimension = "slant", Day = new DateOnly(2024, 1, 1), Articles = 1 });
        db.PendingRollups.Add(new PendingRollup { ArticleId = "art_a", Dimension = "slant" });

        // In the caller's transaction, which the caller then commits: the rollup row tracked first is not written either.
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var refused = await Should.ThrowAsync<NotSupportedException>(() => TrackedWrites.SaveAsync(db, CancellationToken.None));
            refused.Message.ShouldContain("PendingRollup");
            await transaction.CommitAsync();
        }

        db.ChangeTracker.Clear();
        (await db.OutletDayStats.CountAsync()).ShouldBe(0, "nothing is written before every type is checked");
        (await db.PendingRollups.CountAsync()).ShouldBe(0);
        (await ScoreStamp.ReadAsync(db, CancellationToken.None)).ShouldBe(stamp);
    }

    /// <summary>Inserts, then updates and deletes, rows of every rollup table with <paramref name="save"/>; the tables as text.</summary>
    private static async Task<string> ScenarioAsync(Func<CredibilityDbContext, Task> save)
    {
        await using var connection = await OpenAsync();
        await using (var db = Context(connection))
        {
            var day = new DateOnly(2024, 3, 4);
            var at = new DateTime(2024, 3, 4, 9, 30, 0, DateTimeKind.Utc);
            foreach (var article in new[] { "art_1", "art_2", "art_3" })
            {
                db.ArticleDimensionStats.Add(new ArticleDimensionStats { ArticleId = article, Dimension = "slant", OutletId = "out_a", PublishedAt = at, Day = day, Ratings = 2, Sum = 10.5, SumSquares = 60.25 });
            }

            db.OutletDayStats.Add(new OutletDayStats { OutletId = "out_a", Dimension = "slant", Day = day, Articles = 3, ScoreSum = 15.75, ScoreSumSquares = 90.0, Ratings = 6 });
            db.OutletDayAnnotators.Add(new OutletDayAnnotator { OutletId = "out_a", Dimension = "slant", Day = day, AnnotatorId = "acc_a" });
            db.OutletDayAnnotators.Add(new OutletDayAnnotator { OutletId = "out_a", Dimension = "slant", Day = day, AnnotatorId = "acc_b", Weight = 1.5 });
            db.OutletBucketStats.Add(new OutletBucketStats { Dimension = "slant", Bucket = Bucket.Week, Start = day, OutletId = "out_a", Articles = 3, ScoreSum = 15.75, ScoreSumSquares = 90.0 });
            db.OutletBucketStats.Add(new OutletBucketStats { Dimension = "slant", Bucket = Bucket.Month, Start = new DateOnly(2024, 3, 1), OutletId = "out_a", Articles = 3, ScoreSum = 15.75, ScoreSumSquares = 90.0 });
            db.BucketPriors.Add(new BucketPrior { Dimension = "slant", Bucket = Bucket.Week, Start = day, Outlets = 1, Mu = 5.25, Tau2 = double.PositiveInfinity, Sigma2 = 2 });
            db.BucketPriors.Add(new BucketPrior { Dimension = "slant", Bucket = Bucket.Month, Start = new DateOnly(2024, 3, 1), Outlets = 2, Mu = 4, Tau2 = 0.5, Sigma2 = 2, MeanSum = 8 });
            await save(db);

            db.Remove(await db.ArticleDimensionStats.SingleAsync(s => s.ArticleId == "art_1"));
            (await db.ArticleDimensionStats.SingleAsync(s => s.ArticleId == "art_3")).Ratings = 7;
            (await db.OutletDayStats.SingleAsync()).ObservedDisagreement = 0.125;
            db.Remove(await db.OutletDayAnnotators.SingleAsync(a => a.AnnotatorId == "acc_b"));
            db.OutletDayAnnotators.Add(new OutletDayAnnotator { OutletId = "out_a", Dimension = "slant", Day = day, AnnotatorId = "acc_c", Weight = 0.5 });
            (await db.OutletBucketStats.SingleAsync(s => s.Bucket == Bucket.Month)).ScoreSum = -1.5;
            (await db.BucketPriors.SingleAsync(p => p.Bucket == Bucket.Month)).Tau2 = double.PositiveInfinity;
            await save(db);
        }

        var text = new System.Text.StringBuilder();
        foreach (var table in Tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1, 2, 3, 4";
            await using var reader = await command.ExecuteReaderAsync();
            text.Append(table).Append('\n');
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.GetName(i)).Append('=').Append(reader.GetDataTypeName(i)).Append(':')
                        .Append(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                text.Append('\n');
            }
        }

        // Read back through the model too, so the conversions are seen as a reader sees them.
        await using (var db = Context(connection))
        {
            foreach (var prior in await db.BucketPriors.AsNoTracking().OrderBy(p => p.Bucket).ToListAsync())
            {
                text.Append(prior.Bucket).Append(" tau2 ").Append(prior.Tau2.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }

    private static async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = Context(connection);
        await db.Database.MigrateAsync();
        return connection;
    }

    private static SqliteCredibilityDbContext Context(SqliteConnection connection) =>
        new(new DbContextOptionsBuilder<SqliteCredibilityDbContext>().UseSqlite(connection).Options);
}

using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Tests.Data;

/// <summary>
/// <see cref="KeyedReads"/>, the fold's exact-key reads (issue 13): the rows whose key columns equal one of the keys,
/// and no row of the cross product of the keys' columns, with dates and enums stored as the provider stores them.
/// </summary>
public sealed class KeyedReadsTests
{
    [Fact]
    public async Task Reads_exactly_the_rows_of_the_keys_not_the_cross_product_of_their_columns()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new SqliteCredibilityDbContext(new DbContextOptionsBuilder<SqliteCredibilityDbContext>().UseSqlite(connection).Options);
        await db.Database.MigrateAsync();

        var day1 = new DateOnly(2024, 1, 1);
        var day2 = new DateOnly(2024, 1, 8);
        foreach (var outlet in new[] { "out_a", "out_b" })
        {
            foreach (var dimension in new[] { "slant", "factual_accuracy" })
            {
                foreach (var (bucket, start) in new[] { (Bucket.Week, day1), (Bucket.Week, day2), (Bucket.Month, day1) })
                {
                    db.OutletBucketStats.Add(new OutletBucketStats { OutletId = outlet, Dimension = dimension, Bucket = bucket, Start = start, Articles = 1, ScoreSum = 1, ScoreSumSquares = 1 });
                }
            }
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        // Two keys whose columns' cross product holds 2 x 2 x 2 x 2 = 16 keys, 6 of them stored rows; and a repeated key.
        object[][] keys =
        [
            ["slant", Bucket.Week, day1, "out_a"],
            ["factual_accuracy", Bucket.Month, day1, "out_b"],
            ["slant", Bucket.Week, day1, "out_a"],
        ];
        var rows = await db.OutletBucketStats.WithKeys(db, ["Dimension", "Bucket", "Start", "OutletId"], keys).AsNoTracking().ToListAsync();

        rows.Select(r => (r.Dimension, r.Bucket, r.Start, r.OutletId)).OrderBy(r => r.Dimension, StringComparer.Ordinal).ShouldBe(
        [
            ("factual_accuracy", Bucket.Month, day1, "out_b"),
            ("slant", Bucket.Week, day1, "out_a"),
        ]);

        // Tracked reads can be changed and saved like any other.
        var tracked = await db.OutletBucketStats.WithKeys(db, ["Dimension", "Bucket", "Start", "OutletId"], [keys[0]]).SingleAsync();
        tracked.Articles = 5;
        await db.SaveChangesAsync();
        (await db.OutletBucketStats.AsNoTracking().SingleAsync(r => r.Dimension == "slant" && r.Bucket == Bucket.Week && r.Start == day1 && r.OutletId == "out_a"))
            .Articles.ShouldBe(5);

        (await db.OutletBucketStats.WithKeys(db, ["Dimension", "Bucket", "Start", "OutletId"], []).ToListAsync()).ShouldBeEmpty();
        Should.Throw<ArgumentException>(() => db.OutletBucketStats.WithKeys(db, ["Dimension", "Bucket"], [["slant"]]));
    }

    [Fact]
    public void On_SQL_Server_the_keys_are_an_OPENJSON_table_compared_in_each_column_s_collation()
    {
        using var db = new SqlServerCredibilityDbContext(new DbContextOptionsBuilder<SqlServerCredibilityDbContext>()
            .UseSqlServer("Server=unused;Database=unused").Options);

        var sql = db.OutletDayAnnotators.WithKeys(db, ["OutletId", "Dimension", "Day"], [["out_a", "slant", new DateOnly(2024, 1, 1)]]).ToQueryString();

        sql.ShouldContain("OPENJSON(@");
        sql.ShouldContain("WITH ([k0] nvarchar(40) '$[0]', [k1] nvarchar(64) '$[1]', [k2] date '$[2]')");
        sql.ShouldContain("[s].[OutletId] = [k].[k0] AND [s].[Dimension] = [k].[k1] COLLATE Latin1_General_100_BIN2 AND [s].[Day] = [k].[k2]");
        sql.ShouldContain("[[\"out_a\",\"slant\",\"2024-01-01\"]]");
    }
}

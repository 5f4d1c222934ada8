using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CredibilityApi.Domain;
using CredibilityApi.Features.Annotations;
using CredibilityApi.Features.Annotations.Import;
using CredibilityApi.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.LoadBaseline;

/// <summary>
/// The import scenario's baseline (tests/load/import-scenario.sh): reads the NDJSON the API's importer reads and
/// inserts the same rows, an Annotations row and its first AnnotationRevisions row per rating, with Microsoft.Data.Sqlite
/// directly, one transaction per batch: the batch's articles looked up in one query, then a prepared INSERT of each row.
/// What the API does besides is left out: no validation, no re-import check, no idempotency record, no rollups.
/// Ratings only (the scenario imports ratings).
/// <code>dotnet CredibilityApi.LoadBaseline.dll import --db PATH --input FILE [--batch-size 1000]</code>
/// Prints <c>RESULT records=N seconds=S rps=R</c>, timed from the first line read to the last commit.
/// </summary>
internal static class ImportBaseline
{
    private const string AdminId = "acc_admin0000000000000000000000000000";

    public static int Run(string[] args)
    {
        string? db = null, input = null;
        var batchSize = 1000;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--db": db = args[i + 1]; break;
                case "--input": input = args[i + 1]; break;
                case "--batch-size": batchSize = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        if (db is null || input is null)
        {
            Console.Error.WriteLine("usage: import --db PATH --input FILE [--batch-size 1000]");
            return 2;
        }

        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(json);
        var snapshotJson = new JsonSerializerOptions();
        Json.Configure(snapshotJson);

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadWrite }.ToString());
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // The API's settings: WAL and synchronous=NORMAL.
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
            pragma.ExecuteNonQuery();
        }

        using var insertAnnotation = Prepared(connection,
            "INSERT INTO Annotations (Id, Kind, TargetType, TargetId, OutletId, ArticleId, ClaimId, ArticlePublishedAt, AuthorId, Tags, Status, Hidden, EvidenceUrls, " +
            "Dimension, Value, Confidence, RubricVersion, Version, CreatedAt, UpdatedAt) " +
            "VALUES ($p0, 'Rating', 'Article', $p1, $p2, $p1, NULL, $p3, $p4, $p5, 'Active', 0, '[]', $p6, $p7, $p8, $p9, 1, $p10, $p10)", 11);
        using var insertRevision = Prepared(connection,
            "INSERT INTO AnnotationRevisions (AnnotationId, Revision, Action, RecordedBy, Reason, Snapshot, RecordedAt) VALUES ($p0, 1, 'Created', $p1, 'Imported', $p2, $p3)", 4);
        int currentVersion;
        using (var version = connection.CreateCommand())
        {
            version.CommandText = "SELECT MAX(Version) FROM RubricVersions";
            currentVersion = Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        var started = Stopwatch.GetTimestamp();
        var total = 0;
        var batch = new List<ImportRecord>(batchSize);
        foreach (var line in File.ReadLines(input))
        {
            if (line.Length == 0)
            {
                continue;
            }

            batch.Add(JsonSerializer.Deserialize<ImportRecord>(line, json) ?? throw new InvalidDataException("a null record"));
            if (batch.Count == batchSize)
            {
                total += Write(connection, insertAnnotation, insertRevision, batch, currentVersion, snapshotJson);
                batch.Clear();
            }
        }

        total += Write(connection, insertAnnotation, insertRevision, batch, currentVersion, snapshotJson);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT records={total} seconds={seconds:0.000} rps={total / seconds:0.0}"));
        return 0;
    }

    private static int Write(SqliteConnection connection, SqliteCommand insertAnnotation, SqliteCommand insertRevision, List<ImportRecord> batch, int currentVersion, JsonSerializerOptions snapshotJson)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        var articles = new Dictionary<string, (string OutletId, DateTime? PublishedAt)>(StringComparer.Ordinal);
        var ids = batch.Select(r => r.Target!.Id).Distinct(StringComparer.Ordinal).ToList();
        using (var lookup = connection.CreateCommand())
        {
            lookup.Transaction = transaction;
            lookup.CommandText = $"SELECT Id, OutletId, PublishedAt FROM Articles WHERE Id IN ({string.Join(", ", ids.Select((_, i) => "$a" + i.ToString(CultureInfo.InvariantCulture)))})";
            for (var i = 0; i < ids.Count; i++)
            {
                lookup.Parameters.AddWithValue("$a" + i.ToString(CultureInfo.InvariantCulture), ids[i]);
            }

            using var reader = lookup.ExecuteReader();
            while (reader.Read())
            {
                articles[reader.GetString(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc));
            }
        }

        insertAnnotation.Transaction = transaction;
        insertRevision.Transaction = transaction;
        var now = DateTime.UtcNow;
        foreach (var record in batch)
        {
            var rating = record.Rating ?? throw new InvalidDataException("the baseline imports ratings only");
            var articleId = record.Target!.Id;
            var (outletId, publishedAt) = articles[articleId];
            var id = Ids.New("ann");
            var version = rating.RubricVersion ?? currentVersion;
            Bind(insertAnnotation, id, articleId, outletId, publishedAt, record.AuthorId, JsonSerializer.Serialize(record.Tags), rating.Dimension, rating.Value!.Value,
                rating.Confidence, version, now).ExecuteNonQuery();
            var model = new AnnotationModel
            {
                Id = id,
                Kind = AnnotationKind.Rating,
                Target = new TargetModel { Type = TargetType.Article, Id = articleId },
                OutletId = outletId,
                ArticleId = articleId,
                ClaimId = null,
                ArticlePublishedAt = publishedAt,
                AuthorId = record.AuthorId,
                Revision = 1,
                Status = AnnotationStatus.Active,
                Tags = record.Tags,
                Rating = new RatingModel { Dimension = rating.Dimension, Value = rating.Value.Value, Confidence = rating.Confidence, RubricVersion = version },
                CreatedAt = now,
                UpdatedAt = now,
                ETag = ETags.For(1),
            };
            Bind(insertRevision, id, AdminId, JsonSerializer.Serialize(model, snapshotJson), now).ExecuteNonQuery();
        }

        transaction.Commit();
        return batch.Count;
    }

    private static SqliteCommand Prepared(SqliteConnection connection, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), DBNull.Value));
        }

        command.Prepare();
        return command;
    }

    private static SqliteCommand Bind(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }
}

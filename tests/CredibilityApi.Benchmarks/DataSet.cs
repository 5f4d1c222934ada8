using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CredibilityApi.Domain;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Benchmarks;

/// <summary>What the generator wrote and how long each stage took.</summary>
internal sealed record GenerationReport(
    TimeSpan Schema,
    TimeSpan Insert,
    TimeSpan Indexes,
    TimeSpan Rollups,
    long RatingRows,
    long CurrentRatings,
    long Retracted,
    long Hidden,
    long ArticleDimensionRows,
    long OutletDayRows,
    long OutletDayAnnotatorRows,
    long FileBytes);

/// <summary>
/// A deterministic synthetic data set written straight into a migrated SQLite file: outlets, annotator
/// accounts, articles spread over the window, and rating annotations on the five dimensions of rubric v1.
/// Rows go in through prepared INSERT commands inside large transactions (no EF change tracking); the
/// secondary indexes of Annotations are dropped during the load and recreated from their own DDL after it.
/// </summary>
internal static class DataSet
{
    /// <summary>The dimensions of rubric v1 (see the ClaimsAndAnnotations migration) with their ranges.</summary>
    public static readonly (string Key, double Min, double Max)[] Dimensions =
    [
        ("factual_accuracy", 0, 100),
        ("sourcing_transparency", 0, 100),
        ("framing_neutrality", 0, 100),
        ("headline_fidelity", 0, 100),
        ("slant", -100, 100),
    ];

    /// <summary>Share of rating rows written retracted, and hidden: the rollups and the naive path must both skip them.</summary>
    private const double RetractedShare = 0.01;

    private const double HiddenShare = 0.005;

    private static readonly DateTime Written = new(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string OutletId(int i) => $"out_{i:D32}";

    public static string ArticleId(int i) => $"art_{i:D32}";

    public static string AccountId(int i) => $"acc_{i:D32}";

    private static string AnnotationId(long i) => $"ann_{i:D32}";

    public static string AdminId => "acc_admin0000000000000000000000000000";

    /// <summary>
    /// The API key of annotator account <paramref name="i"/>: known, so that a load test can act as the annotators.
    /// Only ever used on a generated scratch database.
    /// </summary>
    public static string AnnotatorKey(int i) => $"cred_bench-annotator-{i:D2}-not-a-secret";

    /// <summary>The API key of the generated admin account (32 characters or more, as the API requires of a configured key).</summary>
    public const string AdminKey = "cred_bench-admin-key-not-a-secret-0000";

    /// <summary>
    /// The pepper the generated keys are hashed under; tests/load-benchmark.sh gives the same to the API
    /// (<c>Auth__KeyPepper</c>) and to the baseline. Only ever used on a generated scratch database.
    /// </summary>
    public const string KeyPepper = "bench-key-pepper-not-a-secret-0123456789abcdef";

    /// <summary>The primary domain of outlet <paramref name="i"/> (every fourth outlet also has an alias).</summary>
    public static string OutletHost(int i) => $"outlet{i:D3}.bench.example";

    /// <summary>Framing notes and claims per article: each article gets 0, 1 or 2 of each (one on average).</summary>
    private const int MaxExtrasPerArticle = 2;

    public static async Task<(long RatingRows, TimeSpan Insert, TimeSpan Indexes)> LoadAsync(SqliteConnection connection, Options o)
    {
        var random = new Random(o.Seed);
        var clock = Stopwatch.StartNew();

        // Bulk-load settings for this connection only: the file is scratch, so durability does not matter here.
        await ExecAsync(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-524288; PRAGMA temp_store=MEMORY;");

        // Secondary indexes of Annotations are rebuilt once at the end from their own DDL: far cheaper than
        // maintaining five random-order b-trees row by row.
        var annotationIndexes = new List<(string Name, string Sql)>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Annotations' AND sql IS NOT NULL";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                annotationIndexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in annotationIndexes)
        {
            await ExecAsync(connection, $"DROP INDEX \"{name}\"");
        }

        // --- Accounts and outlets -----------------------------------------------------------------
        await using (var tx = connection.BeginTransaction())
        {
            await using var account = Prepare(connection, tx,
                "INSERT INTO Accounts (Id, Name, Email, Role, Version, CreatedAt, UpdatedAt) VALUES ($id, $name, NULL, $role, 1, $at, $at)",
                ("$id", SqliteType.Text), ("$name", SqliteType.Text), ("$role", SqliteType.Text), ("$at", SqliteType.Text));
            Run(account, AdminId, "Bench admin", "Admin", Written);
            for (var i = 0; i < o.Annotators; i++)
            {
                Run(account, AccountId(i), $"Bench annotator {i:D2}", "Annotator", Written);
            }

            // One known API key per account, stored as the API stores keys (HMAC-SHA-256 under the pepper, a label apart from the secret).
            var hasher = new Domain.KeyHasher(KeyPepper);
            await using var key = Prepare(connection, tx,
                "INSERT INTO ApiKeys (Id, AccountId, Prefix, Hash, HashScheme, Name, CreatedAt, ExpiresAt, RevokedAt) VALUES ($id, $account, $prefix, $hash, 'HmacSha256', 'bench', $at, NULL, NULL)",
                ("$id", SqliteType.Text), ("$account", SqliteType.Text), ("$prefix", SqliteType.Text), ("$hash", SqliteType.Text), ("$at", SqliteType.Text));
            Run(key, "key_admin0000000000000000000000000000", AdminId, "key-benchadm", hasher.Hash(AdminKey), Written);
            for (var i = 0; i < o.Annotators; i++)
            {
                Run(key, $"key_{i:D32}", AccountId(i), $"key-bench{i:D3}", hasher.Hash(AnnotatorKey(i)), Written);
            }

            await using var outlet = Prepare(connection, tx,
                "INSERT INTO Outlets (Id, Name, Homepage, Country, Language, Ownership, Notes, Version, CreatedAt, UpdatedAt) " +
                "VALUES ($id, $name, $home, NULL, 'en', 'Private', NULL, 1, $at, $at)",
                ("$id", SqliteType.Text), ("$name", SqliteType.Text), ("$home", SqliteType.Text), ("$at", SqliteType.Text));
            for (var i = 0; i < o.Outlets; i++)
            {
                Run(outlet, OutletId(i), $"Bench Outlet {i:D3}", $"https://{OutletHost(i)}/", Written);
            }

            await using var domain = Prepare(connection, tx,
                "INSERT INTO OutletDomains (OutletId, Host, IsPrimary) VALUES ($outlet, $host, $primary)",
                ("$outlet", SqliteType.Text), ("$host", SqliteType.Text), ("$primary", SqliteType.Integer));
            for (var i = 0; i < o.Outlets; i++)
            {
                Run(domain, OutletId(i), OutletHost(i), 1);
                if (i % 4 == 0)
                {
                    Run(domain, OutletId(i), $"outlet{i:D3}-news.bench.example", 0);
                }
            }

            tx.Commit();
        }

        // --- Outlet and annotator character: every number below comes from the seeded generator ----
        var dims = Dimensions.Length;
        var outletBase = new double[o.Outlets, dims];
        var outletDrift = new double[o.Outlets, dims];
        var outletWeight = new double[o.Outlets];
        for (var i = 0; i < o.Outlets; i++)
        {
            outletWeight[i] = Math.Exp(0.6 * Normal(random));
            for (var d = 0; d < dims; d++)
            {
                var bipolar = Dimensions[d].Min < 0;
                outletBase[i, d] = bipolar ? Math.Clamp(35 * Normal(random), -85, 85) : Math.Clamp(62 + (10 * Normal(random)), 15, 95);
                outletDrift[i, d] = 6 * Normal(random); // points per year
            }
        }

        var annotatorBias = new double[o.Annotators, dims];
        var annotatorNoise = new double[o.Annotators];
        for (var r = 0; r < o.Annotators; r++)
        {
            annotatorNoise[r] = 0.5 + random.NextDouble();
            for (var d = 0; d < dims; d++)
            {
                annotatorBias[r, d] = (Dimensions[d].Min < 0 ? 8 : 4) * Normal(random);
            }
        }

        // --- Articles: outlet by weight, publication instant uniform over the window, ids in time order ---
        var cumulative = new double[o.Outlets];
        var total = 0.0;
        for (var i = 0; i < o.Outlets; i++)
        {
            total += outletWeight[i];
            cumulative[i] = total;
        }

        var windowStart = o.From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var windowSeconds = (long)(o.To.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - windowStart).TotalSeconds;
        var articles = new (int Outlet, DateTime PublishedAt)[o.Articles];
        for (var a = 0; a < o.Articles; a++)
        {
            var pick = Array.BinarySearch(cumulative, random.NextDouble() * total);
            var outletIndex = Math.Min(o.Outlets - 1, pick < 0 ? ~pick : pick);
            articles[a] = (outletIndex, windowStart.AddSeconds(random.NextInt64(windowSeconds)));
        }

        Array.Sort(articles, (x, y) => x.PublishedAt.CompareTo(y.PublishedAt));

        await using (var tx = connection.BeginTransaction())
        {
            await using var article = Prepare(connection, tx,
                "INSERT INTO Articles (Id, OutletId, Url, UrlHash, Title, Authors, PublishedAt, Language, Body, BodySha256, BodyLength, CreatedBy, Version, CreatedAt, UpdatedAt) " +
                "VALUES ($id, $outlet, $url, $hash, $title, '[]', $published, 'en', NULL, NULL, NULL, $by, 1, $at, $at)",
                ("$id", SqliteType.Text), ("$outlet", SqliteType.Text), ("$url", SqliteType.Text), ("$hash", SqliteType.Text),
                ("$title", SqliteType.Text), ("$published", SqliteType.Text), ("$by", SqliteType.Text), ("$at", SqliteType.Text));
            for (var a = 0; a < o.Articles; a++)
            {
                var url = $"https://outlet{articles[a].Outlet:D3}.bench.example/a/{a}";
                Run(article, ArticleId(a), OutletId(articles[a].Outlet), url, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url))),
                    $"Bench article {a}", articles[a].PublishedAt, AccountId(a % o.Annotators), Written);
            }

            tx.Commit();
        }

        // --- How many annotators rate each article: 2..18, then nudged so the total is exact ---------
        var target = o.Ratings / dims;
        var raters = new int[o.Articles];
        long sum = 0;
        for (var a = 0; a < o.Articles; a++)
        {
            raters[a] = Math.Min(o.Annotators, random.Next(2, 19));
            sum += raters[a];
        }

        while (sum != target)
        {
            var a = random.Next(o.Articles);
            if (sum > target && raters[a] > 1)
            {
                raters[a]--;
                sum--;
            }
            else if (sum < target && raters[a] < o.Annotators)
            {
                raters[a]++;
                sum++;
            }
        }

        // --- Ratings ---------------------------------------------------------------------------------
        const string insertRating =
            "INSERT INTO Annotations (Id, Kind, TargetType, TargetId, OutletId, ArticleId, ArticlePublishedAt, AuthorId, Tags, Status, " +
            "RetractionReason, RetractedAt, Hidden, HiddenReason, HiddenAt, HiddenBy, EvidenceUrls, Dimension, Value, Confidence, RubricVersion, Version, CreatedAt, UpdatedAt) " +
            "VALUES ($id, 'Rating', 'Article', $article, $outlet, $article, $published, $author, '[]', $status, " +
            "$rreason, $rat, $hidden, $hreason, $hat, $hby, '[]', $dim, $value, NULL, 1, $version, $created, $updated)";
        (string, SqliteType)[] ratingParameters =
        [
            ("$id", SqliteType.Text), ("$article", SqliteType.Text), ("$outlet", SqliteType.Text), ("$published", SqliteType.Text),
            ("$author", SqliteType.Text), ("$status", SqliteType.Text), ("$rreason", SqliteType.Text), ("$rat", SqliteType.Text),
            ("$hidden", SqliteType.Integer), ("$hreason", SqliteType.Text), ("$hat", SqliteType.Text), ("$hby", SqliteType.Text),
            ("$dim", SqliteType.Text), ("$value", SqliteType.Real), ("$version", SqliteType.Integer), ("$created", SqliteType.Text),
            ("$updated", SqliteType.Text),
        ];

        const int perTransaction = 100_000;
        var order = Enumerable.Range(0, o.Annotators).ToArray();
        var articleEffect = new double[dims];
        long written = 0;
        var transaction = connection.BeginTransaction();
        var rating = Prepare(connection, transaction, insertRating, ratingParameters);
        try
        {
            for (var a = 0; a < o.Articles; a++)
            {
                var (outletIndex, publishedAt) = articles[a];
                var years = (publishedAt - windowStart).TotalDays / 365.25;
                for (var d = 0; d < dims; d++)
                {
                    articleEffect[d] = (Dimensions[d].Min < 0 ? 15 : 9) * Normal(random);
                }

                // A random set of distinct annotators: partial Fisher-Yates over the account indexes.
                for (var k = 0; k < raters[a]; k++)
                {
                    var swap = k + random.Next(o.Annotators - k);
                    (order[k], order[swap]) = (order[swap], order[k]);
                }

                for (var k = 0; k < raters[a]; k++)
                {
                    var r = order[k];
                    var created = publishedAt.AddSeconds(3600 + random.Next(30 * 86400));
                    for (var d = 0; d < dims; d++)
                    {
                        var (key, min, max) = Dimensions[d];
                        var noise = (min < 0 ? 12 : 7) * annotatorNoise[r] * Normal(random);
                        var value = Math.Round(Math.Clamp(outletBase[outletIndex, d] + (outletDrift[outletIndex, d] * (years - 2.5)) + articleEffect[d] + annotatorBias[r, d] + noise, min, max));
                        var u = random.NextDouble();
                        var retracted = u < RetractedShare;
                        var hidden = !retracted && u < RetractedShare + HiddenShare;
                        var changed = created.AddDays(2);
                        Run(rating,
                            AnnotationId(written), ArticleId(a), OutletId(outletIndex), publishedAt, AccountId(r),
                            retracted ? "Retracted" : "Active",
                            retracted ? "benchmark: retracted" : null, retracted ? changed : null,
                            hidden ? 1 : 0, hidden ? "benchmark: hidden" : null, hidden ? changed : null, hidden ? AdminId : null,
                            key, value, retracted || hidden ? 2 : 1, created, retracted || hidden ? changed : created);
                        written++;
                        if (written % perTransaction == 0)
                        {
                            transaction.Commit();
                            transaction.Dispose();
                            transaction = connection.BeginTransaction();
                            rating.Transaction = transaction;
                        }
                    }
                }
            }

            transaction.Commit();
        }
        finally
        {
            rating.Dispose();
            transaction.Dispose();
        }

        await LoadClaimsAndNotesAsync(connection, o, articles);

        var insert = clock.Elapsed;
        clock.Restart();
        foreach (var (_, sql) in annotationIndexes)
        {
            await ExecAsync(connection, sql);
        }

        return (written, insert, clock.Elapsed);
    }

    /// <summary>
    /// Claims and framing notes, 0 to <see cref="MaxExtrasPerArticle"/> of each per article (about one of each on average),
    /// by random annotators, from their own seeded generator so that the ratings stay what they were before these existed.
    /// Rows are what the API's claim and framing endpoints write (without revision rows: the notes are never edited here).
    /// </summary>
    private static async Task LoadClaimsAndNotesAsync(SqliteConnection connection, Options o, (int Outlet, DateTime PublishedAt)[] articles)
    {
        var random = new Random(o.Seed ^ 0x6c61696d);
        var techniques = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT Key FROM Techniques ORDER BY Key";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                techniques.Add(reader.GetString(0));
            }
        }

        SourceType[] claimantTypes = [SourceType.Person, SourceType.Organisation, SourceType.Government, SourceType.Outlet, SourceType.Anonymous, SourceType.Unknown];
        var hopOptions = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase) },
        };

        await using var tx = connection.BeginTransaction();
        await using var claim = Prepare(connection, tx,
            "INSERT INTO Claims (Id, ArticleId, OutletId, ArticlePublishedAt, Exact, Prefix, Suffix, Start, End, BodySha256, ClaimantName, ClaimantType, Chain, AttributionClass, Tags, CreatedBy, Version, CreatedAt, UpdatedAt) " +
            "VALUES ($id, $article, $outlet, $published, $exact, NULL, NULL, NULL, NULL, NULL, $claimant, $type, $chain, $class, '[]', $by, 1, $at, $at)",
            ("$id", SqliteType.Text), ("$article", SqliteType.Text), ("$outlet", SqliteType.Text), ("$published", SqliteType.Text), ("$exact", SqliteType.Text),
            ("$claimant", SqliteType.Text), ("$type", SqliteType.Text), ("$chain", SqliteType.Text), ("$class", SqliteType.Text), ("$by", SqliteType.Text), ("$at", SqliteType.Text));
        await using var note = Prepare(connection, tx,
            "INSERT INTO Annotations (Id, Kind, TargetType, TargetId, OutletId, ArticleId, ArticlePublishedAt, AuthorId, Tags, Status, Hidden, EvidenceUrls, " +
            "Technique, Severity, Beneficiary, Stance, Comment, Version, CreatedAt, UpdatedAt) " +
            "VALUES ($id, 'Framing', 'Article', $article, $outlet, $article, $published, $author, '[]', 'Active', 0, '[]', $technique, $severity, $beneficiary, NULL, $comment, 1, $at, $at)",
            ("$id", SqliteType.Text), ("$article", SqliteType.Text), ("$outlet", SqliteType.Text), ("$published", SqliteType.Text), ("$author", SqliteType.Text),
            ("$technique", SqliteType.Text), ("$severity", SqliteType.Integer), ("$beneficiary", SqliteType.Text), ("$comment", SqliteType.Text), ("$at", SqliteType.Text));
        long claims = 0, notes = 0;
        for (var a = 0; a < articles.Length; a++)
        {
            var (outletIndex, publishedAt) = articles[a];
            var at = publishedAt.AddSeconds(3600 + random.Next(30 * 86400));
            for (var k = random.Next(MaxExtrasPerArticle + 1); k > 0; k--)
            {
                var type = claimantTypes[random.Next(claimantTypes.Length)];
                List<AttributionHop> chain = random.Next(3) == 0
                    ? [new AttributionHop($"Bench agency {random.Next(50)}", SourceType.Outlet, Medium.Interview, Relation.QuotedFrom, null)]
                    : [];
                Run(claim, $"clm_{claims++:D32}", ArticleId(a), OutletId(outletIndex), publishedAt, $"Bench claim {claims} of article {a}.",
                    type is SourceType.Anonymous or SourceType.Unknown ? null : $"Bench source {random.Next(500)}", type.ToString(),
                    System.Text.Json.JsonSerializer.Serialize(chain, hopOptions), Attribution.Classify(type, chain).ToString(),
                    AccountId(random.Next(o.Annotators)), at);
            }

            for (var k = random.Next(MaxExtrasPerArticle + 1); k > 0; k--)
            {
                Run(note, $"ann_f{notes++:D31}", ArticleId(a), OutletId(outletIndex), publishedAt, AccountId(random.Next(o.Annotators)),
                    techniques[random.Next(techniques.Count)], 1 + random.Next(3), random.Next(2) == 0 ? "bench beneficiary" : null,
                    $"Bench framing note on article {a}.", at);
            }
        }

        tx.Commit();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            // DateTime values are bound by Microsoft.Data.Sqlite as "yyyy-MM-dd HH:mm:ss.FFFFFFF", exactly the text
            // EF Core's SQLite provider writes and compares against.
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    public static async Task ExecAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>A standard normal draw (Box-Muller), from the seeded generator.</summary>
    private static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

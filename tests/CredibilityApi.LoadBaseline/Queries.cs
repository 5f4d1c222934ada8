using System.Globalization;
using System.Text.Json;
using CredibilityApi.Aggregation;
using CredibilityApi.Domain;
using CredibilityApi.Features.Annotations;
using CredibilityApi.Features.Outlets;
using CredibilityApi.Features.Scores.GetSeries;
using CredibilityApi.Infrastructure;
using CredibilityApi.Scoring;
using Microsoft.Data.Sqlite;
using RateRequest = CredibilityApi.Features.Annotations.Rate.Request;
using RateResponse = CredibilityApi.Features.Annotations.Rate.Response;

namespace CredibilityApi.LoadBaseline;

/// <summary>A dimension of a rubric version, as the series and the rating need it.</summary>
internal sealed record Dimension(int Version, string Key, double Min, double Max, bool HigherIsBetter, double Weight);

/// <summary>The three requests, each as direct SQL plus the API's own pure code and response models.</summary>
internal sealed class Queries(Sessions sessions, JsonSerializerOptions json, TimeProvider clock)
{
    private const int MaxBuckets = 2000;

    /// <summary>The revision snapshot's settings, as the API's Snapshots class makes them.</summary>
    private static readonly JsonSerializerOptions SnapshotJson = CreateSnapshotJson();

    private static JsonSerializerOptions CreateSnapshotJson()
    {
        var options = new JsonSerializerOptions();
        Json.Configure(options);
        return options;
    }

    private static DateTime Utc(SqliteDataReader reader, int i) => DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc);

    private static DateTime? UtcOrNull(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : Utc(reader, i);

    private static string? StringOrNull(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static IResult NotFound(string what, string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"There is no {what.ToLowerInvariant()} '{id}'.");

    private static IResult Unprocessable(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Validation failed", detail: detail);

    private IResult Ok<T>(T value) => Results.Json(value, json);

    // ---- GET /outlets/{id} ------------------------------------------------------------------------

    public async Task<IResult> GetOutletAsync(HttpContext context, string id)
    {
        var outlet = await sessions.ReadAsync(s =>
        {
            using var reader = s.Command(
                "SELECT o.Name, o.Homepage, o.Country, o.Language, o.Ownership, o.Notes, o.CreatedAt, o.UpdatedAt, o.Version, d.Host, d.IsPrimary " +
                "FROM Outlets o LEFT JOIN OutletDomains d ON d.OutletId = o.Id WHERE o.Id = $p0", id).ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            string? primary = null;
            var aliases = new List<string>();
            var (name, homepage, country, language) = (reader.GetString(0), StringOrNull(reader, 1), StringOrNull(reader, 2), StringOrNull(reader, 3));
            var ownership = Enum.Parse<Ownership>(reader.GetString(4));
            var (notes, created, updated, version) = (StringOrNull(reader, 5), Utc(reader, 6), Utc(reader, 7), reader.GetInt32(8));
            do
            {
                if (reader.IsDBNull(9))
                {
                    continue;
                }

                if (reader.GetBoolean(10))
                {
                    primary ??= reader.GetString(9);
                }
                else
                {
                    aliases.Add(reader.GetString(9));
                }
            }
            while (reader.Read());

            aliases.Sort(StringComparer.Ordinal);
            return new OutletModel
            {
                Id = id, Name = name, Homepage = homepage, PrimaryDomain = primary!, Aliases = aliases, Country = country, Language = language,
                Ownership = ownership, Notes = notes, CreatedAt = created, UpdatedAt = updated, ETag = ETags.For(version),
            };
        }, context.RequestAborted);
        if (outlet is null)
        {
            return NotFound("Outlet", id);
        }

        context.Response.Headers.ETag = outlet.ETag;
        return Ok(outlet);
    }

    // ---- GET /outlets/{id}/scores -----------------------------------------------------------------

    /// <summary>Every dimension of every rubric version, with the current version: one small query instead of the API's three.</summary>
    private static (List<Dimension> All, int Current) Rubric(Session s)
    {
        using var reader = s.Command("SELECT d.RubricVersion, d.Key, d.Min, d.Max, d.Polarity, d.Weight, (SELECT MAX(Version) FROM RubricVersions) FROM RubricDimensions d ORDER BY d.RubricVersion, d.Key").ExecuteReader();
        var all = new List<Dimension>();
        var current = 0;
        while (reader.Read())
        {
            all.Add(new Dimension(reader.GetInt32(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetString(4) == nameof(Polarity.HigherIsBetter), reader.GetDouble(5)));
            current = reader.GetInt32(6);
        }

        return (all, current);
    }

    private static string In(int first, int count) => string.Join(", ", Enumerable.Range(first, count).Select(i => "$p" + i));

    public async Task<IResult> GetSeriesAsync(HttpContext context, string id)
    {
        var query = context.Request.Query;
        var bucket = Bucket.Month;
        if (query["bucket"].ToString() is { Length: > 0 } b && !Enum.TryParse(b, ignoreCase: true, out bucket))
        {
            return Results.Problem(statusCode: 400, title: "Bad request", detail: "'bucket' is day, week, month, quarter or year.");
        }

        DateOnly? Date(string name) => query[name].ToString() is { Length: > 0 } text ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        var (reqFrom, reqTo) = (Date("from"), Date("to"));
        var halfLife = query["halfLifeDays"].ToString() is { Length: > 0 } h ? double.Parse(h, CultureInfo.InvariantCulture) : Scoring.Methodology.V1.DefaultHalfLifeDays;
        var asked = query["dimensions"].ToString();
        var now = clock.GetUtcNow().UtcDateTime;
        var (from, to) = Window.Resolve(reqFrom, reqTo, now);
        if (to <= from || halfLife <= 0 || halfLife > 36500)
        {
            return Results.Problem(statusCode: 400, title: "Bad request", detail: "Inconsistent window or half-life.");
        }

        var windowStart = Buckets.StartOf(from, bucket);
        var result = await sessions.ReadAsync<IResult>(s =>
        {
            string? name;
            using (var reader = s.Command("SELECT Name FROM Outlets WHERE Id = $p0", id).ExecuteReader())
            {
                name = reader.Read() ? reader.GetString(0) : null;
            }

            if (name is null)
            {
                return NotFound("Outlet", id);
            }

            var (rubric, current) = Rubric(s);
            var known = rubric.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
            var dimensions = string.IsNullOrWhiteSpace(asked)
                ? rubric.Where(d => d.Version == current).Select(d => d.Key).Order(StringComparer.Ordinal).ToList()
                : asked.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
            if (dimensions.Except(known).ToList() is { Count: > 0 } unknown)
            {
                return Unprocessable($"Unknown dimension(s): {string.Join(", ", unknown)}.");
            }

            if (Buckets.Count(from, to, bucket) > MaxBuckets)
            {
                return Unprocessable($"The series would have more than {MaxBuckets} buckets.");
            }

            var weighted = rubric.Where(d => d.Version == current && d.HigherIsBetter && d.Weight > 0).ToList();
            var computed = dimensions.Union(weighted.Select(d => d.Key)).ToList();
            var inputs = Load(s, id, computed, windowStart, to, bucket);
            var all = SeriesBuilder.Build(inputs, id, computed, from, to, bucket, halfLife);
            return Ok(new Response
            {
                OutletId = id,
                OutletName = name,
                Bucket = bucket,
                From = from,
                To = to,
                HalfLifeDays = halfLife,
                AsOf = null,
                MethodologyVersion = Scoring.Methodology.V1.Version,
                ComputedAt = now,
                Composite = all
                    .GroupBy(p => (p.Start, p.End))
                    .Select(g =>
                    {
                        var scores = weighted.Select(d => new DimensionScore(d.Key, d.Min, d.Max, d.Weight, true, g.FirstOrDefault(p => p.Dimension == d.Key)?.Posterior?.Mean)).ToList();
                        return new CompositePoint
                        {
                            Start = g.Key.Start,
                            End = g.Key.End,
                            Index = Composite.Index(scores),
                            Dimensions = [.. Composite.Included(scores).Select(d => d.Key).Order(StringComparer.Ordinal)],
                        };
                    })
                    .OrderBy(c => c.Start)
                    .ToList(),
                Points = all.Where(p => dimensions.Contains(p.Dimension)).Select(PointModel.From).ToList(),
            });
        }, context.RequestAborted);
        return result;
    }

    /// <summary>
    /// What ScoreInputLoader.FromRollupsAsync(..., bucket) reads, in SQL: the stored priors of the whole buckets,
    /// the outlet's day rows, every outlet's day rows in a bucket the window cuts short, the outlet's article scores
    /// up to the window's end and its day annotators.
    /// </summary>
    private static ScoreInputs Load(Session s, string outletId, List<string> dimensions, DateOnly from, DateOnly to, Bucket bucket)
    {
        var firstStart = Buckets.StartOf(from, bucket);
        var wholeFrom = firstStart == from ? from : Buckets.Next(firstStart, bucket);
        var wholeTo = Buckets.StartOf(to, bucket);
        if (wholeTo < wholeFrom)
        {
            wholeTo = wholeFrom;
        }

        var n = dimensions.Count;
        object?[] With(params object?[] rest) => [.. dimensions, .. rest];

        var priors = new Dictionary<(string Dimension, DateOnly Start), Prior>();
        using (var reader = s.Command(
                   $"SELECT Dimension, Start, Mu, Tau2, Sigma2, Outlets FROM BucketPriors WHERE Dimension IN ({In(0, n)}) AND Bucket = $p{n} AND Start >= $p{n + 1} AND Start < $p{n + 2}",
                   With(bucket.ToString(), wholeFrom, wholeTo)).ExecuteReader())
        {
            while (reader.Read())
            {
                // A flat prior's tau2 (+∞) is stored as -1, as the API's BucketPriorConfiguration converts it.
                var tau2 = reader.GetDouble(3);
                priors[(reader.GetString(0), reader.GetFieldValue<DateOnly>(1))] = new Prior(reader.GetDouble(2), tau2 < 0 ? double.PositiveInfinity : tau2, reader.GetDouble(4), reader.GetInt32(5));
            }
        }

        const string dayColumns = "OutletId, Dimension, Day, Articles, ScoreSum, ScoreSumSquares, Ratings, PairableValues, PairableUnits, PairableSum, PairableSumSquares, ObservedDisagreement";
        var days = new List<DayInput>();
        void ReadDays(SqliteCommand command)
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                days.Add(new DayInput(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2),
                    new Moments(reader.GetInt32(3), reader.GetDouble(4), reader.GetDouble(5)), reader.GetInt32(6),
                    new Krippendorff.IntervalSums(reader.GetInt32(7), reader.GetInt32(8), reader.GetDouble(9), reader.GetDouble(10), reader.GetDouble(11))));
            }
        }

        ReadDays(s.Command($"SELECT {dayColumns} FROM OutletDayStats WHERE OutletId = $p{n} AND Dimension IN ({In(0, n)}) AND Day >= $p{n + 1} AND Day < $p{n + 2}", With(outletId, from, to)));
        foreach (var (edgeFrom, edgeTo) in new[] { (from, wholeFrom < to ? wholeFrom : to), (wholeTo, to) })
        {
            if (edgeFrom < edgeTo)
            {
                ReadDays(s.Command($"SELECT {dayColumns} FROM OutletDayStats WHERE Dimension IN ({In(0, n)}) AND Day >= $p{n} AND Day < $p{n + 1} AND OutletId <> $p{n + 2}", With(edgeFrom, edgeTo, outletId)));
            }
        }

        var articles = new List<ArticleInput>();
        using (var reader = s.Command(
                   $"SELECT Dimension, PublishedAt, Sum / Ratings FROM ArticleDimensionStats WHERE OutletId = $p{n} AND Dimension IN ({In(0, n)}) AND PublishedAt < $p{n + 1}",
                   With(outletId, to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))).ExecuteReader())
        {
            while (reader.Read())
            {
                articles.Add(new ArticleInput(outletId, reader.GetString(0), Utc(reader, 1), reader.GetDouble(2)));
            }
        }

        var annotators = new Dictionary<(string Dimension, DateOnly Day), HashSet<string>>();
        using (var reader = s.Command(
                   $"SELECT Dimension, Day, AnnotatorId FROM OutletDayAnnotators WHERE OutletId = $p{n} AND Dimension IN ({In(0, n)}) AND Day >= $p{n + 1} AND Day < $p{n + 2}",
                   With(outletId, from, to)).ExecuteReader())
        {
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetFieldValue<DateOnly>(1));
                if (!annotators.TryGetValue(key, out var set))
                {
                    annotators[key] = set = [];
                }

                set.Add(reader.GetString(2));
            }
        }

        return new ScoreInputs(days, articles, annotators.ToDictionary(a => a.Key, a => (IReadOnlyCollection<string>)a.Value), new StoredPriors(bucket, wholeFrom, wholeTo, priors));
    }

    // ---- POST /articles/{articleId}/ratings -------------------------------------------------------

    private sealed record ArticleRow(string OutletId, DateTime PublishedAt);

    private sealed record RatingRow(string Id, int Version, DateTime CreatedAt, DateTime? ArticlePublishedAt, string OutletId, bool Hidden, string? HiddenReason);

    /// <summary>
    /// The rows the API's rating endpoint writes, without rollup maintenance: per value, the caller's rating of
    /// the article on that dimension inserted, or updated to a new revision (reviving a retracted one), plus its
    /// revision row with the snapshot; one transaction per request.
    /// </summary>
    public async Task<IResult> RateAsync(HttpContext context, string articleId, string author)
    {
        RateRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<RateRequest>(context.Request.Body, json, context.RequestAborted);
        }
        catch (JsonException e)
        {
            return Results.Problem(statusCode: 400, title: "Bad request", detail: e.Message);
        }

        if (request is null || request.Values.Count is 0 or > 50 || request.Values.Select(v => v.Dimension).Distinct(StringComparer.Ordinal).Count() != request.Values.Count
            || request.Values.Any(v => v.Value is not { } x || !double.IsFinite(x) || v.Confidence is < 0 or > 1) || request.RubricVersion is <= 0)
        {
            return Results.Problem(statusCode: 400, title: "Bad request", detail: "Invalid rating request.");
        }

        var checkedRequest = await sessions.ReadAsync<(ArticleRow? Article, IResult? Problem, int Version)>(s =>
        {
            ArticleRow? article;
            using (var reader = s.Command("SELECT OutletId, PublishedAt FROM Articles WHERE Id = $p0", articleId).ExecuteReader())
            {
                article = reader.Read() ? new ArticleRow(reader.GetString(0), Utc(reader, 1)) : null;
            }

            if (article is null)
            {
                return (null, NotFound("Article", articleId), 0);
            }

            var (rubric, current) = Rubric(s);
            var version = request.RubricVersion ?? current;
            var dimensions = rubric.Where(d => d.Version == version).ToDictionary(d => d.Key);
            if (dimensions.Count == 0)
            {
                return (null, Unprocessable($"There is no rubric version {version}."), 0);
            }

            foreach (var value in request.Values)
            {
                if (!dimensions.TryGetValue(value.Dimension, out var dimension) || value.Value < dimension.Min || value.Value > dimension.Max)
                {
                    return (null, Unprocessable($"'{value.Dimension}' is not a dimension of version {version}, or {value.Value} is outside its range."), 0);
                }
            }

            if (request.Tags.Count > 0)
            {
                using var reader = s.Command($"SELECT COUNT(*) FROM Tags WHERE Key IN ({In(0, request.Tags.Count)})", [.. request.Tags]).ExecuteReader();
                if (!reader.Read() || reader.GetInt32(0) != request.Tags.Distinct().Count())
                {
                    return (null, Unprocessable("Unknown tag(s)."), 0);
                }
            }

            return (article, null, version);
        }, context.RequestAborted);
        if (checkedRequest.Problem is { } problem)
        {
            return problem;
        }

        var (target, _, rubricVersion) = checkedRequest;
        var now = clock.GetUtcNow().UtcDateTime;
        var tags = JsonSerializer.Serialize(request.Tags);
        var keys = request.Values.Select(v => v.Dimension).ToList();
        var ratings = await sessions.WriteAsync((s, _) =>
        {
            var existing = new Dictionary<string, RatingRow>(StringComparer.Ordinal);
            using (var reader = s.Command(
                       $"SELECT Dimension, Id, Version, CreatedAt, ArticlePublishedAt, OutletId, Hidden, HiddenReason FROM Annotations " +
                       $"WHERE Kind = 'Rating' AND AuthorId = $p0 AND ArticleId = $p1 AND Dimension IN ({In(2, keys.Count)})",
                       [author, articleId, .. keys]).ExecuteReader())
            {
                while (reader.Read())
                {
                    existing[reader.GetString(0)] = new RatingRow(reader.GetString(1), reader.GetInt32(2), Utc(reader, 3), UtcOrNull(reader, 4), reader.GetString(5), reader.GetBoolean(6), StringOrNull(reader, 7));
                }
            }

            var written = new List<AnnotationModel>();
            foreach (var value in request.Values)
            {
                AnnotationModel model;
                if (existing.TryGetValue(value.Dimension, out var row))
                {
                    s.Command(
                        "UPDATE Annotations SET Status = 'Active', RetractionReason = NULL, RetractedAt = NULL, Value = $p0, Confidence = $p1, RubricVersion = $p2, " +
                        "Tags = $p3, Version = $p4, UpdatedAt = $p5 WHERE Id = $p6 AND Version = $p7",
                        value.Value, value.Confidence, rubricVersion, tags, row.Version + 1, now, row.Id, row.Version).ExecuteNonQuery();
                    model = Model(row.Id, row.OutletId, articleId, row.ArticlePublishedAt, author, row.Version + 1, row.Hidden, row.HiddenReason, request.Tags, value, rubricVersion, row.CreatedAt, now);
                }
                else
                {
                    var id = Ids.New("ann");
                    s.Command(
                        "INSERT INTO Annotations (Id, Kind, TargetType, TargetId, OutletId, ArticleId, ClaimId, ArticlePublishedAt, AuthorId, Tags, Status, Hidden, EvidenceUrls, " +
                        "Dimension, Value, Confidence, RubricVersion, Version, CreatedAt, UpdatedAt) " +
                        "VALUES ($p0, 'Rating', 'Article', $p1, $p2, $p1, NULL, $p3, $p4, $p5, 'Active', 0, '[]', $p6, $p7, $p8, $p9, 1, $p10, $p10)",
                        id, articleId, target!.OutletId, target.PublishedAt, author, tags, value.Dimension, value.Value, value.Confidence, rubricVersion, now).ExecuteNonQuery();
                    model = Model(id, target.OutletId, articleId, target.PublishedAt, author, 1, false, null, request.Tags, value, rubricVersion, now, now);
                }

                s.Command(
                    "INSERT INTO AnnotationRevisions (AnnotationId, Revision, Action, RecordedBy, Reason, Snapshot, RecordedAt) VALUES ($p0, $p1, $p2, $p3, NULL, $p4, $p5)",
                    model.Id, model.Revision, (model.Revision == 1 ? RevisionAction.Created : RevisionAction.Edited).ToString(), author,
                    JsonSerializer.Serialize(model, SnapshotJson), now).ExecuteNonQuery();
                written.Add(model);
            }

            return written;
        }, context.RequestAborted);
        return Ok(new RateResponse { Ratings = ratings });
    }

    private static AnnotationModel Model(
        string id, string outletId, string articleId, DateTime? publishedAt, string author, int version, bool hidden, string? hiddenReason,
        IReadOnlyList<string> tags, Features.Annotations.Rate.RatingValue value, int rubricVersion, DateTime created, DateTime updated) => new()
    {
        Id = id,
        Kind = AnnotationKind.Rating,
        Target = new TargetModel { Type = TargetType.Article, Id = articleId },
        OutletId = outletId,
        ArticleId = articleId,
        ClaimId = null,
        ArticlePublishedAt = publishedAt,
        AuthorId = author,
        Revision = version,
        Status = AnnotationStatus.Active,
        Hidden = hidden,
        HiddenReason = hiddenReason,
        Tags = tags,
        Rating = new RatingModel { Dimension = value.Dimension, Value = value.Value ?? 0, Confidence = value.Confidence, RubricVersion = rubricVersion },
        CreatedAt = created,
        UpdatedAt = updated,
        ETag = ETags.For(version),
    };
}

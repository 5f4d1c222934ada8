using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Annotations.Import;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock, BulkWriteCache bulkCache) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/imports/annotations");
        Roles(RoleNames.Admin);
        Options(b => b.WithMetadata(new RequestBodyLimit(Limits.ImportRequestBodyBytes)));
        Description(b => b.ClearDefaultProduces()
            .WithName("ImportAnnotations")
            .WithTags("Annotations")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 409, 413, 415, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Import a batch of annotations";
            s.Description =
                "Admins only: loads up to 1000 annotations (provenance notes, framing notes, ratings) in one all-or-nothing batch, " +
                "for migrations and load tests. Each record has the shape of a row of GET /api/v1/exports/annotations, so an export " +
                "imports unchanged; it is recorded for its 'authorId' (an existing annotator or admin account) and checked by the " +
                "rules of its kind's own endpoint. If any record fails, the answer is 422 with one error per failing field, named " +
                "'annotations[i].field' by the record's index, and nothing is written. Otherwise all records are written in one " +
                "transaction, with the rating rollups' queued changes (scores read after the answer include them). A rating for an (author, article, dimension) that already has one " +
                "makes a new revision of it, as POST /api/v1/articles/{articleId}/ratings does; the same triple twice in one batch " +
                "is a 422. A record already present is left alone and counted as unchanged: a note the author already has on the target " +
                "with the same content and tags, or a rating equal to the author's current one; so a batch imported twice writes nothing " +
                "the second time. Ids and revisions are the server's; timestamps too (an imported annotation is created now) unless " +
                "keepTimestamps is true, which keeps each record's createdAt and updatedAt (for migrations; see its description). The body may be " +
                "up to 8 MiB. Send an Idempotency-Key to retry a batch safely. CLI: src/CredibilityApi.Import.";
            s.ExampleRequest = new Request
            {
                Annotations =
                [
                    new ImportRecord
                    {
                        Kind = AnnotationKind.Rating,
                        Target = new TargetModel { Type = TargetType.Article, Id = CredibilityApi.Features.Examples.Article.Id },
                        AuthorId = CredibilityApi.Features.Examples.Account.Id,
                        Rating = new RatingImport { Dimension = "factual_accuracy", Value = 35, Confidence = 0.7, RubricVersion = 1 },
                    },
                    new ImportRecord
                    {
                        Kind = AnnotationKind.Framing,
                        Target = new TargetModel { Type = TargetType.Article, Id = CredibilityApi.Features.Examples.Article.Id },
                        AuthorId = CredibilityApi.Features.Examples.Account.Id,
                        Framing = new FramingImport
                        {
                            Technique = "name-calling-labeling",
                            Severity = 2,
                            Span = new AnchorModel { Exact = "marauding militants" },
                        },
                    },
                ],
            };
            s.ResponseExamples[200] = new Response
            {
                Imported = 2,
                Created = 2,
                Updated = 0,
                Ids = ["ann_0192f0c7e8f9a0b1c2d3e4f5a6b7c8d9", "ann_0192f0c7e8f9a0b1c2d3e4f5a6b7c8da"],
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var records = req.Annotations;

        // The batch's reads and writes on one connection with a larger page cache (BulkWriteCache: issue 13), ended before
        // the answer is written: closing the connection also opens SQLite's write gate if a failed write left it shut.
        Written? written;
        await using (await bulkCache.WidenAsync(db, ct))
        {
            written = await WriteBatchAsync(req, ct);
        }

        if (written is null)
        {
            await AnnotationStore.ConflictAsync(HttpContext,
                "Another request rated one of these articles for the same author and dimension at the same time; nothing was imported. Retry the batch.");
            return;
        }

        if (written.Created > 0)
        {
            RollupApplier.Wake();
        }

        await Send.OkAsync(new Response
        {
            Imported = records.Count,
            Created = written.Created,
            Updated = written.Updated,
            Unchanged = records.Count - written.Created - written.Updated,
            Ids = written.Ids,
        }, ct);
    }

    /// <summary>What a batch wrote: every record's annotation id, in order, and how many annotations it created and re-rated.</summary>
    private sealed record Written(List<string> Ids, int Created, int Updated);

    /// <summary>
    /// Reads what the batch refers to, checks every record (a 422 is thrown from here) and writes the batch in one
    /// transaction; null when a concurrent request rated the same (author, article, dimension) first.
    /// </summary>
    private async Task<Written?> WriteBatchAsync(Request req, CancellationToken ct)
    {
        var records = req.Annotations;
        var context = await BatchContext.LoadAsync(db, records, ct);
        var checks = new RecordChecks(db, context);
        var now = clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < records.Count; i++)
        {
            var failures = await checks.CheckAsync(records[i], ct);
            if (req.KeepTimestamps)
            {
                failures.AddRange(RecordChecks.Timestamps(records[i], now));
            }

            foreach (var failure in failures)
            {
                AddError(new ValidationFailure($"annotations[{i}].{failure.PropertyName}", failure.ErrorMessage, failure.AttemptedValue)
                {
                    ErrorCode = failure.ErrorCode,
                });
            }
        }

        ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);

        var admin = User.AccountId();
        var ids = new List<string>(records.Count);
        var added = new List<Annotation>(records.Count);
        var revisions = new List<AnnotationRevision>(records.Count);
        int created = 0, updated = 0;
        foreach (var record in records)
        {
            // Kept: the record's instants, either standing in for the other when only one is sent; else the import's.
            var createdAt = record.CreatedAt is { } c ? Instants.AsUtc(c) : record.UpdatedAt is { } u0 ? Instants.AsUtc(u0) : now;
            var at = req.KeepTimestamps
                ? (CreatedAt: createdAt, UpdatedAt: record.UpdatedAt is { } u ? Instants.AsUtc(u) : createdAt)
                : (CreatedAt: now, UpdatedAt: now);
            var (annotation, outcome) = Write(record, context, now, req.KeepTimestamps ? at : null);
            ids.Add(annotation.Id);
            if (outcome == Outcome.Unchanged)
            {
                continue;
            }

            if (outcome == Outcome.Created)
            {
                added.Add(annotation);
            }

            revisions.Add(AnnotationStore.Revision(annotation, outcome == Outcome.Created ? RevisionAction.Created : RevisionAction.Edited, admin, "Imported", at.UpdatedAt));
            created += outcome == Outcome.Created ? 1 : 0;
            updated += outcome == Outcome.Updated ? 1 : 0;
        }

        // One transaction for the batch and the queued rollup change of every (article, dimension) it rated. New
        // annotations and all revisions are inserted set-based, a few multi-row statements per batch, around the
        // change tracker (BulkInsert queues the new ratings' rollups); re-rated ratings are tracked and saved, and
        // the interceptor queues theirs, as any other write's.
        try
        {
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await BulkInsert.InsertAnnotationsAsync(db, added, ct);
                await db.SaveChangesAsync(ct);
                await BulkInsert.InsertAsync(db, revisions, ct);
                await transaction.CommitAsync(ct);
            });
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e))
        {
            return null;
        }

        return new Written(ids, created, updated);
    }

    private enum Outcome
    {
        Created,
        Updated,
        Unchanged,
    }

    private (Annotation Annotation, Outcome Outcome) Write(ImportRecord record, BatchContext context, DateTime now, (DateTime CreatedAt, DateTime UpdatedAt)? kept)
    {
        var target = context.Target(record.Target!)!;
        if (record.Kind != AnnotationKind.Rating)
        {
            var note = record.Kind == AnnotationKind.Provenance
                ? Annotation.Provenance(target, record.Provenance!.ToContent(), record.Tags, record.AuthorId, now)
                : Annotation.Framing(target, context.FramingContent(record), record.Tags, record.AuthorId, now);

            // The same note by the same author on the same target (already stored, or earlier in this batch) is not written twice.
            if (context.SameNote(note) is { } present)
            {
                return (present, Outcome.Unchanged);
            }

            if (kept is { } at)
            {
                note.KeepTimestamps(at.CreatedAt, at.UpdatedAt);
            }

            context.Added(note);
            return (note, Outcome.Created);
        }

        var rating = record.Rating!;
        var content = new RatingContent(rating.Dimension, rating.Value!.Value, rating.Confidence, context.VersionOf(rating));
        if (context.ExistingRating(record.AuthorId, record.Target!.Id, rating.Dimension) is { } existing)
        {
            var stale = kept is { } k && existing.UpdatedAt >= k.UpdatedAt;
            if (stale || (existing.Status == AnnotationStatus.Active && existing.Dimension == content.Dimension && existing.Value == content.Value &&
                          existing.Confidence == content.Confidence && existing.RubricVersion == content.RubricVersion &&
                          existing.Tags.Order(StringComparer.Ordinal).SequenceEqual(record.Tags.Distinct().Order(StringComparer.Ordinal), StringComparer.Ordinal)))
            {
                return (existing, Outcome.Unchanged);
            }

            // Tracked from here: saved with the batch, and seen by the interceptor, which queues its rollup change.
            db.Attach(existing);
            existing.Rerate(content, record.Tags, kept?.UpdatedAt ?? now);
            return (existing, Outcome.Updated);
        }

        var created = Annotation.Rating(target, content, record.Tags, record.AuthorId, now);
        if (kept is { } when)
        {
            created.KeepTimestamps(when.CreatedAt, when.UpdatedAt);
        }

        return (created, Outcome.Created);
    }
}

/// <summary>
/// Everything the records of a batch refer to, loaded with a few queries per batch rather than a few per
/// record: targets, article bodies (for spans), authors, rubric dimensions and the authors' current ratings.
/// </summary>
internal sealed class BatchContext
{
    private readonly Dictionary<TargetType, Dictionary<string, AnnotationTarget>> _targets = [];
    private readonly Dictionary<string, string?> _bodies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Role> _authors = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Dictionary<string, RubricDimension>> _rubrics = [];
    private readonly Dictionary<(string Author, string Article, string Dimension), Annotation> _ratings = [];
    private readonly Dictionary<ImportRecord, Anchor?> _spans = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, Annotation> _notes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _knownTags = new(StringComparer.Ordinal);
    private int _currentVersion;

    public static async Task<BatchContext> LoadAsync(CredibilityDbContext db, IReadOnlyList<ImportRecord> records, CancellationToken ct)
    {
        var context = new BatchContext();
        foreach (var group in records.Where(r => r.Target is not null && Enum.IsDefined(r.Target.Type)).GroupBy(r => r.Target!.Type))
        {
            var ids = group.Select(r => r.Target!.Id).Distinct(StringComparer.Ordinal).ToList();
            context._targets[group.Key] = await AnnotationStore.ResolveManyAsync(db, group.Key, ids, ct);
        }

        var spanned = records.Where(r => r.Framing?.Span is not null && r.Target?.Type == TargetType.Article)
            .Select(r => r.Target!.Id).Distinct(StringComparer.Ordinal).ToList();
        if (spanned.Count > 0)
        {
            foreach (var article in await db.Articles.AsNoTracking().Where(a => spanned.Contains(a.Id)).Select(a => new { a.Id, a.Body }).ToListAsync(ct))
            {
                context._bodies[article.Id] = article.Body;
            }
        }

        // The batch's tags in one query; a record with a tag not among them is checked (and told the valid ones) on its own.
        var tags = records.SelectMany(r => r.Tags ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count > 0)
        {
            context._knownTags.UnionWith(await db.Tags.AsNoTracking().Where(t => tags.Contains(t.Key)).Select(t => t.Key).ToListAsync(ct));
        }

        var authorIds = records.Select(r => r.AuthorId).Distinct(StringComparer.Ordinal).ToList();
        foreach (var author in await db.Accounts.AsNoTracking().Where(a => authorIds.Contains(a.Id)).Select(a => new { a.Id, a.Role }).ToListAsync(ct))
        {
            context._authors[author.Id] = author.Role;
        }

        var ratings = records.Where(r => r.Kind == AnnotationKind.Rating && r.Rating is not null && r.Target is not null).ToList();
        if (ratings.Count > 0)
        {
            context._currentVersion = await db.RubricVersions.MaxAsync(r => r.Version, ct);
            var versions = ratings.Select(r => r.Rating!.RubricVersion ?? context._currentVersion).Distinct().ToList();
            foreach (var group in (await db.RubricDimensions.AsNoTracking().Where(d => versions.Contains(d.RubricVersion)).ToListAsync(ct)).GroupBy(d => d.RubricVersion))
            {
                context._rubrics[group.Key] = group.ToDictionary(d => d.Key, StringComparer.Ordinal);
            }

            // The authors' ratings of the batch's articles on the batch's dimensions (a superset of the triples, in one
            // query), untracked: the write attaches the few it re-rates, as the rating endpoint does.
            var articles = ratings.Select(r => r.Target!.Id).Distinct(StringComparer.Ordinal).ToList();
            var raters = ratings.Select(r => r.AuthorId).Distinct(StringComparer.Ordinal).ToList();
            var dimensions = ratings.Select(r => r.Rating!.Dimension).Distinct(StringComparer.Ordinal).ToList();
            var existing = await db.Annotations.AsNoTracking()
                .Where(a => a.Kind == AnnotationKind.Rating && articles.Contains(a.ArticleId!) && raters.Contains(a.AuthorId) && dimensions.Contains(a.Dimension!))
                .ToListAsync(ct);
            foreach (var rating in existing)
            {
                context._ratings[(rating.AuthorId, rating.ArticleId!, rating.Dimension!)] = rating;
            }
        }

        // The authors' notes on the batch's targets, whatever their state, so a note imported before is not written twice.
        var notes = records.Where(r => r.Kind is AnnotationKind.Provenance or AnnotationKind.Framing && r.Target is not null).ToList();
        if (notes.Count > 0)
        {
            var targetIds = notes.Select(r => r.Target!.Id).Distinct(StringComparer.Ordinal).ToList();
            var writers = notes.Select(r => r.AuthorId).Distinct(StringComparer.Ordinal).ToList();
            var present = await db.Annotations.AsNoTracking()
                .Where(a => a.Kind != AnnotationKind.Rating && writers.Contains(a.AuthorId) &&
                            (targetIds.Contains(a.ArticleId!) || targetIds.Contains(a.ClaimId!) || targetIds.Contains(a.OutletId)))
                .ToListAsync(ct);
            foreach (var note in present.OrderBy(a => a.CreatedAt))
            {
                context._notes.TryAdd(NoteKey(note), note);
            }
        }

        return context;
    }

    /// <summary>The note already present (stored or earlier in the batch) with the same author, target, content and tags; null when none.</summary>
    public Annotation? SameNote(Annotation candidate) => _notes.GetValueOrDefault(NoteKey(candidate));

    /// <summary>Remembers a note the batch writes, so an identical later record of the batch is left alone.</summary>
    public void Added(Annotation note) => _notes.TryAdd(NoteKey(note), note);

    /// <summary>A note's author, target, content and tags as text: what makes two notes the same note.</summary>
    private static string NoteKey(Annotation note) => System.Text.Json.JsonSerializer.Serialize(AnnotationModel.From(note) with
    {
        Id = "",
        Revision = 0,
        Status = AnnotationStatus.Active,
        RetractionReason = null,
        RetractedAt = null,
        Hidden = false,
        HiddenReason = null,
        Blind = false,
        CampaignId = null,
        Tags = [.. note.Tags.Distinct().Order(StringComparer.Ordinal)],
        CreatedAt = default,
        UpdatedAt = default,
        ETag = "",
    });

    public AnnotationTarget? Target(TargetModel target) =>
        _targets.TryGetValue(target.Type, out var byId) ? byId.GetValueOrDefault(target.Id) : null;

    public string? Body(string articleId) => _bodies.GetValueOrDefault(articleId);

    /// <summary>Whether every tag is in the vocabulary (as loaded for the batch).</summary>
    public bool KnownTags(IEnumerable<string> tags) => tags.All(_knownTags.Contains);

    public Role? AuthorRole(string authorId) => _authors.TryGetValue(authorId, out var role) ? role : null;

    public int VersionOf(RatingImport rating) => rating.RubricVersion ?? _currentVersion;

    public IReadOnlyDictionary<string, RubricDimension>? Dimensions(int version) => _rubrics.GetValueOrDefault(version);

    public Annotation? ExistingRating(string author, string article, string dimension) =>
        _ratings.GetValueOrDefault((author, article, dimension));

    /// <summary>Remembers where a framing record's span anchored, for the write.</summary>
    public void Anchored(ImportRecord record, Anchor? span) => _spans[record] = span;

    public FramingContent FramingContent(ImportRecord record)
    {
        var framing = record.Framing!;
        return new FramingContent(framing.Technique, framing.Severity, framing.Beneficiary, framing.Stance, framing.Comment, _spans.GetValueOrDefault(record));
    }
}

/// <summary>
/// The checks of one record: its shape, then the validator of its kind's own endpoint on the equivalent
/// request, then the checks those endpoints make against the database. Field names are the record's own.
/// </summary>
internal sealed class RecordChecks(CredibilityDbContext db, BatchContext context)
{
    private readonly RecordShapeValidator _shape = new();
    private readonly RecordProvenance.Validator _provenance = new();
    private readonly RecordFraming.Validator _framing = new();
    private readonly Rate.Validator _rate = new();
    private readonly Dictionary<string, ValidationFailure?> _techniques = new(StringComparer.Ordinal);
    private readonly HashSet<(string Author, string Article, string Dimension)> _rated = [];

    public async Task<List<ValidationFailure>> CheckAsync(ImportRecord record, CancellationToken ct)
    {
        var failures = _shape.Validate(record).Errors;
        if (failures.Count > 0)
        {
            return failures;
        }

        failures = record.Kind switch
        {
            AnnotationKind.Provenance => _provenance.Validate(new RecordProvenance.Request
            {
                Target = record.Target!, Provenance = record.Provenance!, Tags = record.Tags,
            }).Errors,
            AnnotationKind.Framing => Renamed(_framing.Validate(new RecordFraming.Request
            {
                ArticleId = record.Target!.Id, Framing = record.Framing!.ToInput(null), Tags = record.Tags,
            }).Errors, "framing.selector", "framing.span"),
            _ => Renamed(_rate.Validate(new Rate.Request
            {
                ArticleId = record.Target!.Id,
                RubricVersion = record.Rating!.RubricVersion,
                Values = [new Rate.RatingValue { Dimension = record.Rating.Dimension, Value = record.Rating.Value, Confidence = record.Rating.Confidence }],
                Tags = record.Tags,
            }).Errors, "values[0]", "rating", "rubricVersion", "rating.rubricVersion"),
        };
        if (failures.Count > 0)
        {
            return failures;
        }

        var target = context.Target(record.Target!);
        if (target is null)
        {
            failures.Add(new ValidationFailure("target.id", $"No {record.Target!.Type.ToString().ToLowerInvariant()} has the id '{record.Target.Id}'.") { ErrorCode = "target-not-found" });
        }

        switch (context.AuthorRole(record.AuthorId))
        {
            case null:
                failures.Add(new ValidationFailure("authorId", $"No account has the id '{record.AuthorId}'. Create the annotator's account first (POST /api/v1/accounts).") { ErrorCode = "author-not-found" });
                break;
            case Role.Researcher:
                failures.Add(new ValidationFailure("authorId", $"The account '{record.AuthorId}' is a researcher's; only annotators and admins record annotations.") { ErrorCode = "author-not-writer" });
                break;
        }

        if (!context.KnownTags(record.Tags) && await AnnotationStore.CheckTagsAsync(db, record.Tags, "tags", ct) is { } tagError)
        {
            failures.Add(tagError);
        }

        if (record.Framing is { } framing)
        {
            if (await CheckTechniqueAsync(framing.Technique, ct) is { } techniqueError)
            {
                failures.Add(techniqueError);
            }

            if (target is not null && framing.Span is not null)
            {
                var result = Anchoring.Resolve(context.Body(target.Id), framing.ToInput(target.BodySha256).Selector!.ToDomain());
                if (result.Succeeded)
                {
                    context.Anchored(record, result.Anchor);
                }
                else
                {
                    // A batch answers one problem for many records; each record's failure stays a plain field error.
                    failures.Add(AnnotationStore.AnchorFailure(result, "framing.span", asProblem: false));
                }
            }
        }

        if (record.Rating is { } rating)
        {
            CheckRating(record, rating, failures);
        }

        return failures;
    }

    /// <summary>With keepTimestamps: instants in the past (or now), in the supported range, updatedAt not before createdAt.</summary>
    public static IEnumerable<ValidationFailure> Timestamps(ImportRecord record, DateTime now)
    {
        var created = record.CreatedAt is { } c ? Instants.AsUtc(c) : (DateTime?)null;
        var updated = record.UpdatedAt is { } u ? Instants.AsUtc(u) : (DateTime?)null;
        foreach (var (field, value) in new[] { ("createdAt", created), ("updatedAt", updated) })
        {
            if (value is { } v && (v > now || v.Year < 1000))
            {
                yield return new ValidationFailure(field, $"With keepTimestamps, '{field}' must be an instant in the past (after the year 1000); it is {v:O}.")
                {
                    ErrorCode = "timestamp-out-of-range",
                };
            }
        }

        if (created is { } from && updated is { } to && to < from)
        {
            yield return new ValidationFailure("updatedAt", "With keepTimestamps, 'updatedAt' cannot be before 'createdAt'.") { ErrorCode = "timestamp-order" };
        }
    }

    private void CheckRating(ImportRecord record, RatingImport rating, List<ValidationFailure> failures)
    {
        var version = context.VersionOf(rating);
        if (context.Dimensions(version) is not { } dimensions)
        {
            failures.Add(new ValidationFailure("rating.rubricVersion",
                $"There is no rubric version {version}. GET /api/v1/rubrics lists the published versions.")
                { ErrorCode = "unknown-rubric-version" });
            return;
        }

        if (AnnotationStore.CheckRatingValue(dimensions, version, rating.Dimension, rating.Value!.Value, "rating") is { } error)
        {
            failures.Add(error);
        }

        if (!_rated.Add((record.AuthorId, record.Target!.Id, rating.Dimension)))
        {
            failures.Add(new ValidationFailure("rating.dimension",
                $"An earlier record of this batch already rates article '{record.Target.Id}' on '{rating.Dimension}' for '{record.AuthorId}'; an author has one rating per article and dimension.")
                { ErrorCode = "duplicate-rating" });
        }
    }

    private async Task<ValidationFailure?> CheckTechniqueAsync(string technique, CancellationToken ct)
    {
        if (!_techniques.TryGetValue(technique, out var failure))
        {
            failure = await AnnotationStore.CheckTechniqueAsync(db, technique, "framing.technique", ct);
            _techniques[technique] = failure;
        }

        return failure;
    }

    /// <summary>Field names of the endpoint's request, as the record names them (pairs of from, to).</summary>
    private static List<ValidationFailure> Renamed(List<ValidationFailure> failures, params string[] renames)
    {
        foreach (var failure in failures)
        {
            for (var i = 0; i < renames.Length; i += 2)
            {
                if (failure.PropertyName.StartsWith(renames[i], StringComparison.Ordinal))
                {
                    failure.PropertyName = renames[i + 1] + failure.PropertyName[renames[i].Length..];
                    break;
                }
            }
        }

        return failures;
    }
}

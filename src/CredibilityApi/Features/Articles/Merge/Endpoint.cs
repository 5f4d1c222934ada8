using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Annotations;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Articles.Merge;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock, TypeAdapterConfig mapping) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/articles/{id}/merge");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultProduces()
            .WithName("MergeArticles")
            .WithTags("Articles")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 409, 413, 415)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Merge a duplicate article into this one (admin)";
            s.Description =
                "For databases that hold one story as two articles (registered before article identity, or before its outlet " +
                "declared mirrorDomains). In one transaction: every claim and annotation of the duplicate moves to this article " +
                "(each annotation gets a revision with action 'moved', so its history shows where it was; claims keep the selector " +
                "and body hash they were anchored on, even where the bodies differ); the duplicate's URL and aliases become aliases " +
                "of this article; the duplicate becomes a tombstone (GET answers 404 with mergedInto and Location naming this " +
                "article); and the score rollups of both articles are queued for recomputation. When one annotator rated both " +
                "articles on a dimension, one current rating remains: the later current one's value is kept on this article's " +
                "rating (a new revision) and the other is retracted with a reason naming the one kept. Admins only. 404 when either " +
                "article does not exist, 409 when the duplicate was already merged.";
            s.ExampleRequest = new Request { Id = CredibilityApi.Features.Examples.Article.Id, DuplicateId = "art_0192f0c3b4c57d6e8f9a0b1c2d3e4f99" };
            s.ResponseExamples[200] = new Response
            {
                Survivor = CredibilityApi.Features.Examples.ArticleSummary,
                DuplicateId = "art_0192f0c3b4c57d6e8f9a0b1c2d3e4f99",
                MovedClaims = 3,
                MovedAnnotations = 7,
                SupersededRatings = [],
                Aliases =
                [
                    new ArticleAliasModel
                    {
                        Url = "https://herald-example.ir/world/2021/03/advance.html",
                        CreatedBy = CredibilityApi.Features.Examples.Account.Id,
                        CreatedAt = CredibilityApi.Features.Examples.Article.CreatedAt,
                    },
                ],
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var survivor = await db.Articles.SingleOrDefaultAsync(a => a.Id == req.Id, ct);
        if (survivor is null)
        {
            await ArticleProblems.NotFoundAsync(db, HttpContext, req.Id, ct);
            return;
        }

        var duplicate = await db.Articles.IgnoreQueryFilters().SingleOrDefaultAsync(a => a.Id == req.DuplicateId, ct);
        if (duplicate is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Article", req.DuplicateId);
            return;
        }

        if (duplicate.MergedIntoId is not null)
        {
            HttpContext.Response.Headers.Location = $"/api/v1/articles/{duplicate.MergedIntoId}";
            await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Article already merged",
                $"The article '{duplicate.Id}' was already merged into {duplicate.MergedIntoId}.",
                new Dictionary<string, object?> { ["mergedInto"] = duplicate.MergedIntoId });
            return;
        }

        var admin = User.AccountId();
        var now = clock.GetUtcNow().UtcDateTime;
        var reason = $"Article {duplicate.Id} merged into {survivor.Id}.";

        var claims = await db.Claims.Where(c => c.ArticleId == duplicate.Id).ToListAsync(ct);
        foreach (var claim in claims)
        {
            claim.MoveTo(survivor, now);
        }

        var moving = await db.Annotations.Where(a => a.ArticleId == duplicate.Id).ToListAsync(ct);
        var survivorRatings = (await db.Annotations
                .Where(a => a.ArticleId == survivor.Id && a.Kind == AnnotationKind.Rating)
                .ToListAsync(ct))
            .ToDictionary(a => (a.AuthorId, a.Dimension!));

        var changed = new List<Annotation>();
        var superseded = new List<SupersededRating>();
        var moved = 0;
        foreach (var annotation in moving)
        {
            if (annotation.Kind == AnnotationKind.Rating && survivorRatings.TryGetValue((annotation.AuthorId, annotation.Dimension!), out var kept))
            {
                // One rating per (annotator, article, dimension). The later current one wins; its value lives on in
                // the survivor's rating and the duplicate's rating stays, retracted, with the tombstone.
                if (annotation.IsCurrent && (!kept.IsCurrent || annotation.UpdatedAt > kept.UpdatedAt))
                {
                    kept.Rerate(new RatingContent(annotation.Dimension!, annotation.Value!.Value, annotation.Confidence, annotation.RubricVersion!.Value), annotation.Tags, now);
                    AnnotationStore.Record(db, kept, RevisionAction.Edited, admin, $"{reason} Takes the value of the later rating {annotation.Id} by the same annotator.", now);
                    changed.Add(kept);
                }

                if (annotation.Status == AnnotationStatus.Active)
                {
                    annotation.Retract($"{reason} Superseded by {kept.Id}, the same annotator's rating of {survivor.Id} on {annotation.Dimension}.", now);
                    AnnotationStore.Record(db, annotation, RevisionAction.Retracted, admin, annotation.RetractionReason, now);
                    changed.Add(annotation);
                    superseded.Add(new SupersededRating { AnnotationId = annotation.Id, KeptAnnotationId = kept.Id, Dimension = annotation.Dimension!, AuthorId = annotation.AuthorId });
                }

                continue;
            }

            annotation.MoveTo(survivor, now);
            AnnotationStore.Record(db, annotation, RevisionAction.Moved, admin, reason, now);
            changed.Add(annotation);
            moved++;
        }

        // Every (article, dimension) rated on either article is recomputed: the duplicate's rows empty out and the
        // survivor's take in what moved, so the rollups equal a recomputation afterwards.
        var dimensions = moving.Concat(survivorRatings.Values)
            .Where(a => a.Kind == AnnotationKind.Rating)
            .Select(a => a.Dimension!)
            .Distinct(StringComparer.Ordinal);
        foreach (var dimension in dimensions.ToList())
        {
            db.PendingRollups.Add(new Aggregation.PendingRollup { ArticleId = duplicate.Id, Dimension = dimension });
            db.PendingRollups.Add(new Aggregation.PendingRollup { ArticleId = survivor.Id, Dimension = dimension });
        }

        foreach (var alias in await db.ArticleAliases.Where(x => x.ArticleId == duplicate.Id).ToListAsync(ct))
        {
            alias.MoveTo(survivor.Id);
        }

        if (!await db.ArticleAliases.AnyAsync(x => x.UrlHash == ArticleUrl.Hash(duplicate.Url), ct))
        {
            db.ArticleAliases.Add(new ArticleAlias(survivor.Id, duplicate.Url, duplicate.IdentityHash, admin, now));
        }

        duplicate.MergeInto(survivor, admin, now);

        // One SaveChanges, one transaction: moves, revisions, aliases, tombstone and queued rollups commit together.
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e))
        {
            // A concurrent edit of a moved annotation wrote the revision this merge meant to (or changed its version).
            await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Conflict with a concurrent change",
                "One of the two articles' annotations changed while the merge ran. Send the merge again.");
            return;
        }

        var result = await db.Articles.AsNoTracking().Where(a => a.Id == survivor.Id).ProjectToType<ArticleSummaryModel>(mapping).SingleAsync(ct);
        var aliases = await db.ArticleAliases.AsNoTracking()
            .Where(x => x.ArticleId == survivor.Id)
            .OrderBy(x => x.Id)
            .Select(x => new ArticleAliasModel { Url = x.Url, CreatedBy = x.CreatedBy, CreatedAt = x.CreatedAt })
            .ToListAsync(ct);
        await Send.OkAsync(new Response
        {
            Survivor = result,
            DuplicateId = duplicate.Id,
            MovedClaims = claims.Count,
            MovedAnnotations = moved,
            SupersededRatings = superseded,
            Aliases = aliases,
        }, ct);
    }
}

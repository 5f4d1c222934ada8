using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Annotations.Rate;

public sealed class Endpoint(CredibilityDbContext db, IRatingReads reads, IRatingWrites writes, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/articles/{articleId}/ratings");
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultProduces()
            .WithName("RateArticle")
            .WithTags("Annotations")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 409, 413, 415, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Rate an article";
            s.Description =
                "Rates an article on one or more rubric dimensions in one request. Each annotator has one current rating per " +
                "(article, dimension): rating again makes a new revision of it (and revives a retracted one). Values are checked " +
                "against the dimension's range, and the rubric version is recorded (the current one unless given). An unknown " +
                "dimension or version is a 422 listing the valid ones.";
            s.ExampleRequest = new Request
            {
                ArticleId = "art_0192f0c3b4c57d6e8f9a0b1c2d3e4f50",
                Values =
                [
                    new RatingValue { Dimension = "factual_accuracy", Value = 35, Confidence = 0.7 },
                    new RatingValue { Dimension = "sourcing_transparency", Value = 20 },
                    new RatingValue { Dimension = "slant", Value = -60 },
                ],
            };
            s.ResponseExamples[200] = new Response { Ratings = [Examples.Rating] };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // The article, the current rubric version, the author's ratings of it and a pending campaign, read at once (IRatingReads).
        var author = User.AccountId();
        var context = await reads.ReadAsync(req.ArticleId, author, req.RubricVersion is null, ct);
        if (context.Target is not { } target)
        {
            await Problems.NotFoundAsync(HttpContext, "Article", req.ArticleId);
            return;
        }

        var version = req.RubricVersion ?? context.CurrentVersion!.Value;
        var dimensions = await AnnotationStore.DimensionsAsync(db, version, ct);
        if (dimensions.Count == 0)
        {
            var versions = await db.RubricVersions.OrderBy(r => r.Version).Select(r => r.Version).ToListAsync(ct);
            ThrowError(r => r.RubricVersion!, $"There is no rubric version {version}. Published versions: {string.Join(", ", versions)}.", StatusCodes.Status422UnprocessableEntity);
        }

        for (var i = 0; i < req.Values.Count; i++)
        {
            if (AnnotationStore.CheckRatingValue(dimensions, version, req.Values[i].Dimension, req.Values[i].Value!.Value, $"values[{i}]") is { } error)
            {
                AddError(error);
            }
        }

        if (await AnnotationStore.CheckTagsAsync(db, req.Tags, "tags", ct) is { } tagError)
        {
            AddError(tagError);
        }

        ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);

        var now = clock.GetUtcNow().UtcDateTime;
        // The author's ratings of the article on the dimensions sent, loaded for the change only when there are any (about
        // half of all rating requests create ratings).
        var keys = req.Values.Select(v => v.Dimension).ToHashSet(StringComparer.Ordinal);
        var existing = keys.Overlaps(context.Existing.Keys)
            ? await writes.LoadAsync(author, target.Id, keys, ct)
            : new Dictionary<string, Annotation>(StringComparer.Ordinal);

        var ratings = new List<Annotation>();
        var revisions = new List<AnnotationRevision>();

        // Blind mark: whether the author's assignment of the article is pending in an open campaign (read above, for all values).
        var pendingCampaign = context.PendingCampaign;
        foreach (var value in req.Values)
        {
            var content = new RatingContent(value.Dimension, value.Value!.Value, value.Confidence, version);
            var action = RevisionAction.Edited;
            if (existing.TryGetValue(value.Dimension, out var rating))
            {
                rating.Rerate(content, req.Tags, now);
            }
            else
            {
                rating = Annotation.Rating(target, content, req.Tags, author, now);
                action = RevisionAction.Created;
            }

            rating.MarkWrittenUnder(pendingCampaign, !User.IsAdmin());
            revisions.Add(AnnotationStore.Revision(rating, action, author, null, now));
            ratings.Add(rating);
        }

        if (!await writes.SaveAsync(ratings, revisions, ct))
        {
            // Two requests of the same annotator rated the same dimension at once; the other one won.
            await AnnotationStore.ConflictAsync(HttpContext, "Another request rated this article on the same dimension at the same time. Retry.");
            return;
        }

        // A campaign assignment of this article is done once all of its campaign's dimensions are rated. Without a pending
        // assignment of the article (the query above), there is nothing to submit: most ratings skip the query.
        if (pendingCampaign is not null)
        {
            await Assignments.Submission.MarkAsync(db, author, target.Id, now, ct);
        }

        await Send.OkAsync(new Response { Ratings = ratings.Select(AnnotationModel.From).ToList() }, ct);
    }
}

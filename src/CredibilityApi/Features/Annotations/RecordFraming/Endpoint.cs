using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Annotations.RecordFraming;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, AnnotationModel>
{
    public override void Configure()
    {
        Post("/articles/{articleId}/framing-notes");
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultProduces()
            .WithName("RecordFraming")
            .WithTags("Annotations")
            .Produces<AnnotationModel>(StatusCodes.Status201Created, "application/json")
            .Problems(400, 403, 404, 413, 415)
            .AnchorProblems()
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Record a framing note";
            s.Description =
                "Marks a technique or frame of the taxonomy on a span of the article's body (same selector rules as claims: " +
                "the quote must match exactly one place; 422 says whether it was not found or ambiguous) or, without a selector, " +
                "on the whole article. Severity 1-3. An unknown technique is a 422 listing the valid keys." + AnchorProblem.Description;
            s.ExampleRequest = new Request
            {
                ArticleId = "art_0192f0c3b4c57d6e8f9a0b1c2d3e4f50",
                Framing = new FramingInput
                {
                    Technique = "name-calling-labeling",
                    Severity = 2,
                    Beneficiary = "government forces",
                    Comment = "The opposing side is only ever called 'marauding militants'.",
                    Selector = new SelectorModel { Exact = "marauding militants" },
                },
            };
            s.ResponseExamples[201] = Examples.Framing;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().SingleOrDefaultAsync(a => a.Id == req.ArticleId, ct);
        if (article is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Article", req.ArticleId);
            return;
        }

        Anchor? span = null;
        if (req.Framing.Selector is { } selector)
        {
            var result = Anchoring.Resolve(article.Body, selector.ToDomain());
            if (result.Succeeded)
            {
                span = result.Anchor;
            }
            else
            {
                AddError(AnnotationStore.AnchorFailure(result, "framing.selector"));
            }
        }

        if (await AnnotationStore.CheckTechniqueAsync(db, req.Framing.Technique, "framing.technique", ct) is { } techniqueError)
        {
            AddError(techniqueError);
        }

        if (await AnnotationStore.CheckTagsAsync(db, req.Tags, "tags", ct) is { } tagError)
        {
            AddError(tagError);
        }

        ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);

        var now = clock.GetUtcNow().UtcDateTime;
        var target = new AnnotationTarget(TargetType.Article, article.Id, article.OutletId, article.Id, null, article.PublishedAt, article.BodySha256);
        var content = new FramingContent(req.Framing.Technique, req.Framing.Severity, req.Framing.Beneficiary, req.Framing.Stance, req.Framing.Comment, span);
        var annotation = Annotation.Framing(target, content, req.Tags, User.AccountId(), now);
        await Assignments.Blinding.MarkAsync(db, User, annotation, ct);
        db.Annotations.Add(annotation);
        AnnotationStore.Record(db, annotation, RevisionAction.Created, User.AccountId(), null, now);
        await db.SaveChangesAsync(ct);

        HttpContext.Response.Headers.Location = $"/api/v1/annotations/{annotation.Id}";
        ETags.Set(HttpContext, annotation.Version);
        await Send.ResponseAsync(AnnotationModel.From(annotation), StatusCodes.Status201Created, ct);
    }
}

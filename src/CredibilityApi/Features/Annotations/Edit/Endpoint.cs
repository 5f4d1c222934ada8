using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Annotations.Edit;

/// <summary>A new value for a rating: the dimension and rubric version stay.</summary>
[SchemaName("RatingEditInput")]
public sealed class RatingEdit
{
    public double? Value { get; init; }

    public double? Confidence { get; init; }
}

/// <summary>The annotation's new content: send the part that matches its kind, and the full tag list.</summary>
[SchemaName("EditAnnotationRequest")]
public sealed class Request
{
    public string Id { get; init; } = "";

    /// <summary>The ETag of the revision the edit is based on (required: 428 without, 412 when stale).</summary>
    [FromHeader("If-Match", isRequired: false)]
    [System.Text.Json.Serialization.JsonIgnore]
    public string? IfMatch { get; init; }

    public ProvenanceInput? Provenance { get; init; }

    public FramingInput? Framing { get; init; }

    public RatingEdit? Rating { get; init; }

    public List<string> Tags { get; init; } = [];
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x)
            .Must(x => (x.Provenance is null ? 0 : 1) + (x.Framing is null ? 0 : 1) + (x.Rating is null ? 0 : 1) == 1)
            .WithName("body")
            .WithMessage("Send exactly one of 'provenance', 'framing' and 'rating', matching the annotation's kind.");
        RuleFor(x => x.Provenance!).SetValidator(new ProvenanceInputValidator()).When(x => x.Provenance is not null);
        RuleFor(x => x.Framing!).SetValidator(new FramingInputValidator()).When(x => x.Framing is not null);
        RuleFor(x => x.Rating!.Value).NotNull().Must(v => v is null || double.IsFinite(v.Value)).When(x => x.Rating is not null);
        RuleFor(x => x.Rating!.Confidence).InclusiveBetween(0, 1).When(x => x.Rating is not null);
        this.TagRules(x => x.Tags);
    }
}

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, AnnotationModel>
{
    public override void Configure()
    {
        Put("/annotations/{id}");
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultProduces()
            .WithName("EditAnnotation")
            .WithTags("Annotations")
            .Produces<AnnotationModel>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 409, 412, 413, 415, 428)
            .AnchorProblems()
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Edit an annotation";
            s.Description =
                "Replaces the annotation's content and tags with a new revision; the old one stays in its history " +
                "(GET .../revisions). Only its author may edit it (403 for anyone else, admins included). Requires If-Match " +
                "(428 without, 412 when stale). A retracted annotation cannot be edited (409)." + AnchorProblem.Description;
            s.ExampleRequest = new Request
            {
                Id = "ann_0192f0c7e8f9a0b1c2d3e4f5a6b7c8d9",
                IfMatch = "\"1\"",
                Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Verdict, Verdict = Verdict.False, Explanation = "The army's map shows no advance at all." },
            };
            s.ResponseExamples[200] = Examples.Provenance with { Revision = 2, ETag = "\"2\"" };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var annotation = await AnnotationStore.LoadForChangeAsync(db, HttpContext, req.Id, ct);
        if (annotation is null)
        {
            return;
        }

        if (annotation.AuthorId != User.AccountId())
        {
            await AnnotationStore.ForbidNotAuthorAsync(HttpContext);
            return;
        }

        if (!await ETags.CheckIfMatchAsync(HttpContext, annotation.Version))
        {
            return;
        }

        RefuseRetracted(annotation);

        var expected = annotation.Kind switch
        {
            AnnotationKind.Provenance => req.Provenance is not null,
            AnnotationKind.Framing => req.Framing is not null,
            _ => req.Rating is not null,
        };
        if (!expected)
        {
            ThrowError($"This is a {annotation.Kind.ToString().ToLowerInvariant()} annotation: send '{annotation.Kind.ToString().ToLowerInvariant()}'.", StatusCodes.Status422UnprocessableEntity);
        }

        if (await AnnotationStore.CheckTagsAsync(db, req.Tags, "tags", ct) is { } tagError)
        {
            AddError(tagError);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        switch (annotation.Kind)
        {
            case AnnotationKind.Provenance:
                if (!ProvenanceInput.Fits(req.Provenance!.Aspect, annotation.TargetType) ||
                    (req.Provenance.Verdict is not null && annotation.TargetType != TargetType.Claim))
                {
                    AddError(r => r.Provenance!.Aspect, $"That aspect or verdict does not apply to a {annotation.TargetType.ToString().ToLowerInvariant()}.");
                }

                ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);
                annotation.EditProvenance(req.Provenance.ToContent(), req.Tags, now);
                break;
            case AnnotationKind.Framing:
                var framing = req.Framing!;
                var article = await db.Articles.AsNoTracking().SingleAsync(a => a.Id == annotation.ArticleId, ct);
                Anchor? span = null;
                if (framing.Selector is { } selector)
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

                if (await AnnotationStore.CheckTechniqueAsync(db, framing.Technique, "framing.technique", ct) is { } techniqueError)
                {
                    AddError(techniqueError);
                }

                ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);
                annotation.EditFraming(new FramingContent(framing.Technique, framing.Severity, framing.Beneficiary, framing.Stance, framing.Comment, span), article.BodySha256, req.Tags, now);
                break;
            default:
                var dimension = await db.RubricDimensions.AsNoTracking()
                    .SingleAsync(d => d.RubricVersion == annotation.RubricVersion && d.Key == annotation.Dimension, ct);
                if (req.Rating!.Value < dimension.Min || req.Rating.Value > dimension.Max)
                {
                    AddError(r => r.Rating!.Value!, $"'{dimension.Key}' takes values from {dimension.Min} to {dimension.Max}.");
                }

                ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);
                annotation.Rerate(new RatingContent(dimension.Key, req.Rating.Value!.Value, req.Rating.Confidence, dimension.RubricVersion), req.Tags, now);
                break;
        }

        await Assignments.Blinding.MarkAsync(db, User, annotation, ct);
        AnnotationStore.Record(db, annotation, RevisionAction.Edited, User.AccountId(), null, now);
        if (!await AnnotationStore.SaveChangeAsync(db, HttpContext, annotation, RefuseRetracted, ct))
        {
            return;
        }

        ETags.Set(HttpContext, annotation.Version);
        await Send.OkAsync(AnnotationModel.From(annotation), ct);
    }

    /// <summary>A retracted annotation cannot be edited: a 409 (<see cref="AnnotationConflictException"/>).</summary>
    private static void RefuseRetracted(Annotation annotation)
    {
        if (annotation.Status == AnnotationStatus.Retracted)
        {
            throw new AnnotationConflictException("A retracted annotation cannot be edited; record a new one instead.");
        }
    }
}

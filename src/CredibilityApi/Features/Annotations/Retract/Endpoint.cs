using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Annotations.Retract;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<ReasonRequest, AnnotationModel>
{
    public override void Configure()
    {
        Post("/annotations/{id}/retract");
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultProduces()
            .WithName("RetractAnnotation")
            .WithTags("Annotations")
            .Produces<AnnotationModel>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 409, 412, 413, 415, 422, 428)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Retract an annotation";
            s.Description =
                "Withdraws an annotation with a reason. Nothing is deleted: the record and its history stay, it just stops " +
                "counting. Only its author may retract it (403 otherwise); retracting twice is a 409. An If-Match, when sent, must be current (412); an empty one is a 428.";
            s.ExampleRequest = new ReasonRequest { Id = "ann_0192f0c7e8f9a0b1c2d3e4f5a6b7c8d9", Reason = "Rated the wrong article." };
            s.ResponseExamples[200] = Examples.Provenance with { Status = AnnotationStatus.Retracted, RetractionReason = "Rated the wrong article.", Revision = 2, ETag = "\"2\"" };
        });
    }

    public override async Task HandleAsync(ReasonRequest req, CancellationToken ct)
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

        if (HttpContext.Request.Headers.IfMatch.Count > 0 && !await ETags.CheckIfMatchAsync(HttpContext, annotation.Version))
        {
            return;
        }

        // Retracting twice, hiding a hidden one or unhiding a visible one: the entity refuses, answered 409.
        var now = clock.GetUtcNow().UtcDateTime;
        annotation.Retract(req.Reason.Trim(), now);
        AnnotationStore.Record(db, annotation, RevisionAction.Retracted, User.AccountId(), req.Reason.Trim(), now);
        if (!await AnnotationStore.SaveChangeAsync(db, HttpContext, annotation, current => current.Retract(req.Reason.Trim(), now), ct))
        {
            return;
        }

        ETags.Set(HttpContext, annotation.Version);
        await Send.OkAsync(AnnotationModel.From(annotation), ct);
    }
}

using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Annotations.Hide;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<ReasonRequest, AnnotationModel>
{
    public override void Configure()
    {
        Post("/annotations/{id}/hide");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultProduces()
            .WithName("HideAnnotation")
            .WithTags("Annotations")
            .Produces<AnnotationModel>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 409, 413, 415)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Hide an annotation";
            s.Description = "Moderation: hides an annotation from lists, aggregates and exports, with a reason. Nothing is deleted; its author and admins still see it. Admins only. Hiding a hidden annotation is a 409.";
            s.ExampleRequest = new ReasonRequest { Id = "ann_0192f0c7e8f9a0b1c2d3e4f5a6b7c8d9", Reason = "Personal attack in the explanation." };
            s.ResponseExamples[200] = Examples.Provenance with { Hidden = true, HiddenReason = "Personal attack in the explanation.", Revision = 2, ETag = "\"2\"" };
        });
    }

    public override async Task HandleAsync(ReasonRequest req, CancellationToken ct)
    {
        var annotation = await AnnotationStore.LoadForChangeAsync(db, HttpContext, req.Id, ct);
        if (annotation is null)
        {
            return;
        }

        // Retracting twice, hiding a hidden one or unhiding a visible one: the entity refuses, answered 409.
        var now = clock.GetUtcNow().UtcDateTime;
        annotation.Hide(req.Reason.Trim(), User.AccountId(), now);
        AnnotationStore.Record(db, annotation, RevisionAction.Hidden, User.AccountId(), req.Reason.Trim(), now);
        if (!await AnnotationStore.SaveChangeAsync(db, HttpContext, annotation, current => current.Hide(req.Reason.Trim(), User.AccountId(), now), ct, ifMatch: false))
        {
            return;
        }

        ETags.Set(HttpContext, annotation.Version);
        await Send.OkAsync(AnnotationModel.From(annotation), ct);
    }
}

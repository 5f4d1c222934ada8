using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Annotations.Unhide;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<ReasonRequest, AnnotationModel>
{
    public override void Configure()
    {
        Post("/annotations/{id}/unhide");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultProduces()
            .WithName("UnhideAnnotation")
            .WithTags("Annotations")
            .Produces<AnnotationModel>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 409, 413, 415)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Unhide an annotation";
            s.Description = "Moderation: makes a hidden annotation count again, with a reason kept in its history. Admins only. Unhiding a visible annotation is a 409.";
            s.ExampleRequest = new ReasonRequest { Id = "ann_0192f0c7e8f9a0b1c2d3e4f5a6b7c8d9", Reason = "Explanation edited by its author." };
            s.ResponseExamples[200] = Examples.Provenance with { Revision = 3, ETag = "\"3\"" };
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
        annotation.Unhide(req.Reason.Trim(), User.AccountId(), now);
        AnnotationStore.Record(db, annotation, RevisionAction.Unhidden, User.AccountId(), req.Reason.Trim(), now);
        if (!await AnnotationStore.SaveChangeAsync(db, HttpContext, annotation, current => current.Unhide(req.Reason.Trim(), User.AccountId(), now), ct, ifMatch: false))
        {
            return;
        }

        ETags.Set(HttpContext, annotation.Version);
        await Send.OkAsync(AnnotationModel.From(annotation), ct);
    }
}

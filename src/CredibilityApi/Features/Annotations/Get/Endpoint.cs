using CredibilityApi.Data;
using CredibilityApi.Features.Assignments;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Annotations.Get;

public sealed class Request
{
    /// <summary>The annotation's id.</summary>
    public string Id { get; init; } = "";
}

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request, AnnotationModel>
{
    public override void Configure()
    {
        Get("/annotations/{id}");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetAnnotation")
            .WithTags("Annotations")
            .Produces<AnnotationModel>(StatusCodes.Status200OK, "application/json")
            .Problems(404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Get an annotation";
            s.Description = "The current revision of an annotation, retracted ones included. A hidden annotation is visible only to admins and its author (404 for others)." + Blinding.GetNote;
            s.ResponseExamples[200] = Examples.Provenance;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var annotation = await db.Annotations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == req.Id, ct);
        // Under blinding another annotator's work on the caller's pending item is answered as absent.
        if (annotation is null || !AnnotationStore.CanSee(User, annotation) ||
            !(await Blinding.PendingAsync(HttpContext, db, ct)).MaySee(User, annotation))
        {
            await Problems.NotFoundAsync(HttpContext, "Annotation", req.Id);
            return;
        }

        ETags.Set(HttpContext, annotation.Version);
        await Send.OkAsync(AnnotationModel.From(annotation, User), ct);
    }
}

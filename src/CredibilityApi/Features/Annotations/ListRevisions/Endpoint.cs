using CredibilityApi.Data;
using CredibilityApi.Features.Assignments;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Annotations.ListRevisions;

public sealed class Request
{
    /// <summary>The annotation's id.</summary>
    public string Id { get; init; } = "";
}

/// <summary>One revision: what happened, who did it, when, why, and the annotation as it was after.</summary>
[SchemaName("AnnotationRevision")]
public sealed class RevisionModel
{
    public int Revision { get; init; }

    public RevisionAction Action { get; init; }

    /// <summary>The account that made the change; 'moderator' for a hide or unhide when the reader is neither an admin nor the author.</summary>
    public required string RecordedBy { get; init; }

    public DateTime RecordedAt { get; init; }

    /// <summary>Why; for a hide or unhide, shown to admins and the author only.</summary>
    public string? Reason { get; init; }

    public required AnnotationModel Annotation { get; init; }
}

/// <summary>An annotation's history, oldest first.</summary>
[SchemaName("ListRevisionsResponse")]
public sealed class Response
{
    public required IReadOnlyList<RevisionModel> Items { get; init; }
}

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request, Response>
{
    /// <summary>Who recorded a hide or unhide, as shown to readers other than admins and the author.</summary>
    public const string Moderator = "moderator";

    public override void Configure()
    {
        Get("/annotations/{id}/revisions");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListRevisions")
            .WithTags("Annotations")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List an annotation's revisions";
            s.Description = "Every revision of an annotation, oldest first: creation, edits, retraction and moderation, each with the whole annotation as it stood after it. " +
                "Moderation is shown to admins and the annotation's author only: to anyone else a hide or unhide revision has recordedBy 'moderator' " +
                "and no reason, and no snapshot carries hiddenReason." + Blinding.GetNote;
            s.ResponseExamples[200] = new Response
            {
                Items = [new RevisionModel { Revision = 1, Action = RevisionAction.Created, RecordedBy = Examples.Account.Id, RecordedAt = Examples.Provenance.CreatedAt, Annotation = Examples.Provenance }],
            };
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

        // An annotation has a handful of revisions; the list is short and not paged.
        var revisions = await db.AnnotationRevisions.AsNoTracking()
            .Where(r => r.AnnotationId == req.Id)
            .OrderBy(r => r.Revision)
            .ToListAsync(ct);
        // Moderation is shown to admins and the author only: to anyone else a hide or unhide says neither who
        // nor why, and no snapshot carries the moderation reason.
        var seesModeration = AnnotationModel.MaySeeModeration(User, annotation.AuthorId);
        await Send.OkAsync(new Response
        {
            Items = revisions.Select(r =>
            {
                var moderation = r.Action is RevisionAction.Hidden or RevisionAction.Unhidden;
                return new RevisionModel
                {
                    Revision = r.Revision,
                    Action = r.Action,
                    RecordedBy = moderation && !seesModeration ? Moderator : r.RecordedBy,
                    RecordedAt = r.RecordedAt,
                    Reason = moderation && !seesModeration ? null : r.Reason,
                    Annotation = Snapshots.Read(r.Snapshot).For(User),
                };
            }).ToList(),
        }, ct);
    }
}

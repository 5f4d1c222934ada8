using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Annotations.RecordProvenance;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, AnnotationModel>
{
    public override void Configure()
    {
        Post("/provenance-notes");
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultProduces()
            .WithName("RecordProvenance")
            .WithTags("Annotations")
            .Produces<AnnotationModel>(StatusCodes.Status201Created, "application/json")
            .Problems(400, 403, 413, 415, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Record a provenance note";
            s.Description =
                "Records where a claim came from and whether it holds (verdict in the ClaimReview vocabulary, with evidence), " +
                "or an article's byline/dateline/wire-copy reuse, or an outlet's ownership, funding or editorial control. " +
                "The target must exist (422 otherwise); tags must be in the vocabulary (422 listing the valid ones).";
            s.ExampleRequest = new Request
            {
                Target = new TargetModel { Type = TargetType.Claim, Id = "clm_0192f0c5d6e77f8091a2b3c4d5e6f708" },
                Provenance = new ProvenanceInput
                {
                    Aspect = ProvenanceAspect.Verdict,
                    Verdict = Verdict.Misleading,
                    Explanation = "The spokesman's post claims 40 km; the army's own map the same day shows 12 km.",
                    EvidenceUrls = ["https://archive.example.org/post/123"],
                    PrimarySourceLocated = true,
                    PrimarySourceUrl = "https://social.example/spokesman/status/123",
                },
                Tags = ["primary-source-archived"],
            };
            s.ResponseExamples[201] = Examples.Provenance;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var target = await AnnotationStore.ResolveAsync(db, req.Target.Type, req.Target.Id, ct);
        if (target is null)
        {
            AddError(new FluentValidation.Results.ValidationFailure("target.id", $"No {req.Target.Type.ToString().ToLowerInvariant()} has the id '{req.Target.Id}'.") { ErrorCode = "target-not-found" });
        }

        if (await AnnotationStore.CheckTagsAsync(db, req.Tags, "tags", ct) is { } tagError)
        {
            AddError(tagError);
        }

        ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);

        var now = clock.GetUtcNow().UtcDateTime;
        var annotation = Annotation.Provenance(target!, req.Provenance.ToContent(), req.Tags, User.AccountId(), now);
        await Assignments.Blinding.MarkAsync(db, User, annotation, ct);
        db.Annotations.Add(annotation);
        AnnotationStore.Record(db, annotation, RevisionAction.Created, User.AccountId(), null, now);
        await db.SaveChangesAsync(ct);

        // A verdict may complete a campaign assignment of the claim's article (when its campaign asks for verdicts).
        if (annotation.Verdict is not null && annotation.ArticleId is { } articleId)
        {
            await Assignments.Submission.MarkAsync(db, annotation.AuthorId, articleId, now, ct);
        }

        HttpContext.Response.Headers.Location = $"/api/v1/annotations/{annotation.Id}";
        ETags.Set(HttpContext, annotation.Version);
        await Send.ResponseAsync(AnnotationModel.From(annotation), StatusCodes.Status201Created, ct);
    }
}

using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Annotations;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Claims.Update;

/// <summary>The claim's full new description.</summary>
[SchemaName("UpdateClaimRequest")]
public sealed class Request : ClaimFields
{
    public string Id { get; init; } = "";

    /// <summary>The ETag the edit is based on (required: 428 without, 412 when stale).</summary>
    [FromHeader("If-Match", isRequired: false)]
    [System.Text.Json.Serialization.JsonIgnore]
    public string? IfMatch { get; init; }
}

public sealed class Validator : ClaimFieldsValidator<Request>;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, ClaimModel>
{
    public override void Configure()
    {
        Put("/claims/{id}");
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultProduces()
            .WithName("UpdateClaim")
            .WithTags("Claims")
            .Produces<ClaimModel>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 412, 413, 415, 428)
            .AnchorProblems()
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Edit a claim";
            s.Description =
                "Replaces the claim's selector, claimant, chain and tags (same anchoring rules as registration). " +
                "Only the annotator who marked it, or an admin, may edit it. Requires If-Match (428 without, 412 when stale)." + AnchorProblem.Description;
            s.ExampleRequest = new Request
            {
                Id = "clm_0192f0c5d6e77f8091a2b3c4d5e6f708",
                IfMatch = "\"1\"",
                Selector = new SelectorModel { Exact = "Forces advanced 40 km overnight", Start = 0, End = 31 },
                Claimant = new ClaimantModel { Name = "Army spokesman", Type = SourceType.Government },
            };
            s.ResponseExamples[200] = Examples.Claim with { ETag = "\"2\"" };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var claim = await db.Claims.SingleOrDefaultAsync(c => c.Id == req.Id, ct);
        if (claim is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Claim", req.Id);
            return;
        }

        if (claim.CreatedBy != User.AccountId() && !User.IsAdmin())
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status403Forbidden, "Not your claim",
                "Only the annotator who marked a claim, or an admin, may edit it. Record a provenance note to disagree with it.");
            return;
        }

        if (!await ETags.CheckIfMatchAsync(HttpContext, claim.Version))
        {
            return;
        }

        var article = await db.Articles.AsNoTracking().SingleAsync(a => a.Id == claim.ArticleId, ct);
        var anchor = await ClaimChecks.AnchorAsync(this, db, article, req, ct);
        claim.Edit(article, anchor, req.ClaimantOrUnknown(),
            req.Attribution.Select(h => h.ToDomain()).ToList(), req.Tags, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        ETags.Set(HttpContext, claim.Version);
        await Send.OkAsync(ClaimModel.From(claim), ct);
    }
}

using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Annotations;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Claims.Register;

/// <summary>A claim to mark in an article.</summary>
[SchemaName("RegisterClaimRequest")]
public sealed class Request : ClaimFields
{
    /// <summary>The article.</summary>
    public string ArticleId { get; init; } = "";
}

public sealed class Validator : ClaimFieldsValidator<Request>;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, ClaimModel>
{
    public override void Configure()
    {
        Post("/articles/{articleId}/claims");
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultProduces()
            .WithName("RegisterClaim")
            .WithTags("Claims")
            .Produces<ClaimModel>(StatusCodes.Status201Created, "application/json")
            .Problems(400, 403, 404, 413, 415)
            .AnchorProblems()
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Mark a claim in an article";
            s.Description =
                "Anchors a claim in the article body by quote (exact, with optional prefix/suffix) and/or position (start/end in " +
                "UTF-16 code units). With a body, the selector must resolve to exactly one place: 422 with code quote-not-found " +
                "or quote-ambiguous says which and how to fix it (add prefix or suffix, or give offsets); offsets that disagree " +
                "with the quote are a 422 too. The server stores the quote, context, offsets and the body hash. The attribution " +
                "class (namedPrimary, namedSecondhand, anonymous, unattributed) is derived from the claimant and the chain." + AnchorProblem.Description;
            s.ExampleRequest = new Request
            {
                ArticleId = "art_0192f0c3b4c57d6e8f9a0b1c2d3e4f50",
                Selector = new SelectorModel { Exact = "Forces advanced 40 km overnight" },
                Claimant = new ClaimantModel { Name = "Army spokesman", Type = SourceType.Government },
                Attribution =
                [
                    new HopModel { Agent = "Army spokesman", AgentType = SourceType.Government, Medium = Medium.SocialPost, Relation = Relation.PrimarySource, Url = "https://social.example/spokesman/status/123" },
                ],
            };
            s.ResponseExamples[201] = Examples.Claim;
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

        var anchor = await ClaimChecks.AnchorAsync(this, db, article, req, ct);
        var claim = new Claim(article, anchor, req.ClaimantOrUnknown(),
            req.Attribution.Select(h => h.ToDomain()).ToList(), req.Tags, User.AccountId(), clock.GetUtcNow().UtcDateTime);
        db.Claims.Add(claim);
        await db.SaveChangesAsync(ct);

        HttpContext.Response.Headers.Location = $"/api/v1/claims/{claim.Id}";
        ETags.Set(HttpContext, claim.Version);
        await Send.ResponseAsync(ClaimModel.From(claim), StatusCodes.Status201Created, ct);
    }
}

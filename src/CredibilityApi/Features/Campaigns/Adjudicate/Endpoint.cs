using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Campaigns.Adjudicate;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/campaigns/{id}/adjudications");
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultProduces()
            .WithName("Adjudicate")
            .WithTags("Campaigns")
            .Produces<Response>(StatusCodes.Status201Created, "application/json")
            .Problems(400, 403, 404, 413, 415, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Record adjudicated values for an item's disagreements (admins, the campaign's adjudicators)";
            s.Description =
                "Settles disagreements of one campaign item: the adjudicated score per dimension and/or verdict per claim, with a " +
                "reason. Decisions are kept apart from the annotators' own annotations (which stay as they are), listed in the " +
                "adjudication log, and take precedence over the consensus in the campaign's export. Deciding a target again " +
                "supersedes the earlier decision; both stay in the log. Only targets that need adjudication can be decided: " +
                "a dimension whose ratings' range exceeds the campaign's threshold, a claim with differing verdicts. An article " +
                "that is not an item of the campaign, a target that needs no adjudication or a score outside the dimension's " +
                "scale is a 422 and nothing is written; a caller who is neither admin nor a named adjudicator a 403. " +
                "Adjudication is allowed while the campaign is open and after it is closed (when most of it happens).";
            s.ExampleRequest = new Request
            {
                Id = StudyExamples.CampaignId,
                ArticleId = StudyExamples.ArticleId,
                Ratings = [new AdjudicatedRating { Dimension = "factual_accuracy", Value = 55 }],
                Reason = StudyExamples.Adjudication.Reason,
            };
            s.ResponseExamples[201] = new Response { Items = [StudyExamples.Adjudication] };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await StudyAccess.FindAsync(db, HttpContext, req.Id, ct) is not { } campaign || !await StudyAccess.EnsureAdjudicatorAsync(HttpContext, campaign))
        {
            return;
        }

        if (!await db.CampaignItems.AnyAsync(i => i.CampaignId == campaign.Id && i.ArticleId == req.ArticleId, ct))
        {
            AddError(r => r.ArticleId, $"'{req.ArticleId}' is not an item of campaign '{campaign.Id}'.");
            ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);
        }

        var study = await Study.LoadAsync(db, campaign, ct);
        var disagreements = study.Disagreements().Where(d => d.ArticleId == req.ArticleId).Select(d => (d.Kind, d.Target)).ToHashSet();
        var scales = await db.RubricDimensions.AsNoTracking()
            .Where(d => d.RubricVersion == campaign.RubricVersion && campaign.Dimensions.Contains(d.Key))
            .ToDictionaryAsync(d => d.Key, ct);
        for (var i = 0; i < req.Ratings.Count; i++)
        {
            var decision = req.Ratings[i];
            if (!scales.TryGetValue(decision.Dimension, out var scale))
            {
                AddError(new($"ratings[{i}].dimension", $"The campaign does not rate '{decision.Dimension}'. Its dimensions: {string.Join(", ", campaign.Dimensions)}."));
            }
            else if (decision.Value < scale.Min || decision.Value > scale.Max)
            {
                AddError(new($"ratings[{i}].value", $"'{decision.Dimension}' is rated from {scale.Min} to {scale.Max}; {decision.Value} is outside."));
            }
            else if (!disagreements.Contains((StudyTargetKind.Rating, decision.Dimension)))
            {
                AddError(new($"ratings[{i}].dimension",
                    $"'{decision.Dimension}' of '{req.ArticleId}' needs no adjudication: fewer than two ratings, or their range is within the campaign's threshold of {campaign.DisagreementThreshold}."));
            }
        }

        for (var i = 0; i < req.Verdicts.Count; i++)
        {
            if (!disagreements.Contains((StudyTargetKind.Verdict, req.Verdicts[i].ClaimId)))
            {
                AddError(new($"verdicts[{i}].claimId",
                    $"Claim '{req.Verdicts[i].ClaimId}' needs no adjudication: it is not a claim of '{req.ArticleId}' whose annotators gave different verdicts."));
            }
        }

        ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);

        var me = User.AccountId();
        var now = clock.GetUtcNow().UtcDateTime;
        var decisions = req.Ratings
            .Select(r => Adjudication.OfRating(campaign.Id, req.ArticleId, r.Dimension, r.Value!.Value, req.Reason, me, now))
            .Concat(req.Verdicts.Select(v => Adjudication.OfVerdict(campaign.Id, req.ArticleId, v.ClaimId, v.Verdict!.Value, req.Reason, me, now)))
            .ToList();
        db.Adjudications.AddRange(decisions);
        await db.SaveChangesAsync(ct);

        await Send.ResponseAsync(new Response { Items = [.. decisions.Select(d => AdjudicationModel.From(d, false))] }, StatusCodes.Status201Created, ct);
    }
}

using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Campaigns.SetGold;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/campaigns/{id}/gold");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultProduces()
            .WithName("SetGoldItem")
            .WithTags("Campaigns")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 409, 413, 415, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Mark a campaign item as gold, with its known answers (admin)";
            s.Description =
                "Gives one item (articleId) of an opened campaign known answers: a score per dimension with a tolerance (a rating counts as " +
                "correct when |rating − score| ≤ tolerance; 10 rubric points when left out), and/or a verdict per claim of the article " +
                "when the campaign asks for verdicts. The answers replace any the item had. Gold items are assigned and shown like " +
                "any other item: nothing an annotator can read says which are gold. A campaign or item that does not exist is a 404, " +
                "a draft campaign (its items are not drawn yet) or a closed one (its gold is fixed, so reported accuracy cannot change) a 409; a dimension outside the campaign's, a score outside the " +
                "dimension's scale, a claim not of this article or verdicts on a campaign that does not ask for them are 422. Nothing is " +
                "written on any of these.";
            s.ExampleRequest = new Request
            {
                Id = StudyExamples.CampaignId,
                ArticleId = StudyExamples.ArticleId,
                Ratings = [new GoldRating { Dimension = "factual_accuracy", Value = 80, Tolerance = 10 }],
            };
            s.ResponseExamples[200] = new Response
            {
                CampaignId = StudyExamples.CampaignId,
                ArticleId = StudyExamples.ArticleId,
                Ratings = [new GoldRating { Dimension = "factual_accuracy", Value = 80, Tolerance = 10 }],
                Verdicts = [],
                SetBy = "acc_0192f0c3b4c57d6e8f9a0b1c2d3e4f55",
                SetAt = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc),
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await StudyAccess.FindAsync(db, HttpContext, req.Id, ct) is not { } campaign)
        {
            return;
        }

        if (campaign.State == CampaignState.Draft)
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Campaign not opened",
                $"'{campaign.Id}' is a draft: its items are fixed when it is opened, and only items can be gold.");
            return;
        }

        if (campaign.State == CampaignState.Closed)
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Campaign closed",
                $"'{campaign.Id}' was closed at {campaign.ClosedAt:O}: its gold answers are fixed, so the accuracy reported for the study cannot change.");
            return;
        }

        if (!await db.CampaignItems.AnyAsync(i => i.CampaignId == campaign.Id && i.ArticleId == req.ArticleId, ct))
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status404NotFound, "Campaign item not found",
                $"'{req.ArticleId}' is not an item of campaign '{campaign.Id}'.");
            return;
        }

        var scales = await db.RubricDimensions.AsNoTracking()
            .Where(d => d.RubricVersion == campaign.RubricVersion && campaign.Dimensions.Contains(d.Key))
            .ToDictionaryAsync(d => d.Key, ct);
        for (var i = 0; i < req.Ratings.Count; i++)
        {
            var gold = req.Ratings[i];
            if (!scales.TryGetValue(gold.Dimension, out var scale))
            {
                AddError(new($"ratings[{i}].dimension", $"The campaign does not rate '{gold.Dimension}'. Its dimensions: {string.Join(", ", campaign.Dimensions)}."));
            }
            else if (gold.Value < scale.Min || gold.Value > scale.Max)
            {
                AddError(new($"ratings[{i}].value", $"'{gold.Dimension}' is rated from {scale.Min} to {scale.Max}; {gold.Value} is outside."));
            }
        }

        if (req.Verdicts.Count > 0)
        {
            if (!campaign.AskVerdicts)
            {
                AddError(r => r.Verdicts, "The campaign does not ask for verdicts, so its items have no known verdicts.");
            }

            var claimIds = req.Verdicts.Select(v => v.ClaimId).ToList();
            var ofArticle = await db.Claims.AsNoTracking().Where(c => claimIds.Contains(c.Id) && c.ArticleId == req.ArticleId).Select(c => c.Id).ToListAsync(ct);
            var strangers = claimIds.Except(ofArticle, StringComparer.Ordinal).ToList();
            if (strangers.Count > 0)
            {
                AddError(r => r.Verdicts, $"Not claims of article '{req.ArticleId}': {string.Join(", ", strangers.Take(20).Select(c => $"'{c}'"))}.");
            }
        }

        ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);

        var me = User.AccountId();
        var now = clock.GetUtcNow().UtcDateTime;
        var answers = req.Ratings
            .Select(r => GoldAnswer.ForRating(campaign.Id, req.ArticleId, r.Dimension, r.Value!.Value, r.Tolerance ?? GoldAnswer.DefaultTolerance, me, now))
            .Concat(req.Verdicts.Select(v => GoldAnswer.ForVerdict(campaign.Id, req.ArticleId, v.ClaimId, v.Verdict!.Value, me, now)))
            .ToList();

        // The new answers replace the old ones whole, in one transaction.
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.GoldAnswers.Where(g => g.CampaignId == campaign.Id && g.ArticleId == req.ArticleId).ExecuteDeleteAsync(ct);
            db.GoldAnswers.AddRange(answers);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        });

        await Send.OkAsync(From(campaign.Id, req.ArticleId, answers), ct);
    }

    internal static Response From(string campaignId, string articleId, IReadOnlyList<GoldAnswer> answers) => new()
    {
        CampaignId = campaignId,
        ArticleId = articleId,
        Ratings = [.. answers.Where(a => a.Kind == StudyTargetKind.Rating).OrderBy(a => a.Target, StringComparer.Ordinal)
            .Select(a => new GoldRating { Dimension = a.Target, Value = a.Value, Tolerance = a.Tolerance })],
        Verdicts = [.. answers.Where(a => a.Kind == StudyTargetKind.Verdict).OrderBy(a => a.Target, StringComparer.Ordinal)
            .Select(a => new GoldVerdict { ClaimId = a.Target, Verdict = a.Verdict })],
        SetBy = answers[0].SetBy,
        SetAt = answers[0].SetAt,
    };
}

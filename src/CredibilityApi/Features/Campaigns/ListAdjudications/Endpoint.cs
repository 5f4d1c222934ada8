using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Campaigns.ListAdjudications;

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/campaigns/{id}/adjudications");
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListAdjudicationQueue")
            .WithTags("Campaigns")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List the items waiting for adjudication (admins, the campaign's adjudicators)";
            s.Description =
                "The campaign's items whose annotations disagree: on a dimension, ratings whose range (max − min) is larger than the " +
                "campaign's disagreementThreshold X; on a claim, verdicts that are not all the same. Only current annotations of the " +
                "annotators an item is assigned to count, and two values are needed to disagree. Each item lists its unsettled " +
                "disagreements with every annotator's value; a disagreement leaves the queue once it is adjudicated (POST to the same " +
                "path), and an item once all of its are. An item whose annotators agree within the threshold is never here. In the " +
                "campaign's drawn order, cursor-paged. Admins and the accounts the campaign names as adjudicators only (403 otherwise).";
            s.ResponseExamples[200] = new Response
            {
                Items =
                [
                    new QueueItem
                    {
                        ArticleId = StudyExamples.ArticleId,
                        OutletId = StudyExamples.OutletId,
                        Position = 0,
                        Disagreements =
                        [
                            new DisagreementModel
                            {
                                Kind = StudyTargetKind.Rating,
                                Dimension = "factual_accuracy",
                                Range = 50,
                                Values =
                                [
                                    new AnnotatorValue { AnnotatorId = StudyExamples.AnnotatorA, Value = 30 },
                                    new AnnotatorValue { AnnotatorId = StudyExamples.AnnotatorB, Value = 80 },
                                ],
                            },
                        ],
                    },
                ],
                Waiting = 1,
                DisagreementThreshold = 20,
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await StudyAccess.FindAsync(db, HttpContext, req.Id, ct) is not { } campaign || !await StudyAccess.EnsureAdjudicatorAsync(HttpContext, campaign))
        {
            return;
        }

        var study = await Study.LoadAsync(db, campaign, ct);
        var open = study.Disagreements().Where(d => !study.IsAdjudicated(d)).ToLookup(d => d.ArticleId, StringComparer.Ordinal);
        // Blind annotation: an adjudicator who is also in the pool sees no other annotator's values on an item of their
        // own that is still pending; it joins their queue once they submit it (or the campaign closes).
        var mine = (await Assignments.Blinding.PendingAsync(HttpContext, db, ct)).Select(p => p.ArticleId).ToHashSet(StringComparer.Ordinal);
        var waiting = study.Items.Where(i => open.Contains(i.ArticleId) && !mine.Contains(i.ArticleId)).ToList();
        var after = QueueCursor.TryRead(req.Cursor, out var position) ? position : -1;
        var limit = req.PageSize();
        var rest = waiting.Where(i => i.Position > after).ToList();
        var page = rest.Take(limit).ToList();

        await Send.OkAsync(new Response
        {
            Items = [.. page.Select(i => new QueueItem
            {
                ArticleId = i.ArticleId,
                OutletId = i.OutletId,
                Position = i.Position,
                Disagreements = [.. open[i.ArticleId]
                    .OrderBy(d => d.Kind).ThenBy(d => d.Target, StringComparer.Ordinal)
                    .Select(AdjudicationModel.Disagreement)],
            })],
            NextCursor = rest.Count > limit ? QueueCursor.Write(page[^1].Position) : null,
            Waiting = waiting.Count,
            DisagreementThreshold = campaign.DisagreementThreshold,
        }, ct);
    }
}

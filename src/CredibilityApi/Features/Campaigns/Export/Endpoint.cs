using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Exports;
using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Campaigns.Export;

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request>
{
    public override void Configure()
    {
        Get("/campaigns/{id}/export");
        Roles(RoleNames.Admin, RoleNames.Researcher);
        Description(b => b.ClearDefaultProduces()
            .WithName("ExportCampaign")
            .WithTags("Researchers")
            .Produces<Stream>(StatusCodes.Status200OK, ExportFormats.Ndjson)
            .Problems(400, 403, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Export the study's values: adjudicated where adjudicated, else the consensus (admins, researchers)";
            s.Description =
                "The study's gold standard as NDJSON, streamed, in the campaign's drawn order: for every item one line per campaign " +
                "dimension and, when the campaign asks for verdicts, one line per claim with a verdict. The value is the adjudicated " +
                "one where an adjudicator decided (source adjudicated, the latest decision); otherwise the consensus of the current " +
                "annotations of the annotators the item is assigned to: the median of the ratings (source median; robust to one " +
                "outlying annotator, and the mean of the middle two for an even count), the verdict given most (source majority) or " +
                "none when verdicts tie (source tie). Lines without any annotation have source none. awaitingAdjudication marks " +
                "consensus values whose annotators disagree beyond the threshold. The whole campaign in one response (a bounded set).";
            s.ResponseExamples[200] = Example;
        });
    }

    internal static ExportRow Example => new()
    {
        CampaignId = StudyExamples.CampaignId,
        ArticleId = StudyExamples.ArticleId,
        OutletId = StudyExamples.OutletId,
        Position = 0,
        Kind = StudyTargetKind.Rating,
        Dimension = "factual_accuracy",
        Value = 55,
        Source = StudyValueSource.Adjudicated,
        Annotations = 3,
        AdjudicationId = StudyExamples.Adjudication.Id,
    };

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await StudyAccess.FindAsync(db, HttpContext, req.Id, ct) is not { } campaign)
        {
            return;
        }

        var study = await Study.LoadAsync(db, campaign, ct);
        var awaiting = study.Disagreements().Where(d => !study.IsAdjudicated(d)).Select(d => (d.ArticleId, d.Kind, d.Target)).ToHashSet();
        var ratings = study.Ratings.ToLookup(r => (r.ArticleId, r.Dimension));
        var verdicts = study.Verdicts.ToLookup(v => v.ArticleId, StringComparer.Ordinal);

        using var writer = await ExportResponse.StartAsync(HttpContext, ExportFormats.Ndjson, null, ct);
        foreach (var item in study.Items)
        {
            foreach (var dimension in campaign.Dimensions)
            {
                var values = ratings[(item.ArticleId, dimension)].Select(r => r.Value).ToList();
                study.Adjudicated.TryGetValue((item.ArticleId, StudyTargetKind.Rating, dimension), out var decision);
                writer.Json(new ExportRow
                {
                    CampaignId = campaign.Id,
                    ArticleId = item.ArticleId,
                    OutletId = item.OutletId,
                    Position = item.Position,
                    Kind = StudyTargetKind.Rating,
                    Dimension = dimension,
                    Value = decision?.Value ?? Consensus.Median(values),
                    Source = decision is not null ? StudyValueSource.Adjudicated : values.Count > 0 ? StudyValueSource.Median : StudyValueSource.None,
                    Annotations = values.Count,
                    AwaitingAdjudication = awaiting.Contains((item.ArticleId, StudyTargetKind.Rating, dimension)),
                    AdjudicationId = decision?.Id,
                });
                writer.Text("\n");
                await writer.EndRowAsync();
            }

            if (!campaign.AskVerdicts)
            {
                continue;
            }

            var claims = verdicts[item.ArticleId].Select(v => v.ClaimId)
                .Concat(study.Adjudicated.Keys.Where(k => k.ArticleId == item.ArticleId && k.Kind == StudyTargetKind.Verdict).Select(k => k.Target))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var claimId in claims)
            {
                var given = verdicts[item.ArticleId].Where(v => v.ClaimId == claimId).Select(v => v.Verdict).ToList();
                study.Adjudicated.TryGetValue((item.ArticleId, StudyTargetKind.Verdict, claimId), out var decision);
                var majority = Consensus.Majority(given);
                writer.Json(new ExportRow
                {
                    CampaignId = campaign.Id,
                    ArticleId = item.ArticleId,
                    OutletId = item.OutletId,
                    Position = item.Position,
                    Kind = StudyTargetKind.Verdict,
                    ClaimId = claimId,
                    Verdict = decision?.Verdict ?? majority,
                    Source = decision is not null ? StudyValueSource.Adjudicated
                        : given.Count == 0 ? StudyValueSource.None
                        : majority is null ? StudyValueSource.Tie
                        : StudyValueSource.Majority,
                    Annotations = given.Count,
                    AwaitingAdjudication = awaiting.Contains((item.ArticleId, StudyTargetKind.Verdict, claimId)),
                    AdjudicationId = decision?.Id,
                });
                writer.Text("\n");
                await writer.EndRowAsync();
            }
        }

        await writer.FlushAsync();
    }
}

/// <summary>The consensus of an item's annotations when nobody adjudicated.</summary>
internal static class Consensus
{
    /// <summary>The median; the mean of the middle two for an even count; null for none.</summary>
    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The verdict given strictly most often; null for none or a tie.</summary>
    public static Verdict? Majority(IReadOnlyList<Verdict> verdicts)
    {
        var counts = verdicts.GroupBy(v => v).Select(g => (g.Key, Count: g.Count())).OrderByDescending(g => g.Count).ToList();
        return counts.Count == 0 || (counts.Count > 1 && counts[0].Count == counts[1].Count) ? null : counts[0].Key;
    }
}

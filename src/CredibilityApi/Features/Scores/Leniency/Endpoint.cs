using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Scores.Leniency;

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/annotators/leniency");
        Roles(RoleNames.Admin, RoleNames.Researcher);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListLeniencies")
            .WithTags("Researchers")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Annotator leniency on a dimension";
            s.Description =
                "Methodology v2's estimate of each annotator's leniency on one dimension (points above the average annotator on the " +
                "same article, shrunk toward 0) with its sd and 95% interval, the overlap behind it, and the noise, article and " +
                "leniency sds of the same fit with when it was computed (refreshed in the background after ratings change). For " +
                "admins and researchers; annotators get 403. Cursor-paged in annotator id order.";
            s.ResponseExamples[200] = new Response
            {
                Dimension = "factual_accuracy",
                MethodologyVersion = Scoring.Methodology.V2.Version,
                VarianceComponents = new VarianceComponentsModel
                {
                    Dimension = "factual_accuracy", ComputedAt = new DateTime(2026, 11, 25, 11, 59, 58, DateTimeKind.Utc),
                    NoiseSd = 8.1, ArticleSd = 9.7, LeniencySd = 4.6, Ratings = 5210, OverlappingArticles = 1604, Annotators = 21,
                },
                Items =
                [
                    new Item
                    {
                        AnnotatorId = "acc_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f", AnnotatorName = "Annotator A", Estimate = 3.2, Sd = 0.9,
                        Lower95 = 1.4, Upper95 = 5.0, Ratings = 412, Overlap = 260.3, Identified = true,
                    },
                ],
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!await db.RubricDimensions.AnyAsync(d => d.Key == req.Dimension, ct))
        {
            var known = await db.RubricDimensions.Select(d => d.Key).Distinct().OrderBy(k => k).ToListAsync(ct);
            ThrowError(r => r.Dimension, $"Unknown dimension '{req.Dimension}'. Valid: {string.Join(", ", known)}.", StatusCodes.Status422UnprocessableEntity);
        }

        var after = Cursor.TryDecode(req.Cursor, 1, out var keys) ? keys[0] : null;
        var limit = req.PageSize();
        var page = await db.AnnotatorLeniencies.AsNoTracking()
            .Where(l => l.Dimension == req.Dimension && (after == null || string.Compare(l.AnnotatorId, after) > 0))
            .OrderBy(l => l.AnnotatorId)
            .Take(limit + 1)
            .Join(db.Accounts, l => l.AnnotatorId, a => a.Id, (l, a) => new { Leniency = l, a.Name })
            .ToListAsync(ct);
        var state = (await V2Model.StoredAsync(db, [req.Dimension], null, default, default, ct))[req.Dimension];
        var items = page.Take(limit).Select(x => new Item
        {
            AnnotatorId = x.Leniency.AnnotatorId,
            AnnotatorName = x.Name,
            Estimate = x.Leniency.Estimate,
            Sd = x.Leniency.Sd,
            Lower95 = x.Leniency.Lower95,
            Upper95 = x.Leniency.Upper95,
            Ratings = x.Leniency.Ratings,
            Overlap = x.Leniency.Overlap,
            Identified = x.Leniency.Identified,
        }).ToList();

        await Send.OkAsync(new Response
        {
            Dimension = req.Dimension,
            MethodologyVersion = Scoring.Methodology.V2.Version,
            VarianceComponents = VarianceComponentsModel.From(state),
            Items = items,
            NextCursor = page.Count > limit ? Cursor.Encode(items[^1].AnnotatorId) : null,
        }, ct);
    }
}

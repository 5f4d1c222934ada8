using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Exports.Assignments;

public sealed class Endpoint(StreamingReads reads) : Endpoint<Request>
{
    internal const string CursorName = "assignments";

    internal static readonly string?[] CsvHeader =
    [
        "assignment_id", "campaign_id", "annotator_id", "article_id", "outlet_id", "position", "state", "assigned_at",
        "first_fetched_at", "submitted_at", "skipped_at", "reassigned_to_id", "seconds_on_task",
    ];

    public override void Configure()
    {
        Get("/exports/assignments");

        // Time on task judges the annotators, like leniency: for admins and researchers.
        Roles(RoleNames.Admin, RoleNames.Researcher);
        Description(b => b.ClearDefaultProduces()
            .WithName("ExportAssignments")
            .WithTags("Researchers")
            .Produces<Stream>(StatusCodes.Status200OK, ExportFormats.Ndjson, ExportFormats.Csv)
            .Problems(400, 403, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Export campaign assignments with time on task";
            s.Description =
                "Every campaign assignment, optionally of one campaign, annotator or outlet, in order of id: who got which " +
                "article, its state, when it was assigned, first fetched (the first time GET /api/v1/me/assignments showed it), " +
                "submitted or skipped, and secondsOnTask (submittedAt - firstFetchedAt, wall-clock; null until submitted or when " +
                "it was never fetched). A skipped assignment names the one that took the item over. NDJSON by default, one " +
                "assignment per line; 'Accept: text/csv' gives assignment_id, campaign_id, annotator_id, article_id, outlet_id, " +
                "position, state, assigned_at, first_fetched_at, submitted_at, skipped_at, reassigned_to_id, seconds_on_task. " +
                "Pages of 'limit' rows as in GET /api/v1/exports/annotations ('X-Next-Cursor', 'Link'). 'since' keeps the " +
                "assignments with any of their instants (assigned, first fetched, submitted, skipped) at or after it: every " +
                "change of an assignment sets one, so a pull with the previous pull's start gets every changed row again. " +
                "Admins and researchers only: time on task judges the annotators.";
            s.ResponseExamples[200] = Example;
            ExportResponse.DescribePagingHeaders(s, ExportCursor.Write(CursorName, Example.AssignmentId));
        });
    }

    private static AssignmentTimingModel Example => new()
    {
        AssignmentId = "asg_0192f0c3b4c57d6e8f9a0b1c2d3e4f56",
        CampaignId = "cmp_0192f0c3b4c57d6e8f9a0b1c2d3e4f50",
        AnnotatorId = "acc_0192f0c3b4c57d6e8f9a0b1c2d3e4f51",
        ArticleId = "art_0192f0c3b4c57d6e8f9a0b1c2d3e4f50",
        OutletId = "out_0192f0c3b4c57d6e8f9a0b1c2d3e4f50",
        Position = 0,
        State = AssignmentState.Submitted,
        AssignedAt = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc),
        FirstFetchedAt = new DateTime(2026, 3, 2, 8, 30, 0, DateTimeKind.Utc),
        SubmittedAt = new DateTime(2026, 3, 2, 8, 42, 30, DateTimeKind.Utc),
        SecondsOnTask = 750,
    };

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var db = reads.Db;
        if (!await CampaignScope.CheckAsync(db, HttpContext, req.CampaignId, ct))
        {
            return;
        }

        if (!await Outlets.OutletFilter.CheckAsync(db, HttpContext, req.OutletId, ct))
        {
            return;
        }

        var format = ExportFormats.Negotiate(HttpContext.Request, ExportFormats.Ndjson, ExportFormats.Csv);
        var limit = req.PageSize();
        var rows = db.Assignments.AsNoTracking()
            .Join(db.Articles, a => a.ArticleId, article => article.Id, (a, article) => new { A = a, article.OutletId });
        rows = req.CampaignId is { } campaignId ? rows.Where(x => x.A.CampaignId == campaignId) : rows;
        rows = req.AnnotatorId is { } annotatorId ? rows.Where(x => x.A.AnnotatorId == annotatorId) : rows;
        rows = req.OutletId is { } outletId ? rows.Where(x => x.OutletId == outletId) : rows;
        if (req.Since is { } since)
        {
            var sinceUtc = Instants.AsUtc(since);
            rows = rows.Where(x => x.A.AssignedAt >= sinceUtc || x.A.FirstFetchedAt >= sinceUtc || x.A.SubmittedAt >= sinceUtc || x.A.SkippedAt >= sinceUtc);
        }

        if (ExportCursor.TryRead(req.Cursor, CursorName, out var afterId))
        {
            rows = rows.Where(x => string.Compare(x.A.Id, afterId) > 0);
        }

        // Keys only, rows limit and limit + 1: the first ends the page, the second says another follows.
        var keys = await rows.OrderBy(x => x.A.Id).Skip(limit - 1).Select(x => x.A.Id).Take(2).ToListAsync(ct);
        var end = keys.Count == 2 ? keys[0] : null;
        var page = end is null
            ? rows.OrderBy(x => x.A.Id).Take(limit)
            : rows.Where(x => string.Compare(x.A.Id, end) <= 0).OrderBy(x => x.A.Id);

        using var writer = await ExportResponse.StartAsync(HttpContext, format, end is null ? null : ExportCursor.Write(CursorName, end), ct);
        if (format == ExportFormats.Csv)
        {
            writer.CsvRecord(CsvHeader);
        }

        await foreach (var row in page.AsAsyncEnumerable().WithCancellation(ct))
        {
            var a = row.A;
            var timing = new AssignmentTimingModel
            {
                AssignmentId = a.Id,
                CampaignId = a.CampaignId,
                AnnotatorId = a.AnnotatorId,
                ArticleId = a.ArticleId,
                OutletId = row.OutletId,
                Position = a.Position,
                State = a.State,
                AssignedAt = a.AssignedAt,
                FirstFetchedAt = a.FirstFetchedAt,
                SubmittedAt = a.SubmittedAt,
                SkippedAt = a.SkippedAt,
                ReassignedToId = a.ReassignedToId,
                SecondsOnTask = a.SubmittedAt is { } done && a.FirstFetchedAt is { } start ? (done - start).TotalSeconds : null,
            };
            if (format == ExportFormats.Csv)
            {
                writer.CsvRecord(
                    timing.AssignmentId,
                    timing.CampaignId,
                    timing.AnnotatorId,
                    timing.ArticleId,
                    timing.OutletId,
                    Csv.Number(timing.Position),
                    Csv.Name<AssignmentState>(timing.State),
                    Csv.Instant(timing.AssignedAt),
                    Csv.Instant(timing.FirstFetchedAt),
                    Csv.Instant(timing.SubmittedAt),
                    Csv.Instant(timing.SkippedAt),
                    timing.ReassignedToId,
                    Csv.Number(timing.SecondsOnTask));
            }
            else
            {
                writer.Json(timing);
                writer.Text("\n");
            }

            await writer.EndRowAsync();
        }

        await writer.FlushAsync();
    }
}

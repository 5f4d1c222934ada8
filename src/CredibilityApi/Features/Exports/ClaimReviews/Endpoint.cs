using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Assignments;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Exports.ClaimReviews;

public sealed class Request : ExportRequest
{
    /// <summary>Only this verdict.</summary>
    [QueryParam]
    public Verdict? Verdict { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Verdict).IsInEnum();
        this.AddExportRules(c => ExportCursor.TryRead(c, Endpoint.CursorName, out _));
    }
}

public sealed class Endpoint(StreamingReads reads, PublicUrls urls) : Endpoint<Request>
{
    internal const string CursorName = "claim-reviews";

    public override void Configure()
    {
        Get("/exports/claim-reviews");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ExportClaimReviews")
            .WithTags("Researchers")
            .Produces<IReadOnlyList<ClaimReviewModel>>(StatusCodes.Status200OK, ExportFormats.JsonLd)
            .Problems(400, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Export verdicts as schema.org ClaimReview";
            s.Description =
                "Every current verdict on a claim (a provenance note with a verdict, not retracted, not hidden), optionally of one " +
                "outlet and verdict, as a JSON-LD array of schema.org ClaimReview objects, one per verdict annotation, streamed in " +
                "order of the annotation's id. 'url' is the annotation in this API, 'claimReviewed' the claim's words, " +
                "'itemReviewed' the claim with its claimant (Person, or Organization for organisations, governments and outlets; " +
                "left out when the article does not say) and the article it appeared in, 'author' the annotator as a Person (display " +
                "name, and the account id as 'identifier' to join with the other exports), 'publisher' this API as an Organization. " +
                "Every URL of this API in it ('url', publisher.url, the Link header) is built on the configured public base URL " +
                "(Api:PublicBaseUrl), never on the request's Host header. " +
                "reviewRating.alternateName names the verdict; ratingValue is false 1, misleading 2, mixed 3, mostly accurate 4, " +
                "accurate 5 (worstRating 1, bestRating 5), and is left out for unverifiable, which is not a point on that scale. " +
                "Always application/ld+json, whatever the Accept header. Paged like the other exports ('limit', 'X-Next-Cursor', " +
                "'Link'); 'since' keeps the verdicts whose annotation changed at or after it." + Blinding.ListNote;
            s.ResponseExamples[200] = new List<ClaimReviewModel> { Example };
            ExportResponse.DescribePagingHeaders(s, ExportCursor.Write(CursorName, Examples.Provenance.Id));
        });
    }

    private static ClaimReviewModel Example => new()
    {
        Url = PublicUrls.Default + "/api/v1/annotations/" + Examples.Provenance.Id,
        ClaimReviewed = Examples.Claim.Anchor.Exact,
        ItemReviewed = new ClaimReviewItemModel
        {
            Author = new ClaimReviewAgentModel { Type = "Organization", Name = Examples.Claim.Claimant.Name! },
            Appearance = new ClaimReviewAppearanceModel { Url = Examples.Article.Url },
        },
        Author = new ClaimReviewAgentModel { Type = "Person", Name = Examples.Account.Name, Identifier = Examples.Provenance.AuthorId },
        Publisher = ClaimReviewAgentModel.Api(new PublicUrls(PublicUrls.Default)),
        DatePublished = Examples.Provenance.CreatedAt,
        DateModified = Examples.Provenance.UpdatedAt,
        ReviewRating = ClaimReviewRatingModel.For(Domain.Verdict.Misleading),
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

        var limit = req.PageSize();
        var verdicts = db.Annotations.AsNoTracking().Where(a =>
            a.Kind == AnnotationKind.Provenance && a.TargetType == TargetType.Claim && a.Verdict != null &&
            a.Status == AnnotationStatus.Active && !a.Hidden);
        verdicts = CampaignScope.Annotations(db, verdicts, req.CampaignId);
        verdicts = req.OutletId is { } outletId ? verdicts.Where(a => a.OutletId == outletId) : verdicts;
        verdicts = req.Verdict is { } verdict ? verdicts.Where(a => a.Verdict == verdict) : verdicts;
        verdicts = verdicts.HideOthersOn(await Blinding.PendingAsync(HttpContext, db, ct), User);
        if (req.Since is { } since)
        {
            var sinceUtc = Instants.AsUtc(since);
            verdicts = verdicts.Where(a => a.UpdatedAt >= sinceUtc);
        }

        if (ExportCursor.TryRead(req.Cursor, CursorName, out var afterId))
        {
            verdicts = verdicts.Where(a => string.Compare(a.Id, afterId) > 0);
        }

        // Keys only, rows limit and limit + 1: the first ends the page, the second says another follows.
        var keys = await verdicts.OrderBy(a => a.Id).Skip(limit - 1).Select(a => a.Id).Take(2).ToListAsync(ct);
        var end = keys.Count == 2 ? keys[0] : null;
        var page = end is null
            ? verdicts.OrderBy(a => a.Id).Take(limit)
            : verdicts.Where(a => string.Compare(a.Id, end) <= 0).OrderBy(a => a.Id);
        var rows =
            from a in page
            join c in db.Claims on a.ClaimId equals c.Id
            join article in db.Articles on c.ArticleId equals article.Id
            from author in db.Accounts.Where(x => x.Id == a.AuthorId).DefaultIfEmpty()
            orderby a.Id
            select new
            {
                a.Id,
                a.AuthorId,
                AuthorName = author == null ? null : author.Name,
                Verdict = a.Verdict!.Value,
                a.CreatedAt,
                a.UpdatedAt,
                c.Exact,
                c.ClaimantName,
                c.ClaimantType,
                ArticleUrl = article.Url,
            };

        using var writer = await ExportResponse.StartAsync(HttpContext, ExportFormats.JsonLd, end is null ? null : ExportCursor.Write(CursorName, end), ct);
        var publisher = ClaimReviewAgentModel.Api(urls);
        writer.Text("[");
        var first = true;
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            writer.Text(first ? "\n" : ",\n");
            first = false;
            writer.Json(new ClaimReviewModel
            {
                Url = urls.For("/api/v1/annotations/" + row.Id),
                ClaimReviewed = row.Exact,
                ItemReviewed = new ClaimReviewItemModel
                {
                    Author = Claimant(row.ClaimantName, row.ClaimantType),
                    Appearance = new ClaimReviewAppearanceModel { Url = row.ArticleUrl },
                },
                Author = new ClaimReviewAgentModel { Type = "Person", Name = row.AuthorName ?? row.AuthorId, Identifier = row.AuthorId },
                Publisher = publisher,
                DatePublished = row.CreatedAt,
                DateModified = row.UpdatedAt,
                ReviewRating = ClaimReviewRatingModel.For(row.Verdict),
            });
            await writer.EndRowAsync();
        }

        writer.Text("\n]\n");
        await writer.FlushAsync();
    }

    /// <summary>The claimant as schema.org sees it; an unnamed anonymous source is still a person, an unknown one is left out.</summary>
    private static ClaimReviewAgentModel? Claimant(string? name, SourceType type) => (name, type) switch
    {
        ({ } n, _) => new ClaimReviewAgentModel { Type = VerdictScale.AgentType(type), Name = n },
        (null, SourceType.Anonymous) => new ClaimReviewAgentModel { Type = "Person", Name = "Anonymous source" },
        _ => null,
    };
}

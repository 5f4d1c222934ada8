using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Assignments;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Annotations.List;

public sealed class Request : PagedRequest
{
    /// <summary>Only this kind.</summary>
    [QueryParam]
    public AnnotationKind? Kind { get; init; }

    /// <summary>Only annotations on targets of this type.</summary>
    [QueryParam]
    public TargetType? TargetType { get; init; }

    /// <summary>Only annotations on this claim, article or outlet.</summary>
    [QueryParam]
    public string? TargetId { get; init; }

    /// <summary>Only annotations about this article (on it, on its spans, or on its claims).</summary>
    [QueryParam]
    public string? ArticleId { get; init; }

    /// <summary>Only annotations about this outlet or its articles and claims. An unknown outlet is a 404.</summary>
    [QueryParam]
    public string? OutletId { get; init; }

    /// <summary>Only annotations by this annotator.</summary>
    [QueryParam]
    public string? AuthorId { get; init; }

    /// <summary>Only annotations with this tag.</summary>
    [QueryParam]
    public string? Tag { get; init; }

    /// <summary>Include retracted annotations (default false).</summary>
    [QueryParam]
    public bool? IncludeRetracted { get; init; }

    /// <summary>Include hidden annotations (admins only; default false).</summary>
    [QueryParam]
    public bool? IncludeHidden { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.TargetType).IsInEnum();
        RuleFor(x => x.TargetId).MaximumLength(Limits.IdLength);
        RuleFor(x => x.ArticleId).MaximumLength(Limits.IdLength);
        RuleFor(x => x.OutletId).MaximumLength(Limits.IdLength);
        RuleFor(x => x.AuthorId).MaximumLength(Limits.IdLength);
        RuleFor(x => x.Tag).MaximumLength(Limits.KeyLength);
        this.AddPagingRules(c => Infrastructure.Cursor.TryDecode(c, 1, out _));
    }
}

/// <summary>A page of annotations in the order they were recorded.</summary>
[SchemaName("ListAnnotationsResponse")]
public sealed class Response
{
    public required IReadOnlyList<AnnotationModel> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/annotations");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListAnnotations")
            .WithTags("Annotations")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List annotations";
            s.Description =
                "Annotations by target, article, outlet, annotator, tag and kind, in the order they were recorded (an unknown tag is a 422 listing the vocabulary). Current ones only " +
                "unless includeRetracted; hidden ones only for admins who ask (includeHidden; 403 for others). Cursor-paged." + Blinding.ListNote;
            s.ResponseExamples[200] = new Response { Items = [Examples.Provenance, Examples.Framing, Examples.Rating], NextCursor = null };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (req.IncludeHidden == true && !User.IsAdmin())
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "Only admins may list hidden annotations.");
            return;
        }

        if (req.Tag is not null && await AnnotationStore.CheckTagsAsync(db, [req.Tag], "tag", ct) is { } tagError)
        {
            // A misspelt tag would otherwise look like "no annotations".
            AddError(tagError);
            ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);
        }

        if (!await Outlets.OutletFilter.CheckAsync(db, HttpContext, req.OutletId, ct))
        {
            return;
        }

        var limit = req.PageSize();
        var query = db.Annotations.AsNoTracking();
        query = req.Kind is { } kind ? query.Where(a => a.Kind == kind) : query;
        query = req.TargetType is { } type ? query.Where(a => a.TargetType == type) : query;
        query = req.TargetId is { } targetId ? query.Where(a => a.TargetId == targetId) : query;
        query = req.ArticleId is { } articleId ? query.Where(a => a.ArticleId == articleId) : query;
        query = req.OutletId is { } outletId ? query.Where(a => a.OutletId == outletId) : query;
        query = req.AuthorId is { } authorId ? query.Where(a => a.AuthorId == authorId) : query;
        query = req.Tag is { } tag ? query.Where(a => a.Tags.Contains(tag)) : query;
        query = req.IncludeRetracted == true ? query : query.Where(a => a.Status == AnnotationStatus.Active);
        query = req.IncludeHidden == true ? query : query.Where(a => !a.Hidden);
        query = query.HideOthersOn(await Assignments.Blinding.PendingAsync(HttpContext, db, ct), User);
        if (Infrastructure.Cursor.TryDecode(req.Cursor, 1, out var after))
        {
            var afterId = after[0];
            query = query.Where(a => string.Compare(a.Id, afterId) > 0);
        }

        var items = await query.OrderBy(a => a.Id).Take(limit + 1).ToListAsync(ct);
        var page = items.Take(limit).Select(a => AnnotationModel.From(a, User)).ToList();
        await Send.OkAsync(new Response
        {
            Items = page,
            NextCursor = items.Count > limit ? Infrastructure.Cursor.Encode(page[^1].Id) : null,
        }, ct);
    }
}

using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Outlets.List;

public sealed class Endpoint(CredibilityDbContext db, TypeAdapterConfig mapping) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/outlets");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListOutlets")
            .WithTags("Outlets")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List outlets";
            s.Description = "Outlets in registration order, optionally filtered by name and country. Cursor-paged: follow nextCursor until it is null.";
            s.ResponseExamples[200] = new Response { Items = [CredibilityApi.Features.Examples.Outlet], NextCursor = CredibilityApi.Features.Examples.Cursor };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var limit = req.PageSize();
        var query = db.Outlets.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(req.Name))
        {
            var pattern = LikePattern.Contains(req.Name);
            query = query.Where(o => EF.Functions.Like(o.Name, pattern, LikePattern.Escape));
        }

        if (req.Country is not null)
        {
            query = query.Where(o => o.Country == req.Country);
        }

        if (Cursor.TryDecode(req.Cursor, 1, out var after))
        {
            var afterId = after[0];
            query = query.Where(o => string.Compare(o.Id, afterId) > 0);
        }

        var items = await query
            .OrderBy(o => o.Id)
            .Take(limit + 1)
            .ProjectToType<OutletModel>(mapping)
            .ToListAsync(ct);

        await Send.OkAsync(new Response
        {
            Items = items.Take(limit).ToList(),
            NextCursor = items.Count > limit ? Cursor.Encode(items[limit - 1].Id) : null,
        }, ct);
    }
}

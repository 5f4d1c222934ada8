using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Accounts.List;

public sealed class Endpoint(CredibilityDbContext db, TypeAdapterConfig mapping) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/accounts");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListAccounts")
            .WithTags("Accounts")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List accounts";
            s.Description = "All accounts in creation order, optionally of one role. Admins only. Cursor-paged.";
            s.ResponseExamples[200] = new Response { Items = [CredibilityApi.Features.Examples.Account], NextCursor = null };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var limit = req.PageSize();
        var query = db.Accounts.AsNoTracking();
        if (req.Role is { } role)
        {
            query = query.Where(a => a.Role == role);
        }

        if (Cursor.TryDecode(req.Cursor, 1, out var after))
        {
            var afterId = after[0];
            query = query.Where(a => string.Compare(a.Id, afterId) > 0);
        }

        var items = await query.OrderBy(a => a.Id).Take(limit + 1).ProjectToType<AccountModel>(mapping).ToListAsync(ct);
        await Send.OkAsync(new Response
        {
            Items = items.Take(limit).ToList(),
            NextCursor = items.Count > limit ? Cursor.Encode(items[limit - 1].Id) : null,
        }, ct);
    }
}

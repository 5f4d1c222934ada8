using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Keys.List;

public sealed class Endpoint(CredibilityDbContext db, TypeAdapterConfig mapping) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/accounts/{accountId}/keys");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListKeys")
            .WithTags("Keys")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(403, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List an account's API keys";
            s.Description = "Keys with their prefixes, expiry and revocation; never the secrets. Admins, or the account's own user.";
            s.ResponseExamples[200] = new Response { Items = [CredibilityApi.Features.Examples.Key] };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!Accounts.AccountAccess.Allowed(User, req.AccountId))
        {
            await Accounts.AccountAccess.ForbidAsync(HttpContext, "manage its keys");
            return;
        }

        if (!await db.Accounts.AnyAsync(a => a.Id == req.AccountId, ct))
        {
            await Problems.NotFoundAsync(HttpContext, "Account", req.AccountId);
            return;
        }

        var items = await db.ApiKeys.AsNoTracking()
            .Where(k => k.AccountId == req.AccountId)
            .OrderByDescending(k => k.Id)
            .ProjectToType<KeyModel>(mapping)
            .ToListAsync(ct);
        await Send.OkAsync(new Response { Items = items }, ct);
    }
}

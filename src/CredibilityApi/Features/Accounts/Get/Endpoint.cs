using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Accounts.Get;

/// <summary>
/// One account, where POST /accounts's Location points. Admins read any account; everyone else only their own (GET /me
/// answers the same for the caller, with its key).
/// </summary>
public sealed class Endpoint(CredibilityDbContext db, TypeAdapterConfig mapping) : Endpoint<Request, AccountModel>
{
    public override void Configure()
    {
        Get("/accounts/{id}");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetAccount")
            .WithTags("Accounts")
            .Produces<AccountModel>(StatusCodes.Status200OK, "application/json")
            .Problems(403, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Get an account";
            s.Description =
                "An account's name, email, role and creation time, with its ETag; never a key (GET /accounts/{id}/keys lists them). " +
                "Admins read any account; anyone else only their own (403 for another's). 404 when no account has the id.";
            s.ResponseExamples[200] = CredibilityApi.Features.Examples.Account;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!AccountAccess.Allowed(User, req.Id))
        {
            await AccountAccess.ForbidAsync(HttpContext, "read it");
            return;
        }

        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == req.Id).ProjectToType<AccountModel>(mapping).SingleOrDefaultAsync(ct);
        if (account is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Account", req.Id);
            return;
        }

        HttpContext.Response.Headers.ETag = account.ETag;
        await Send.OkAsync(account, ct);
    }
}

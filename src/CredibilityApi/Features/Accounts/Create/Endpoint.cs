using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;

namespace CredibilityApi.Features.Accounts.Create;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock, TypeAdapterConfig mapping) : Endpoint<Request, AccountModel>
{
    public override void Configure()
    {
        Post("/accounts");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultProduces()
            .WithName("CreateAccount")
            .WithTags("Accounts")
            .Produces<AccountModel>(StatusCodes.Status201Created, "application/json")
            .Problems(400, 403, 413, 415, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Create an account";
            s.Description = "Admins create accounts for annotators, researchers and other admins. The account has no key until one is issued.";
            s.ExampleRequest = new Request { Name = "Ana Annotator", Email = "ana@example.org", Role = Role.Annotator };
            s.ResponseExamples[201] = CredibilityApi.Features.Examples.Account;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var account = new Account(req.Name.Trim(), req.Role!.Value, req.Email, clock.GetUtcNow().UtcDateTime);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct);
        HttpContext.Response.Headers.Location = $"/api/v1/accounts/{account.Id}";
        ETags.Set(HttpContext, account.Version);
        await Send.ResponseAsync(account.Adapt<AccountModel>(mapping), StatusCodes.Status201Created, ct);
    }
}

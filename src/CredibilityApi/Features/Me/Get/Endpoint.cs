using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Me.Get;

public sealed class Endpoint(CredibilityDbContext db) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/me");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetMe")
            .WithTags("Accounts")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Who am I";
            s.Description = "The account and key the request was authenticated with. A quick way to check that a key works.";
            s.ResponseExamples[200] = new Response { AccountId = CredibilityApi.Features.Examples.Account.Id, Name = "Ana Annotator", Role = Domain.Role.Annotator, KeyId = CredibilityApi.Features.Examples.Key.Id, KeyPrefix = CredibilityApi.Features.Examples.Key.Prefix, KeyExpiresAt = CredibilityApi.Features.Examples.Key.ExpiresAt };
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var keyId = User.KeyId();
        var me = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Id == keyId)
            .Join(db.Accounts, k => k.AccountId, a => a.Id, (k, a) => new Response
            {
                AccountId = a.Id,
                Name = a.Name,
                Role = a.Role,
                KeyId = k.Id,
                KeyPrefix = k.Prefix,
                KeyExpiresAt = k.ExpiresAt,
            })
            .SingleAsync(ct);
        await Send.OkAsync(me, ct);
    }
}

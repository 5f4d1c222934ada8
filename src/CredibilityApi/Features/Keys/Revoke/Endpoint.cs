using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Keys.Revoke;

public sealed class Endpoint(CredibilityDbContext db, ApiKeyCache keys, TimeProvider clock, TypeAdapterConfig mapping) : EndpointWithoutRequest<KeyModel>
{
    public override void Configure()
    {
        Post("/accounts/{accountId}/keys/{keyId}/revoke");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("RevokeKey")
            .WithTags("Keys")
            .Produces<KeyModel>(StatusCodes.Status200OK, "application/json")
            .Problems(403, 404, 413)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Revoke an API key";
            s.Description =
                "Revokes a key at once; requests with it are then 401. Revoking a revoked key changes nothing and answers the same. " +
                "The key stays listed, with its revocation time. Admins, or the account's own user.";
            s.ResponseExamples[200] = CredibilityApi.Features.Examples.Key with { RevokedAt = new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc) };
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        // No request body: the route says everything, so an empty POST is the natural call.
        var req = new Request { AccountId = Route<string>("accountId")!, KeyId = Route<string>("keyId")! };
        if (!Accounts.AccountAccess.Allowed(User, req.AccountId))
        {
            await Accounts.AccountAccess.ForbidAsync(HttpContext, "manage its keys");
            return;
        }

        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == req.KeyId && k.AccountId == req.AccountId, ct);
        if (key is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Key", req.KeyId);
            return;
        }

        key.Revoke(clock.GetUtcNow().UtcDateTime);

        // Other nodes see the stamp change within a second and forget the keys they cached (ApiKeyCache).
        db.RevocationStamps.Attach(Domain.RevocationStamp.Renewed()).Property(s => s.Value).IsModified = true;
        await db.SaveChangesAsync(ct);
        keys.Forget(key.Id);
        await Send.OkAsync(key.Adapt<KeyModel>(mapping), ct);
    }
}

using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Keys.Issue;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock, KeyHasher hasher) : Endpoint<Request, IssuedKeyModel>
{
    public override void Configure()
    {
        Post("/accounts/{accountId}/keys");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("IssueKey")
            .WithTags("Keys")
            .Produces<IssuedKeyModel>(StatusCodes.Status201Created, "application/json")
            .Problems(400, 403, 404, 413, 415, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Issue an API key";
            s.Description =
                "Creates a key for an account and returns it once: only its HMAC-SHA-256 under a server-side pepper is stored, and its `prefix` is a random label, not part of the key. " +
                "Admins may issue keys to any account; other users to their own account only. " +
                "The response is never stored for an Idempotency-Key replay, because it carries the secret: a retry with the " +
                "same Idempotency-Key gets 409 (list the keys and revoke any you do not know).";
            s.ExampleRequest = new Request { AccountId = "acc_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f", Name = "laptop", ExpiresAt = new DateTime(2027, 12, 31, 0, 0, 0, DateTimeKind.Utc) };
            s.ResponseExamples[201] = CredibilityApi.Features.Examples.IssuedKey;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!Accounts.AccountAccess.Allowed(User, req.AccountId))
        {
            await Accounts.AccountAccess.ForbidAsync(HttpContext, "manage its keys");
            return;
        }

        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == req.AccountId, ct);
        if (account is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Account", req.AccountId);
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = req.ExpiresAt is { } e ? Instants.AsUtc(e) : (DateTime?)null;
        if (expiresAt <= now)
        {
            ThrowError(r => r.ExpiresAt!, "'expiresAt' must be in the future.", StatusCodes.Status422UnprocessableEntity);
        }

        var (key, secret) = account.IssueKey(req.Name, expiresAt, now, hasher);
        await db.SaveChangesAsync(ct);
        HttpContext.Response.Headers.Location = $"/api/v1/accounts/{account.Id}/keys";
        IdempotencyMiddleware.MarkSecret(HttpContext);
        await Send.ResponseAsync(new IssuedKeyModel
        {
            Id = key.Id,
            AccountId = key.AccountId,
            Prefix = key.Prefix,
            Name = key.Name,
            CreatedAt = key.CreatedAt,
            ExpiresAt = key.ExpiresAt,
            RevokedAt = key.RevokedAt,
            Key = secret,
        }, StatusCodes.Status201Created, ct);
    }
}

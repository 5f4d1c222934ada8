using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Admin.GetRollups;

public sealed class Endpoint(CredibilityDbContext db, NodeIdentity node, TimeProvider clock) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/admin/rollups");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetRollupStatus")
            .WithTags("Admin")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(403)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Get the rollup queue and lease holders";
            s.Description = "Which node answered, how many rating changes wait to be folded into the rollups, and which node holds each " +
                            "lease of background work (the rollup applier, methodology v2's refit, idempotency cleanup): with several " +
                            "nodes on one database exactly one holds each, and another takes it over when it expires. Admins only.";
            s.ResponseExamples[200] = new Response
            {
                Node = "api-1",
                Pending = 3,
                Leases =
                [
                    new LeaseModel
                    {
                        Name = LeaseStore.Rollups, Owner = "api-1", AcquiredAt = new DateTime(2026, 12, 5, 9, 0, 0, DateTimeKind.Utc),
                        ExpiresAt = new DateTime(2026, 12, 5, 11, 0, 8, DateTimeKind.Utc), Generation = 2,
                    },
                ],
            };
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var leases = await db.Leases.AsNoTracking().OrderBy(l => l.Name).ToListAsync(ct);
        var pending = await db.PendingRollups.LongCountAsync(ct);
        await Send.OkAsync(new Response
        {
            Node = node.Id,
            Pending = pending,
            Leases = leases.Select(l =>
            {
                var held = l.Owner != "" && l.ExpiresAt > now;
                return new LeaseModel
                {
                    Name = l.Name,
                    Owner = held ? l.Owner : null,
                    AcquiredAt = held ? l.AcquiredAt : null,
                    ExpiresAt = held ? l.ExpiresAt : null,
                    Generation = l.Generation,
                };
            }).ToList(),
        }, ct);
    }
}

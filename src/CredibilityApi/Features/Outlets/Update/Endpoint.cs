using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Outlets.Update;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock, TypeAdapterConfig mapping) : Endpoint<Request, OutletModel>
{
    public override void Configure()
    {
        Put("/outlets/{id}");
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultProduces()
            .WithName("UpdateOutlet")
            .WithTags("Outlets")
            .Produces<OutletModel>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 403, 404, 409, 412, 413, 415, 422, 428)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Update an outlet";
            s.Description =
                "Replaces an outlet's description and domains. Send the ETag you read as If-Match: without it the answer is 428, " +
                "and if the outlet changed since, 412 with the current ETag. A domain owned by another outlet is a 409; a public suffix " +
                "(co.uk, blogspot.com) is a 422 naming the rule, as on registration; so is a mixed-script label. A domain added, or a new name, that looks like " +
                "another outlet's is a 409 (look-alike-domain, duplicate-name) unless allowSimilar is true, as on registration. An outlet is a shared record: any annotator may " +
                "edit its name, homepage, country, language, ownership and notes, but only its registrant (registeredBy) or an admin " +
                "may add or remove a domain or change the primary domain; anyone else gets a 403 naming the registrant. Every " +
                "edit is a revision of the outlet's history, with who made it, when, and the outlet before and after " +
                "(GET /api/v1/outlets/{id}/revisions).";
            s.ExampleRequest = new Request
            {
                Id = "out_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f",
                IfMatch = "\"1\"",
                Name = "Tehran Evening Herald",
                PrimaryDomain = "herald-example.ir",
                Aliases = ["herald-example.co.uk", "herald-example.com"],
                Country = "IR",
                Language = "fa",
                Ownership = Domain.Ownership.State,
            };
            s.ResponseExamples[200] = CredibilityApi.Features.Examples.Outlet with { Aliases = ["herald-example.co.uk", "herald-example.com"], ETag = "\"2\"" };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var outlet = await db.Outlets.Include(o => o.Domains).SingleOrDefaultAsync(o => o.Id == req.Id, ct);
        if (outlet is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Outlet", req.Id);
            return;
        }

        if (!await ETags.CheckIfMatchAsync(HttpContext, outlet.Version))
        {
            return;
        }

        ValidationFailures.AddRange(req.PublicSuffixErrors());
        ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);

        var details = req.ToDetails();
        if (outlet.ChangesDomains(details) && !outlet.MayChangeDomains(User.AccountId(), User.IsAdmin()))
        {
            await OutletRegistrant.ForbidDomainChangeAsync(HttpContext, db, outlet, ct);
            return;
        }

        if (await DomainConflicts.RejectTakenAsync(HttpContext, db, [details.PrimaryDomain, .. details.Aliases], outlet.Id, ct))
        {
            return;
        }

        if (!req.AllowSimilar && await LookAlikes.RejectAsync(HttpContext, db, details, outlet, ct))
        {
            return;
        }

        var identityChanged = outlet.MirrorDomains != details.MirrorDomains ||
                              !outlet.Domains.Select(d => d.Host).Order().SequenceEqual(details.Aliases.Append(details.PrimaryDomain).Order());
        var now = clock.GetUtcNow().UtcDateTime;
        var before = OutletSnapshot.Of(outlet);
        outlet.Update(details, now);
        db.OutletRevisions.Add(OutletRevision.Edited(outlet, before, User.AccountId(), now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // The revision is numbered by the outlet's next version, so a clash on it means another edit
            // based on the same ETag was saved first: that is a stale If-Match, not a taken domain.
            var current = await db.Outlets.AsNoTracking().Where(o => o.Id == outlet.Id).Select(o => o.Version).FirstAsync(ct);
            if (current >= outlet.Version)
            {
                ETags.Set(HttpContext, current);
                await Problems.WriteAsync(HttpContext, StatusCodes.Status412PreconditionFailed, "Precondition failed",
                    "The outlet changed while your update was applied. GET it again and retry with its new ETag.");
                return;
            }

            await DomainConflicts.WriteAsync(HttpContext, null, null);
            return;
        }

        if (identityChanged)
        {
            // Article identity depends on the outlet's domains and mirror flag (see ArticleUrl.IdentityKey).
            await ArticleIdentities.RefreshOutletAsync(db, outlet.Id, ct);
        }

        ETags.Set(HttpContext, outlet.Version);
        await Send.OkAsync(outlet.Adapt<OutletModel>(mapping), ct);
    }
}

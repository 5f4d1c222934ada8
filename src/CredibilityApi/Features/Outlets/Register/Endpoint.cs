using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Outlets.Register;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock, TypeAdapterConfig mapping) : Endpoint<Request, OutletModel>
{
    public override void Configure()
    {
        Post("/outlets");
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultProduces()
            .WithName("RegisterOutlet")
            .WithTags("Outlets")
            .Produces<OutletModel>(StatusCodes.Status201Created, "application/json")
            .Problems(400, 403, 409, 413, 415, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Register an outlet";
            s.Description =
                "Registers a news outlet with its primary domain and aliases. Host names are normalised (lower case, IDNA, no 'www.'). " +
                "Each domain belongs to one outlet: a domain already registered is a 409 whose Location names the outlet that has it. " +
                "A public suffix of the Public Suffix List (co.uk, blogspot.com, github.io) is never an outlet domain: it is a 422 " +
                "naming the rule and its section (ICANN or private); register the outlet's own domain, such as example.co.uk. " +
                "A subdomain of a publishing platform (x.substack.com) is an outlet of its own. " +
                "A domain label that mixes scripts (Latin with a Cyrillic letter) is a 422 with code mixed-script. A domain that looks like a " +
                "registered one (their Unicode TR39 confusable skeletons match: presstv.ir with a Cyrillic е, paypa1.com), or a name that " +
                "reads the same as a registered outlet's (case, spacing and confusable letters aside), is a 409 with code look-alike-domain " +
                "or duplicate-name naming that outlet (Location points to it), unless the request sets allowSimilar: true to confirm it is a different outlet. " +
                "Annotators and admins may register outlets. The caller becomes the outlet's registrant (registeredBy): " +
                "only the registrant or an admin may later change its domains. The registration is revision 1 of the " +
                "outlet's history (GET /api/v1/outlets/{id}/revisions).";
            s.ExampleRequest = Examples.Request;
            s.ResponseExamples[201] = CredibilityApi.Features.Examples.Outlet;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        ValidationFailures.AddRange(req.PublicSuffixErrors());
        ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);

        var details = req.ToDetails();
        if (await DomainConflicts.RejectTakenAsync(HttpContext, db, [details.PrimaryDomain, .. details.Aliases], null, ct))
        {
            return;
        }

        if (!req.AllowSimilar && await LookAlikes.RejectAsync(HttpContext, db, details, null, ct))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var by = User.AccountId();
        var outlet = new Outlet(details, by, now);
        db.Outlets.Add(outlet);
        db.OutletRevisions.Add(OutletRevision.Registered(outlet, by, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Another request registered one of these domains between our check and our insert.
            await DomainConflicts.WriteAsync(HttpContext, null, null);
            return;
        }

        HttpContext.Response.Headers.Location = $"/api/v1/outlets/{outlet.Id}";
        ETags.Set(HttpContext, outlet.Version);
        await Send.ResponseAsync(outlet.Adapt<OutletModel>(mapping), StatusCodes.Status201Created, ct);
    }
}

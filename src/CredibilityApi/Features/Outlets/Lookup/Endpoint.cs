using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Outlets.Lookup;

public sealed class Endpoint(CredibilityDbContext db, TypeAdapterConfig mapping) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/outlets/lookup");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("LookupOutlet")
            .WithTags("Outlets")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Find the outlet of a URL or host";
            s.Description =
                "Resolves a URL or host to its outlet. Subdomains (www., m., amp., any other) match their registered domain, " +
                "and the longest registered suffix wins: with example.com and news.example.com registered, m.news.example.com " +
                "resolves to news.example.com. Matching never climbs above the host's registrable domain under the Public Suffix " +
                "List (eTLD+1): unrelated-paper.co.uk never resolves to an outlet on co.uk, nor someblog.blogspot.com to one on " +
                "blogspot.com. On publishing platforms the list does not cover (substack.com, medium.com, wordpress.com, tumblr.com, " +
                "livejournal.com, typepad.com, weebly.com) each subdomain is an outlet of its own: x.substack.com never falls back " +
                "to substack.com. 404 when no registered domain matches.";
            s.ResponseExamples[200] = new Response { Host = "m.herald-example.co.uk", MatchedDomain = "herald-example.co.uk", Outlet = CredibilityApi.Features.Examples.Outlet };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var host = Hosts.FromUrlOrHost(req.Url)!;
        var match = await OutletResolver.ResolveAsync(db, host, ct);
        if (match is null)
        {
            var root = Hosts.OutletRoot(host);
            await Problems.WriteAsync(HttpContext, StatusCodes.Status404NotFound, "No outlet for this host",
                root is null
                    ? $"'{host}' is a public suffix, which no outlet can have. Look up the outlet's own domain, e.g. example.{host}."
                    : root == host
                        ? $"No registered outlet domain matches '{host}'. Register the outlet, or add the domain to an outlet as an alias."
                        : $"No registered outlet domain matches '{host}' or any of its parent domains up to '{root}' (lookups never climb above the registrable domain). Register the outlet, or add the domain to an outlet as an alias.");
            return;
        }

        var outlet = await db.Outlets.AsNoTracking()
            .Where(o => o.Id == match.Value.OutletId)
            .ProjectToType<OutletModel>(mapping)
            .SingleAsync(ct);
        await Send.OkAsync(new Response { Host = host, MatchedDomain = match.Value.Domain, Outlet = outlet }, ct);
    }
}

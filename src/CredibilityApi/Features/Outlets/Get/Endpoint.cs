using CredibilityApi.Infrastructure;
using FastEndpoints;

namespace CredibilityApi.Features.Outlets.Get;

public sealed class Endpoint(IOutletReader outlets) : Endpoint<Request, OutletModel>
{
    public override void Configure()
    {
        Get("/outlets/{id}");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetOutlet")
            .WithTags("Outlets")
            .Produces<OutletModel>(StatusCodes.Status200OK, "application/json")
            .Problems(404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Get an outlet";
            s.Description = "Returns one outlet with its domains. The ETag header (also in the body) is what an update sends as If-Match.";
            s.ResponseExamples[200] = CredibilityApi.Features.Examples.Outlet;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var outlet = await outlets.GetAsync(req.Id, ct);
        if (outlet is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Outlet", req.Id);
            return;
        }

        HttpContext.Response.Headers.ETag = outlet.ETag;
        await Send.OkAsync(outlet, ct);
    }
}

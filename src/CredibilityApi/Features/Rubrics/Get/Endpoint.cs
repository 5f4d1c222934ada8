using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Rubrics.Get;

public sealed class Request
{
    /// <summary>A version number, or <c>current</c> for the newest.</summary>
    public string Version { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator() =>
        RuleFor(x => x.Version).Must(v => v == "current" || int.TryParse(v, out var n) && n > 0)
            .WithMessage("'version' is a positive version number or 'current'.");
}

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request, RubricModel>
{
    public override void Configure()
    {
        Get("/rubrics/{version}");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("GetRubric")
            .WithTags("Rubrics")
            .Produces<RubricModel>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Get a rubric version";
            s.Description = "One rubric version with its dimensions, ranges, polarity and weights; 'current' is the newest.";
            s.ResponseExamples[200] = RubricModel.Example;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var version = req.Version == "current" ? await db.RubricVersions.MaxAsync(r => r.Version, ct) : int.Parse(req.Version, System.Globalization.CultureInfo.InvariantCulture);
        var rubric = await db.RubricVersions.AsNoTracking().Include(r => r.Dimensions).SingleOrDefaultAsync(r => r.Version == version, ct);
        if (rubric is null)
        {
            await Problems.NotFoundAsync(HttpContext, "Rubric version", req.Version);
            return;
        }

        await Send.OkAsync(RubricModel.From(rubric), ct);
    }
}

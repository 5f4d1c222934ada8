using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Rubrics.List;

/// <summary>Every published rubric version, oldest first. There are few; the list is not paged.</summary>
[SchemaName("ListRubricsResponse")]
public sealed class Response
{
    public required IReadOnlyList<RubricModel> Items { get; init; }
}

public sealed class Endpoint(CredibilityDbContext db) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/rubrics");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListRubrics")
            .WithTags("Rubrics")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List rubric versions";
            s.Description = "Every published rubric version with its dimensions, oldest first.";
            s.ResponseExamples[200] = new Response { Items = [RubricModel.Example] };
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var rubrics = await db.RubricVersions.AsNoTracking().Include(r => r.Dimensions).OrderBy(r => r.Version).ToListAsync(ct);
        await Send.OkAsync(new Response { Items = rubrics.Select(RubricModel.From).ToList() }, ct);
    }
}

using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Taxonomy.ListTags;

/// <summary>The controlled tag vocabulary. It is small, so it is not paged.</summary>
[SchemaName("ListTagsResponse")]
public sealed class Response
{
    public required IReadOnlyList<TagModel> Items { get; init; }
}

public sealed class Endpoint(CredibilityDbContext db) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/taxonomy/tags");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListTags")
            .WithTags("Taxonomy")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List tags";
            s.Description = "The tags annotations and claims may carry. Admins add more.";
            s.ResponseExamples[200] = new Response { Items = DefaultTaxonomy.Tags.Take(2).Select(t => new TagModel { Key = t.Key, Label = t.Label, Description = t.Description }).ToList() };
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var tags = await db.Tags.AsNoTracking().OrderBy(t => t.Key).ToListAsync(ct);
        await Send.OkAsync(new Response { Items = tags.Select(TagModel.From).ToList() }, ct);
    }
}

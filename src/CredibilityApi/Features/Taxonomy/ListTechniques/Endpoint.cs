using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Taxonomy.ListTechniques;

public sealed class Request
{
    /// <summary>Only techniques or only frames.</summary>
    [QueryParam]
    public TechniqueKind? Kind { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(x => x.Kind).IsInEnum();
}

/// <summary>The framing taxonomy. It is small, so it is not paged.</summary>
[SchemaName("ListTechniquesResponse")]
public sealed class Response
{
    public required IReadOnlyList<TechniqueModel> Items { get; init; }
}

public sealed class Endpoint(CredibilityDbContext db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/taxonomy/techniques");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListTechniques")
            .WithTags("Taxonomy")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List techniques and frames";
            s.Description = "The framing taxonomy: the 14 propaganda techniques of SemEval-2020 Task 11, the 15 frames of the Media Frames Corpus, and any an admin added.";
            s.ResponseExamples[200] = new Response { Items = DefaultTaxonomy.Techniques.Take(2).Select(t => new TechniqueModel { Key = t.Key, Kind = t.Kind, Label = t.Label, Definition = t.Definition, Source = t.Source }).ToList() };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var query = db.Techniques.AsNoTracking();
        query = req.Kind is { } kind ? query.Where(t => t.Kind == kind) : query;
        var items = await query.OrderBy(t => t.Kind).ThenBy(t => t.Key).ToListAsync(ct);
        await Send.OkAsync(new Response { Items = items.Select(TechniqueModel.From).ToList() }, ct);
    }
}

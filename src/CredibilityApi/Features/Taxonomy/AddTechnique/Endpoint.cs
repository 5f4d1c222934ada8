using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Taxonomy.AddTechnique;

[SchemaName("AddTechniqueRequest")]
public sealed class Request
{
    /// <summary>Lower-case kebab-case key, unique.</summary>
    public string Key { get; init; } = "";

    public TechniqueKind Kind { get; init; }

    public string Label { get; init; } = "";

    public string Definition { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Key).NotEmpty().MaximumLength(Limits.KeyLength).Matches(TaxonomyRules.KeyPattern)
            .WithMessage("Keys are lower-case letters and digits in words joined by '-'.");
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.Label).NotEmpty().MaximumLength(Limits.NameLength).SingleLine();
        RuleFor(x => x.Definition).NotEmpty().MaximumLength(Limits.NotesLength).MultiLine();
    }
}

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, TechniqueModel>
{
    public override void Configure()
    {
        Post("/taxonomy/techniques");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultProduces()
            .WithName("AddTechnique")
            .WithTags("Taxonomy")
            .Produces<TechniqueModel>(StatusCodes.Status201Created, "application/json")
            .Problems(400, 403, 409, 413, 415)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Add a technique or frame";
            s.Description = "Extends the framing taxonomy (admins). Keys are permanent; a key already in use is a 409.";
            s.ExampleRequest = new Request { Key = "false-balance", Kind = TechniqueKind.Technique, Label = "False balance", Definition = "Presents a fringe view as an equal counterweight to a well-established one." };
            s.ResponseExamples[201] = new TechniqueModel { Key = "false-balance", Kind = TechniqueKind.Technique, Label = "False balance", Definition = "Presents a fringe view as an equal counterweight to a well-established one.", Source = "acc_0192f0b9e8d77a6b5c4d3e2f1a0b9c8d" };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await db.Techniques.AnyAsync(t => t.Key == req.Key, ct))
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Key taken", $"The taxonomy already has '{req.Key}'.");
            return;
        }

        var technique = new Technique(req.Key, req.Kind, req.Label.Trim(), req.Definition.Trim(), User.AccountId(), clock.GetUtcNow().UtcDateTime);
        db.Techniques.Add(technique);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Key taken", $"The taxonomy already has '{req.Key}'.");
            return;
        }

        HttpContext.Response.Headers.Location = "/api/v1/taxonomy/techniques";
        await Send.ResponseAsync(TechniqueModel.From(technique), StatusCodes.Status201Created, ct);
    }
}

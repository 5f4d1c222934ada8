using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Taxonomy.AddTag;

[SchemaName("AddTagRequest")]
public sealed class Request
{
    /// <summary>Lower-case kebab-case key, unique.</summary>
    public string Key { get; init; } = "";

    public string Label { get; init; } = "";

    public string Description { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Key).NotEmpty().MaximumLength(Limits.KeyLength).Matches(TaxonomyRules.KeyPattern)
            .WithMessage("Keys are lower-case letters and digits in words joined by '-'.");
        RuleFor(x => x.Label).NotEmpty().MaximumLength(Limits.NameLength).SingleLine();
        RuleFor(x => x.Description).MaximumLength(Limits.NotesLength).MultiLine();
    }
}

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, TagModel>
{
    public override void Configure()
    {
        Post("/taxonomy/tags");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultProduces()
            .WithName("AddTag")
            .WithTags("Taxonomy")
            .Produces<TagModel>(StatusCodes.Status201Created, "application/json")
            .Problems(400, 403, 409, 413, 415)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Add a tag";
            s.Description = "Extends the controlled tag vocabulary (admins). A key already in use is a 409.";
            s.ExampleRequest = new Request { Key = "deepfake-suspected", Label = "Deepfake suspected", Description = "Media in the item may be synthetic." };
            s.ResponseExamples[201] = new TagModel { Key = "deepfake-suspected", Label = "Deepfake suspected", Description = "Media in the item may be synthetic." };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (await db.Tags.AnyAsync(t => t.Key == req.Key, ct))
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Key taken", $"The vocabulary already has '{req.Key}'.");
            return;
        }

        var tag = new Tag(req.Key, req.Label.Trim(), req.Description.Trim(), clock.GetUtcNow().UtcDateTime);
        db.Tags.Add(tag);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Key taken", $"The vocabulary already has '{req.Key}'.");
            return;
        }

        HttpContext.Response.Headers.Location = "/api/v1/taxonomy/tags";
        await Send.ResponseAsync(TagModel.From(tag), StatusCodes.Status201Created, ct);
    }
}

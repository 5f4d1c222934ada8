using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Rubrics.Publish;

/// <summary>A new rubric version: its whole set of dimensions.</summary>
[SchemaName("PublishRubricRequest")]
public sealed class Request
{
    public string? Notes { get; init; }

    public List<DimensionModel> Dimensions { get; init; } = [];
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.Notes).MaximumLength(Limits.NotesLength).MultiLine();
        RuleFor(x => x.Dimensions).NotEmpty().Must(d => d is null || d.Count <= 50).WithMessage("At most 50 dimensions.")
            .Must(d => d is null || d.Select(x => x.Key).Distinct(StringComparer.Ordinal).Count() == d.Count).WithMessage("Each key once.");
        RuleFor(x => x.Dimensions)
            .Must(d => d is null || d.Where(x => x.Polarity == Polarity.HigherIsBetter).Sum(x => x.Weight) > 0)
            .WithMessage("At least one higher-is-better dimension needs a positive weight, or the composite index is undefined.");
        RuleForEach(x => x.Dimensions).ChildRules(d =>
        {
            d.RuleFor(x => x.Key).NotEmpty().MaximumLength(Limits.KeyLength).Matches("^[a-z][a-z0-9_]*$")
                .WithMessage("Keys are lower-case letters, digits and underscores, starting with a letter.");
            d.RuleFor(x => x.Label).NotEmpty().MaximumLength(Limits.NameLength).SingleLine();
            d.RuleFor(x => x.Description).MaximumLength(Limits.NotesLength).MultiLine();
            d.RuleFor(x => x.Max).GreaterThan(x => x.Min).WithMessage("'max' must be above 'min'.");
            d.RuleFor(x => x.Min).Must(double.IsFinite).InclusiveBetween(-Limits.RubricBound, Limits.RubricBound)
                .WithMessage("'min' must be a number between -1000000 and 1000000.");
            d.RuleFor(x => x.Max).Must(double.IsFinite).InclusiveBetween(-Limits.RubricBound, Limits.RubricBound)
                .WithMessage("'max' must be a number between -1000000 and 1000000.");
            d.RuleFor(x => x.Polarity).IsInEnum();
            d.RuleFor(x => x.Weight).InclusiveBetween(0, 1);
            d.RuleFor(x => x.Weight).Equal(0).When(x => x.Polarity == Polarity.Bipolar).WithMessage("Bipolar dimensions weigh 0 in the composite index.");
            d.RuleFor(x => x.Axis).MaximumLength(Limits.NameLength).SingleLine();
        });
    }
}

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, RubricModel>
{
    public override void Configure()
    {
        Post("/rubrics");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultProduces()
            .WithName("PublishRubric")
            .WithTags("Rubrics")
            .Produces<RubricModel>(StatusCodes.Status201Created, "application/json")
            .Problems(400, 403, 409, 413, 415)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Publish a rubric version";
            s.Description =
                "Publishes the next rubric version (admins). Versions are immutable: ratings made under an older version keep it. " +
                "Weights are each dimension's share of the composite index; bipolar dimensions weigh 0. A dimension's bounds lie " +
                "between -1000000 and 1000000 (a 400 naming the field otherwise), so no score can overflow.";
            s.ExampleRequest = new Request
            {
                Notes = "Adds a dimension for image provenance.",
                Dimensions = [.. RubricModel.Example.Dimensions, new DimensionModel { Key = "image_provenance", Label = "Image provenance", Description = "Whether images are credited and genuine.", Min = 0, Max = 100, Polarity = Polarity.HigherIsBetter, Weight = 0 }],
            };
            s.ResponseExamples[201] = RubricModel.Example;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var next = await db.RubricVersions.MaxAsync(r => r.Version, ct) + 1;
        var rubric = new RubricVersion(
            next,
            req.Notes,
            req.Dimensions.Select(d => new RubricDimension(next, d.Key, d.Label.Trim(), d.Description, d.Min, d.Max, d.Polarity, d.Weight, d.Axis)),
            User.AccountId(),
            clock.GetUtcNow().UtcDateTime);
        db.RubricVersions.Add(rubric);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            await Problems.WriteAsync(HttpContext, StatusCodes.Status409Conflict, "Version taken", "Another rubric version was published at the same time. Read the current version and retry.");
            return;
        }

        HttpContext.Response.Headers.Location = $"/api/v1/rubrics/{next}";
        await Send.ResponseAsync(RubricModel.From(rubric), StatusCodes.Status201Created, ct);
    }
}

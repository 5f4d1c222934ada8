using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Campaigns.Create;

public sealed class Endpoint(CredibilityDbContext db, TimeProvider clock) : Endpoint<Request, CampaignModel>
{
    public override void Configure()
    {
        Post("/campaigns");
        Roles(RoleNames.Admin);
        Description(b => b.ClearDefaultProduces()
            .WithName("CreateCampaign")
            .WithTags("Campaigns")
            .Produces<CampaignModel>(StatusCodes.Status201Created, "application/json")
            .Problems(400, 403, 413, 415, 422)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "Create a study campaign (admin)";
            s.Description =
                "Creates a campaign as a draft: its guidelines, rubric version, tasks (dimensions to rate; whether claim verdicts and " +
                "framing notes are asked for), overlap k, annotator pool, optional due date, and its articles, given as a list " +
                "(articleIds) or by a sampling rule (sampling: outlets or all, a publication window, n per outlet per week or month, " +
                "a seed), the accounts who may adjudicate besides admins (adjudicators) and the disagreement threshold X (a rating " +
                "range above X sends an item's dimension to adjudication; 20 when left out). Nothing is drawn or assigned yet: that happens when the campaign is opened. Every pool member must be an " +
                "annotator or admin account, every listed article and outlet must exist, every dimension must be in the rubric " +
                "version, every adjudicator must be an account, and k may not exceed the pool's size; otherwise a 422 names the field and the offending values.";
            s.ExampleRequest = new Request
            {
                Name = "Election coverage, spring",
                Description = "Sourcing and slant of election coverage in three outlets.",
                Guidelines = "Rate the article as published; ignore reader comments.",
                RubricVersion = 1,
                Tasks = new CampaignTasks { Dimensions = ["factual_accuracy", "slant"] },
                Overlap = 3,
                Pool = [.. CampaignExamples.Campaign.Pool],
                Sampling = CampaignExamples.Campaign.Sampling,
            };
            s.ResponseExamples[201] = CampaignExamples.Campaign;
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var tasks = req.Tasks!;
        var version = req.RubricVersion ?? await db.RubricVersions.MaxAsync(r => r.Version, ct);
        var dimensions = await db.RubricDimensions.Where(d => d.RubricVersion == version).Select(d => d.Key).ToListAsync(ct);
        if (dimensions.Count == 0)
        {
            var versions = await db.RubricVersions.OrderBy(r => r.Version).Select(r => r.Version).ToListAsync(ct);
            AddError(r => r.RubricVersion!, $"There is no rubric version {version}. Published versions: {string.Join(", ", versions)}.");
        }
        else if (tasks.Dimensions.Except(dimensions, StringComparer.Ordinal).ToList() is { Count: > 0 } unknownDimensions)
        {
            AddError(new("tasks.dimensions",
                $"Rubric version {version} has no dimension {string.Join(", ", unknownDimensions.Select(d => $"'{d}'"))}. Its dimensions: {string.Join(", ", dimensions)}."));
        }

        var members = await db.Accounts.Where(a => req.Pool.Contains(a.Id)).Select(a => new { a.Id, a.Role }).ToListAsync(ct);
        var unknown = req.Pool.Except(members.Select(m => m.Id), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            AddError(r => r.Pool, $"No account has the id {string.Join(", ", unknown.Select(u => $"'{u}'"))}.");
        }

        var readers = members.Where(m => m.Role == Role.Researcher).Select(m => m.Id).ToList();
        if (readers.Count > 0)
        {
            AddError(r => r.Pool, $"Only annotator and admin accounts can annotate; {string.Join(", ", readers.Select(u => $"'{u}'"))} are researchers.");
        }

        if (req.Adjudicators is { Count: > 0 } adjudicators)
        {
            var known = await db.Accounts.Where(a => adjudicators.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct);
            var strangers = adjudicators.Except(known, StringComparer.Ordinal).ToList();
            if (strangers.Count > 0)
            {
                AddError(r => r.Adjudicators, $"No account has the id {string.Join(", ", strangers.Take(20).Select(u => $"'{u}'"))}.");
            }
        }

        if (req.Overlap > req.Pool.Count)
        {
            AddError(r => r.Overlap!, $"An overlap of {req.Overlap} needs at least {req.Overlap} distinct annotators, and the pool has {req.Pool.Count}: each article goes to k different annotators.");
        }

        if (req.ArticleIds is { Count: > 0 } articleIds)
        {
            var found = await db.Articles.Where(a => articleIds.Contains(a.Id)).Select(a => new { a.Id, a.MergedIntoId }).ToListAsync(ct);
            var missing = articleIds.Except(found.Select(a => a.Id), StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                AddError(r => r.ArticleIds, $"No article has the id {string.Join(", ", missing.Take(20).Select(m => $"'{m}'"))}.");
            }

            var merged = found.Where(a => a.MergedIntoId is not null).ToList();
            if (merged.Count > 0)
            {
                AddError(r => r.ArticleIds, $"Merged away, use the article they were merged into: {string.Join(", ", merged.Take(20).Select(m => $"'{m.Id}' (into '{m.MergedIntoId}')"))}.");
            }
        }

        if (req.Sampling is { OutletIds.Count: > 0 } sampling)
        {
            var found = await db.Outlets.Where(o => sampling.OutletIds.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
            var missing = sampling.OutletIds.Except(found, StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                AddError(new("sampling.outletIds", $"No outlet has the id {string.Join(", ", missing.Take(20).Select(m => $"'{m}'"))}."));
            }
        }

        ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);

        var s = req.Sampling;
        var campaign = new Campaign(
            new CampaignDesign(
                req.Name,
                req.Description,
                req.Guidelines,
                version,
                tasks.Dimensions,
                tasks.Verdicts,
                tasks.Framing,
                req.Overlap!.Value,
                req.Pool,
                req.DueAt is { } due ? Instants.AsUtc(due) : null,
                req.ArticleIds,
                s?.OutletIds ?? [],
                s?.PublishedFrom is { } from ? Instants.AsUtc(from) : null,
                s?.PublishedTo is { } to ? Instants.AsUtc(to) : null,
                s?.PerBucket,
                s?.Bucket,
                s?.Seed,
                req.Adjudicators,
                req.DisagreementThreshold),
            User.AccountId(),
            clock.GetUtcNow().UtcDateTime);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(ct);

        HttpContext.Response.Headers.Location = $"/api/v1/campaigns/{campaign.Id}";
        ETags.Set(HttpContext, campaign.Version);
        await Send.ResponseAsync(CampaignModel.From(campaign, []), StatusCodes.Status201Created, ct);
    }
}

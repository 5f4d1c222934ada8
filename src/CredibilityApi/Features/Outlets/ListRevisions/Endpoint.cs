using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Infrastructure;
using FastEndpoints;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Outlets.ListRevisions;

public sealed class Endpoint(CredibilityDbContext db, TypeAdapterConfig mapping) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/outlets/{id}/revisions");
        Roles(RoleNames.Everyone);
        Description(b => b.ClearDefaultProduces()
            .WithName("ListOutletRevisions")
            .WithTags("Outlets")
            .Produces<Response>(StatusCodes.Status200OK, "application/json")
            .Problems(400, 404)
            .CommonProblems());
        Summary(s =>
        {
            s.Summary = "List an outlet's revisions";
            s.Description =
                "An outlet's history, oldest first: its registration (revision 1) and every edit, each with who made it, when, the " +
                "outlet before and after (as versioned snapshots) and the fields that changed. The revision number is the outlet's " +
                "version after the change, the number in the ETag it produced. Outlets registered before revisions were kept start " +
                "with one recorded when the API first started with this version: revision 1 ('registered') if they were never " +
                "edited, else a 'baseline' at their version then, without a before. Cursor-paged: follow nextCursor until it is null.";
            var after = new OutletSnapshotModel
            {
                SchemaVersion = OutletSnapshot.CurrentSchemaVersion,
                Name = Examples.Outlet.Name,
                Homepage = Examples.Outlet.Homepage,
                PrimaryDomain = Examples.Outlet.PrimaryDomain,
                Aliases = Examples.Outlet.Aliases,
                Country = Examples.Outlet.Country,
                Language = Examples.Outlet.Language,
                Ownership = Examples.Outlet.Ownership,
                Notes = Examples.Outlet.Notes,
                RegisteredBy = Examples.Account.Id,
            };
            s.ResponseExamples[200] = new Response
            {
                Items =
                [
                    new RevisionModel
                    {
                        Revision = 1, Action = OutletRevisionAction.Registered, RecordedBy = Examples.Account.Id, RecordedByName = Examples.Account.Name,
                        RecordedAt = Examples.Outlet.CreatedAt, After = after, Changed = [],
                    },
                ],
                NextCursor = null,
            };
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!await db.Outlets.AnyAsync(o => o.Id == req.Id, ct))
        {
            await Problems.NotFoundAsync(HttpContext, "Outlet", req.Id);
            return;
        }

        var limit = req.PageSize();
        var query = db.OutletRevisions.AsNoTracking().Where(r => r.OutletId == req.Id);
        if (RevisionCursor.TryRead(req.Cursor, out var afterRevision))
        {
            query = query.Where(r => r.Revision > afterRevision);
        }

        var rows = await query.OrderBy(r => r.Revision).Take(limit + 1).ToListAsync(ct);
        var page = rows.Take(limit).ToList();
        var authors = page.Select(r => r.RecordedBy).OfType<string>().Distinct().ToList();
        var names = await db.Accounts.AsNoTracking().Where(a => authors.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);

        await Send.OkAsync(new Response
        {
            Items = page.Select(r => ToModel(r, names)).ToList(),
            NextCursor = rows.Count > limit ? RevisionCursor.Write(page[^1].Revision) : null,
        }, ct);
    }

    private RevisionModel ToModel(OutletRevision revision, IReadOnlyDictionary<string, string> names)
    {
        var before = revision.Before is null ? null : OutletSnapshot.Parse(revision.Before);
        var after = OutletSnapshot.Parse(revision.After);
        return new RevisionModel
        {
            Revision = revision.Revision,
            Action = revision.Action,
            RecordedBy = revision.RecordedBy,
            RecordedByName = revision.RecordedBy is null ? null : names.GetValueOrDefault(revision.RecordedBy),
            RecordedAt = revision.RecordedAt,
            Before = before?.Adapt<OutletSnapshotModel>(mapping),
            After = after.Adapt<OutletSnapshotModel>(mapping),
            Changed = before is null ? [] : Changes(before, after),
        };
    }

    private static List<string> Changes(OutletSnapshot before, OutletSnapshot after)
    {
        var changed = new List<string>();
        void Compare(string field, bool same)
        {
            if (!same)
            {
                changed.Add(field);
            }
        }

        Compare("name", before.Name == after.Name);
        Compare("homepage", before.Homepage == after.Homepage);
        Compare("primaryDomain", before.PrimaryDomain == after.PrimaryDomain);
        Compare("aliases", before.Aliases.SequenceEqual(after.Aliases, StringComparer.Ordinal));
        Compare("country", before.Country == after.Country);
        Compare("language", before.Language == after.Language);
        Compare("ownership", before.Ownership == after.Ownership);
        Compare("notes", before.Notes == after.Notes);
        return changed;
    }
}

using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CredibilityApi.Tests.Features.Outlets;

/// <summary>An outlet is a shared record: its edits keep revisions, and only its registrant or an admin changes its domains.</summary>
[Collection(ApiCollection.Name)]
public sealed class OutletRevisionsTests(ApiFixture api)
{
    private static UpdateOutletRequest Edit(Outlet outlet, string? name = null, string? primary = null, params string[] aliases) => new()
    {
        Name = name ?? outlet.Name,
        Homepage = outlet.Homepage,
        PrimaryDomain = primary ?? outlet.PrimaryDomain,
        Aliases = aliases.ToList(),
        Country = outlet.Country,
        Language = outlet.Language,
        Ownership = outlet.Ownership,
        Notes = outlet.Notes,
    };

    [Fact]
    public async Task The_registrant_is_recorded_and_the_registration_is_revision_1()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));

        outlet.RegisteredBy.ShouldBe(api.AnnotatorAccount.Id);
        var revisions = await api.Researcher.ListOutletRevisionsAsync(outlet.Id, cursor: null, limit: null);
        var first = revisions.Items.ShouldHaveSingleItem();
        first.Revision.ShouldBe(1);
        first.Action.ShouldBe(OutletRevisionAction.Registered);
        first.RecordedBy.ShouldBe(api.AnnotatorAccount.Id);
        first.RecordedByName.ShouldBe("Ana Annotator");
        first.RecordedAt.ShouldBe(outlet.CreatedAt);
        first.Before.ShouldBeNull();
        first.After.PrimaryDomain.ShouldBe(outlet.PrimaryDomain);
        first.After.SchemaVersion.ShouldBe(1);
        revisions.NextCursor.ShouldBeNull();
    }

    [Fact]
    public async Task Another_annotator_cannot_remove_the_registrants_domain_and_the_outlet_is_unchanged()
    {
        var alias = Unique.Domain("co.uk");
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain(), alias));

        var e = await api.OtherAnnotator.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit(outlet, name: "Renamed by Omar")).ShouldFailWith(403);

        e.Header("Content-Type").ShouldStartWith("application/problem+json");
        e.Response!.ShouldContain($"Only the outlet's registrant (Ana Annotator, {api.AnnotatorAccount.Id}) or an admin may change its domains.");
        var unchanged = await api.Researcher.GetOutletAsync(outlet.Id);
        (unchanged.Name, unchanged.Aliases.Single(), unchanged.Etag).ShouldBe((outlet.Name, alias, outlet.Etag));
        (await api.Researcher.ListOutletRevisionsAsync(outlet.Id, null, null)).Items.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Another_annotator_cannot_add_a_domain_or_move_the_primary_domain()
    {
        var alias = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain(), alias));

        await api.OtherAnnotator.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit(outlet, aliases: [alias, Unique.Domain()])).ShouldFailWith(403);
        await api.OtherAnnotator.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit(outlet, primary: alias, aliases: outlet.PrimaryDomain)).ShouldFailWith(403);

        (await api.Researcher.GetOutletAsync(outlet.Id)).Etag.ShouldBe(outlet.Etag);
    }

    [Fact]
    public async Task B_cannot_take_As_domain_by_editing_As_outlet()
    {
        var alias = Unique.Domain("co.uk");
        var a = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain(), alias));
        var b = await api.OtherAnnotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));

        await api.OtherAnnotator.UpdateOutletAsync(a.Id, a.Etag, Edit(a)).ShouldFailWith(403);
        var e = await api.OtherAnnotator.UpdateOutletAsync(b.Id, b.Etag, Edit(b, aliases: alias)).ShouldFailWith(409);

        e.Header("Location").ShouldBe($"/api/v1/outlets/{a.Id}");
        (await api.Researcher.LookupOutletAsync($"https://{alias}/story")).Outlet.Id.ShouldBe(a.Id);
    }

    [Fact]
    public async Task Another_annotator_may_rename_and_the_revision_shows_who_when_before_and_after()
    {
        var alias = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain(), alias));
        var edit = Edit(outlet, name: "Renamed by Omar", aliases: alias);
        edit.Notes = "State broadcaster's English service.";

        var renamed = await api.OtherAnnotator.UpdateOutletAsync(outlet.Id, outlet.Etag, edit);

        renamed.Name.ShouldBe("Renamed by Omar");
        renamed.Aliases.ShouldBe([alias]);
        renamed.RegisteredBy.ShouldBe(api.AnnotatorAccount.Id);
        var revision = (await api.Researcher.ListOutletRevisionsAsync(outlet.Id, null, null)).Items.Single(r => r.Revision == 2);
        revision.Action.ShouldBe(OutletRevisionAction.Edited);
        revision.RecordedBy.ShouldBe(api.OtherAnnotatorAccount.Id);
        revision.RecordedByName.ShouldBe("Omar Annotator");
        revision.RecordedAt.ShouldBe(renamed.UpdatedAt);
        revision.Before!.Name.ShouldBe(outlet.Name);
        revision.Before.Notes.ShouldBeNull();
        revision.After.Name.ShouldBe("Renamed by Omar");
        revision.After.Notes.ShouldBe("State broadcaster's English service.");
        revision.After.Aliases.ShouldBe([alias]);
        revision.Changed.ShouldBe(["name", "notes"]);
    }

    [Fact]
    public async Task The_registrant_and_an_admin_change_domains_and_a_freed_domain_can_be_registered_elsewhere()
    {
        var (first, second) = (Unique.Domain(), Unique.Domain());
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain(), first));
        var admin = (await api.Admin.GetMeAsync()).AccountId;

        var byRegistrant = await api.Annotator.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit(outlet, aliases: [first, second]));
        var byAdmin = await api.Admin.UpdateOutletAsync(outlet.Id, byRegistrant.Etag, Edit(byRegistrant, aliases: second));

        byRegistrant.Aliases.ShouldBe(new[] { first, second }.Order(StringComparer.Ordinal).ToList());
        byAdmin.Aliases.ShouldBe([second]);
        var revisions = (await api.Researcher.ListOutletRevisionsAsync(outlet.Id, null, null)).Items.ToList();
        revisions.Select(r => (r.Revision, r.RecordedBy)).ShouldBe([(1, api.AnnotatorAccount.Id), (2, api.AnnotatorAccount.Id), (3, admin)]);
        revisions[2].Changed.ShouldBe(["aliases"]);
        var elsewhere = await api.OtherAnnotator.RegisterOutletAsync(Requests.Outlet(first));
        (await api.Researcher.LookupOutletAsync($"https://{first}/x")).Outlet.Id.ShouldBe(elsewhere.Id);
    }

    [Fact]
    public async Task Revisions_are_paged_oldest_first()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        var current = outlet;
        for (var i = 1; i <= 4; i++)
        {
            current = await api.OtherAnnotator.UpdateOutletAsync(outlet.Id, current.Etag, Edit(current, name: $"Name {i}"));
        }

        var page1 = await api.Researcher.ListOutletRevisionsAsync(outlet.Id, null, 2);
        var page2 = await api.Researcher.ListOutletRevisionsAsync(outlet.Id, page1.NextCursor, 2);
        var page3 = await api.Researcher.ListOutletRevisionsAsync(outlet.Id, page2.NextCursor, 2);

        page1.Items.Select(r => r.Revision).ShouldBe([1, 2]);
        page2.Items.Select(r => r.Revision).ShouldBe([3, 4]);
        page3.Items.Select(r => r.Revision).ShouldBe([5]);
        page3.NextCursor.ShouldBeNull();
        page3.Items.First().After.Name.ShouldBe("Name 4");
        current.Etag.ShouldBe("\"5\"");
    }

    [Fact]
    public async Task Revisions_of_an_unknown_outlet_are_404_and_a_foreign_cursor_is_400()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));

        await api.Researcher.ListOutletRevisionsAsync("out_missing", null, null).ShouldFailWith(404);
        await api.Researcher.ListOutletRevisionsAsync(outlet.Id, "not-a-cursor", null).ShouldFailWith(400);
        await api.Researcher.ListOutletRevisionsAsync(outlet.Id, null, 501).ShouldFailWith(400);
    }

    [Fact]
    public async Task Outlets_from_before_revisions_get_a_first_one_at_start_up_and_only_an_admin_changes_their_domains()
    {
        // Outlets written as an older version of the API wrote them: no registrant, no revisions.
        var (neverEdited, edited) = (Unique.Domain(), Unique.Domain());
        string neverEditedId, editedId;
        using (var scope = api.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            var details = new CredibilityApi.Domain.OutletDetails("Old outlet", null, neverEdited, [], "GB", "en", CredibilityApi.Domain.Ownership.Unknown, null);
            var first = new CredibilityApi.Domain.Outlet(details, null, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            var second = new CredibilityApi.Domain.Outlet(details with { PrimaryDomain = edited }, null, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            second.Update(details with { PrimaryDomain = edited, Name = "Old outlet, renamed" }, new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc));
            db.Outlets.AddRange(first, second);
            await db.SaveChangesAsync();
            (neverEditedId, editedId) = (first.Id, second.Id);

            await DataExtensions.BackfillOutletRevisionsAsync(db, NullLogger.Instance);
            await DataExtensions.BackfillOutletRevisionsAsync(db, NullLogger.Instance);
        }

        var registered = (await api.Researcher.ListOutletRevisionsAsync(neverEditedId, null, null)).Items.ShouldHaveSingleItem();
        (registered.Revision, registered.Action, registered.RecordedBy, registered.RecordedAt).ShouldBe(
            (1, OutletRevisionAction.Registered, null, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var baseline = (await api.Researcher.ListOutletRevisionsAsync(editedId, null, null)).Items.ShouldHaveSingleItem();
        (baseline.Revision, baseline.Action, baseline.After.Name, baseline.Before).ShouldBe((2, OutletRevisionAction.Baseline, "Old outlet, renamed", null));

        var old = await api.Researcher.GetOutletAsync(neverEditedId);
        old.RegisteredBy.ShouldBeNull();
        var e = await api.Annotator.UpdateOutletAsync(old.Id, old.Etag, Edit(old, aliases: Unique.Domain())).ShouldFailWith(403);
        e.Response!.ShouldContain("only an admin may change its domains");
        var renamed = await api.Annotator.UpdateOutletAsync(old.Id, old.Etag, Edit(old, name: "Named by Ana"));
        (await api.Admin.UpdateOutletAsync(old.Id, renamed.Etag, Edit(renamed, aliases: Unique.Domain()))).Aliases.Count.ShouldBe(1);
    }
}

using System.Text.Json;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Features.Outlets;
using CredibilityApi.Tests.Infrastructure;
using Mapster;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Features.Outlets;

/// <summary>
/// GET /outlets/{id} reads through prepared statements on SQLite (issue 13) and through EF Core elsewhere: the two readers
/// must give the same outlet, field for field, for outlets of every shape.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OutletReaderTests(ApiFixture api)
{
    [SkippableFact]
    public async Task The_prepared_statement_reader_answers_exactly_as_the_ef_reader_for_outlets_of_every_shape()
    {
        Skip.If(api.Factory.OnSqlServer, "The prepared-statement reader is SQLite's; on SQL Server the endpoint uses the EF reader.");
        var full = Requests.Outlet(Unique.Domain(), Unique.Domain(), Unique.Domain(), Unique.Domain());
        full.Homepage = "https://" + full.PrimaryDomain + "/";
        full.Notes = "Notes with \"quotes\", ünïcödé and a line\nbreak.";
        full.MirrorDomains = true;
        var bare = new RegisterOutletRequest { Name = "Bare " + Unique.Label(), PrimaryDomain = Unique.Domain(), Ownership = Ownership.Unknown };
        var ids = new List<string>
        {
            (await api.Annotator.RegisterOutletAsync(full)).Id,
            (await api.Admin.RegisterOutletAsync(bare)).Id,
        };

        // An edited outlet: a later version, a new updatedAt and ETag.
        var edited = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain(), Unique.Domain()));
        var update = await api.Annotator.UpdateOutletAsync(edited.Id, edited.Etag, new UpdateOutletRequest
        {
            Name = edited.Name + " (renamed)", PrimaryDomain = edited.PrimaryDomain, Aliases = [], Country = null, Language = "fr",
            Ownership = Ownership.NonProfit, Notes = "Edited.",
        });
        update.Etag.ShouldNotBe(edited.Etag);
        ids.Add(edited.Id);

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<IOutletReader>().ShouldBeOfType<SqliteOutletReader>("the endpoint's reader on SQLite");
        var prepared = new SqliteOutletReader(services.GetRequiredService<SqliteReadSessions>());
        var ef = new EfOutletReader(services.GetRequiredService<CredibilityDbContext>(), services.GetRequiredService<TypeAdapterConfig>());
        foreach (var id in ids)
        {
            var expected = await ef.GetAsync(id, CancellationToken.None);
            var actual = await prepared.GetAsync(id, CancellationToken.None);
            expected.ShouldNotBeNull();
            JsonSerializer.Serialize(actual).ShouldBe(JsonSerializer.Serialize(expected), $"outlet {id}");
        }

        (await prepared.GetAsync("out_doesnotexist", CancellationToken.None)).ShouldBeNull();

        // What the endpoint answers is the same outlet, with the aliases in order.
        var got = await api.Researcher.GetOutletAsync(ids[0]);
        got.Aliases.ShouldBe(full.Aliases.Order(StringComparer.Ordinal).ToList());
        got.MirrorDomains.ShouldBeTrue();
        got.Notes.ShouldBe(full.Notes);
    }
}

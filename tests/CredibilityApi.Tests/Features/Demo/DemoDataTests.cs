using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Features.Demo;

/// <summary>The app started with Demo:Seed=true, as a newcomer would with --seed-demo.</summary>
public sealed class DemoApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Seed", "true");
    }
}

public sealed class DemoDataTests(DemoApiFactory factory) : IClassFixture<DemoApiFactory>
{
    [Fact]
    public async Task The_demo_shows_outlets_claims_of_every_class_notes_and_ratings_by_three_annotators()
    {
        var api = factory.CreateApiClient(ApiFactory.AdminKey);

        var herald = await api.LookupOutletAsync("https://m.herald-example.co.uk/world/x");
        var claims = await api.ListClaimsAsync(outletId: herald.Outlet.Id);
        var ratings = await api.ListAnnotationsAsync(kind: AnnotationKind.Rating, outletId: herald.Outlet.Id, limit: 500);
        var framing = await api.ListAnnotationsAsync(kind: AnnotationKind.Framing, outletId: herald.Outlet.Id);
        var verdicts = await api.ListAnnotationsAsync(kind: AnnotationKind.Provenance, outletId: herald.Outlet.Id);

        herald.MatchedDomain.ShouldBe("herald-example.co.uk");
        claims.Items.Select(c => c.AttributionClass).Distinct().Order()
            .ShouldBe([AttributionClass.NamedPrimary, AttributionClass.NamedSecondhand, AttributionClass.Anonymous, AttributionClass.Unattributed]);
        ratings.Items.Select(r => r.AuthorId).Distinct().Count().ShouldBe(3);
        framing.Items.ShouldContain(a => a.Framing!.Span != null);
        framing.Items.ShouldContain(a => a.Framing!.Span == null);
        verdicts.Items.ShouldContain(a => a.Provenance!.Verdict == Verdict.Misleading);
        (await api.ListOutletsAsync(name: "(demo)")).Items.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Every_request_the_demo_suggests_answers_with_data()
    {
        var api = factory.CreateApiClient(ApiFactory.AdminKey);
        var herald = await api.LookupOutletAsync("https://m.herald-example.co.uk/world/x");
        using var http = factory.CreateHttpClient(ApiFactory.AdminKey);

        foreach (var hint in CredibilityApi.Features.Demo.DemoSeeding.Hints(herald.Outlet.Id))
        {
            using var response = await http.GetAsync(hint["GET ".Length..]);
            var body = await response.Content.ReadAsStringAsync();

            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, $"{hint}: {body}");
            body.ShouldNotContain("\"items\":[]", customMessage: hint);
        }

        // The series hint, read through the client: no from/to, and still 2021's data.
        var series = await api.GetScoreSeriesAsync(herald.Outlet.Id, "factual_accuracy", Bucket.Quarter);
        series.WindowDefaulted.ShouldBeTrue();
        series.From.Year.ShouldBe(2021);
        series.Points.ShouldContain(p => p.RawMean != null && p.Shrunk != null);
    }

    [Fact]
    public async Task Loading_the_demo_again_changes_nothing()
    {
        var api = factory.CreateApiClient(ApiFactory.AdminKey);
        var before = (await api.ListClaimsAsync(limit: 500)).Items.Count;

        using var scope = factory.Services.CreateScope();
        var keys = await CredibilityApi.Features.Demo.DemoData.SeedAsync(scope.ServiceProvider.GetRequiredService<CredibilityDbContext>(), DateTime.UtcNow, scope.ServiceProvider.GetRequiredService<CredibilityApi.Domain.KeyHasher>());

        keys.ShouldBeEmpty();
        (await api.ListClaimsAsync(limit: 500)).Items.Count.ShouldBe(before);
    }
}

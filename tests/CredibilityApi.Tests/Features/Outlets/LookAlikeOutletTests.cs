using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Features.Outlets;

/// <summary>Issue 11, point 6: look-alike outlets are refused unless the request confirms a different outlet.</summary>
[Collection(ApiCollection.Name)]
public sealed class LookAlikeOutletTests(ApiFixture api)
{
    // Latin letters with a Cyrillic twin (а с е о р х у), to write a whole-script Cyrillic look-alike of a Latin label.
    private const string Latin = "aceopxy";
    private const string Cyrillic = "асеорху";

    private static string LatinWord()
    {
        var random = Random.Shared;
        return new string(Enumerable.Range(0, 10).Select(_ => Latin[random.Next(Latin.Length)]).ToArray());
    }

    private static string InCyrillic(string latin) => new(latin.Select(c => Cyrillic[Latin.IndexOf(c)]).ToArray());

    private async Task<HttpResponseMessage> RegisterAsync(object body) =>
        await api.Factory.CreateHttpClient(api.AnnotatorKey).PostAsJsonAsync("/api/v1/outlets", body);

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task A_look_alike_domain_is_refused_with_409_naming_the_outlet_it_resembles()
    {
        var word = LatinWord();
        var real = await api.Annotator.RegisterOutletAsync(Requests.Outlet($"{word}.example"));

        // The whole label in Cyrillic: one script, so not a mixed-script label, but it reads as the registered domain.
        var lookAlike = $"{InCyrillic(word)}.example";
        var response = await RegisterAsync(new { name = "Another " + word, primaryDomain = lookAlike });

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        problem["code"]!.GetValue<string>().ShouldBe("look-alike-domain");
        problem["outletId"]!.GetValue<string>().ShouldBe(real.Id);
        problem["similarTo"]!.GetValue<string>().ShouldBe($"{word}.example");
        problem["domain"]!.GetValue<string>().ShouldStartWith("xn--");
        problem["detail"]!.GetValue<string>().ShouldContain(lookAlike);
        problem["detail"]!.GetValue<string>().ShouldContain("allowSimilar");
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/outlets/{real.Id}");

        // Nothing was registered.
        var lookup = await api.Factory.CreateHttpClient(api.AnnotatorKey).GetAsync($"/api/v1/outlets/lookup?url=https://{Uri.EscapeDataString(lookAlike)}/");
        lookup.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Digits_that_look_like_letters_make_a_look_alike_too()
    {
        var word = LatinWord();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet($"{word}l.example"));

        var problem = await ProblemAsync(await RegisterAsync(new { name = "Digit " + word, primaryDomain = $"{word}1.example" }), HttpStatusCode.Conflict);
        problem["code"]!.GetValue<string>().ShouldBe("look-alike-domain");
    }

    [Fact]
    public async Task AllowSimilar_registers_a_look_alike_that_is_really_a_different_outlet()
    {
        var word = LatinWord();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet($"{word}.example"));

        var response = await RegisterAsync(new { name = "Different " + word, primaryDomain = $"{InCyrillic(word)}.example", allowSimilar = true });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_issue_example_with_one_Cyrillic_letter_is_refused_as_a_mixed_script_label()
    {
        var word = LatinWord();
        await api.Annotator.RegisterOutletAsync(Requests.Outlet($"press{word}.ir"));

        // "prеss..." with a Cyrillic е: refused whatever allowSimilar says, since a label is written in one script.
        foreach (var allowSimilar in new[] { false, true })
        {
            var response = await RegisterAsync(new { name = "Press " + word, primaryDomain = $"prеss{word}.ir", allowSimilar });
            var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
            var error = problem["errors"]!.AsArray().ShouldHaveSingleItem()!;
            error["name"]!.GetValue<string>().ShouldBe("primaryDomain");
            error["code"]!.GetValue<string>().ShouldBe("mixed-script");
            error["reason"]!.GetValue<string>().ShouldContain("Latin, Cyrillic");
        }
    }

    [Fact]
    public async Task A_name_that_reads_the_same_as_a_registered_outlets_is_409_unless_allowed()
    {
        var word = LatinWord();
        var real = await api.Annotator.RegisterOutletAsync(new RegisterOutletRequest { Name = $"Press TV {word}", PrimaryDomain = Unique.Domain() });

        // Case, spacing and a Cyrillic letter aside, the same name.
        var sameName = $"  prеss   tv {word.ToUpperInvariant()}";
        var problem = await ProblemAsync(await RegisterAsync(new { name = sameName, primaryDomain = Unique.Domain() }), HttpStatusCode.Conflict);
        problem["code"]!.GetValue<string>().ShouldBe("duplicate-name");
        problem["outletId"]!.GetValue<string>().ShouldBe(real.Id);
        problem["outletName"]!.GetValue<string>().ShouldBe($"Press TV {word}");

        var identical = await ProblemAsync(await RegisterAsync(new { name = $"Press TV {word}", primaryDomain = Unique.Domain() }), HttpStatusCode.Conflict);
        identical["detail"]!.GetValue<string>().ShouldStartWith($"'Press TV {word}' is already the name of outlet {real.Id}.");

        var allowed = await RegisterAsync(new { name = sameName, primaryDomain = Unique.Domain(), allowSimilar = true });
        allowed.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_update_is_checked_for_what_it_adds_and_not_against_the_outlet_itself()
    {
        var word = LatinWord();
        var other = await api.Annotator.RegisterOutletAsync(Requests.Outlet($"{word}.example"));
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));

        // Editing notes only: its own name and domains never count as look-alikes of itself.
        var http = api.Factory.CreateHttpClient(api.AnnotatorKey);
        var unchanged = new { name = outlet.Name, primaryDomain = outlet.PrimaryDomain, notes = "edited" };
        var ok = await http.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/outlets/{outlet.Id}")
        {
            Content = JsonContent.Create(unchanged),
            Headers = { { "If-Match", outlet.Etag } },
        });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());

        var alias = $"{InCyrillic(word)}.example";
        var refused = await http.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/outlets/{outlet.Id}")
        {
            Content = JsonContent.Create(new { name = outlet.Name, primaryDomain = outlet.PrimaryDomain, aliases = new[] { alias } }),
            Headers = { { "If-Match", ok.Headers.ETag!.Tag } },
        });
        var problem = await ProblemAsync(refused, HttpStatusCode.Conflict);
        problem["outletId"]!.GetValue<string>().ShouldBe(other.Id);
    }

    [Fact]
    public async Task Outlets_stored_before_look_alike_keys_get_them_at_start_up()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var nameKey = await db.Outlets.Where(o => o.Id == outlet.Id).Select(o => o.NameKey).SingleAsync();
        nameKey.Length.ShouldBe(64);

        // As the OutletLookAlikes migration leaves an outlet registered before it.
        await db.Outlets.Where(o => o.Id == outlet.Id).ExecuteUpdateAsync(u => u.SetProperty(o => o.NameKey, ""));
        await db.OutletDomains.Where(d => d.OutletId == outlet.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.SkeletonKey, ""));

        (await OutletLookAlikeKeys.BackfillAsync(db, CancellationToken.None)).ShouldBe(1);

        (await db.Outlets.Where(o => o.Id == outlet.Id).Select(o => o.NameKey).SingleAsync()).ShouldBe(nameKey);
        (await db.OutletDomains.Where(d => d.OutletId == outlet.Id).Select(d => d.SkeletonKey).SingleAsync())
            .ShouldBe(CredibilityApi.Domain.OutletDomain.SkeletonKeyOf(outlet.PrimaryDomain));
        (await OutletLookAlikeKeys.BackfillAsync(db, CancellationToken.None)).ShouldBe(0);
    }
}

using System.Reflection;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Client;

/// <summary>
/// Issue 18, point 2: the generated client's parameters have idiomatic names (<c>ifMatch</c>, <c>idempotencyKey</c>),
/// set through the document (<c>x-originalName</c>), never by editing generated code; the headers on the wire keep
/// their HTTP names.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ClientNamingTests(ApiFixture api)
{
    [Fact]
    public void No_generated_method_has_a_parameter_named_after_a_raw_header()
    {
        var parameters = typeof(ICredibilityApiClient).GetMethods()
            .SelectMany(m => m.GetParameters().Select(p => (Method: m.Name, Parameter: p.Name!)))
            .ToList();

        parameters.Where(p => p.Parameter.Contains('_')).ShouldBeEmpty();
        parameters.ShouldContain(("UpdateOutletAsync", "ifMatch"));
        parameters.ShouldContain(("RegisterArticleAsync", "idempotencyKey"));
        parameters.Count(p => p.Parameter == "idempotencyKey").ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task The_idiomatic_names_still_send_the_http_headers()
    {
        var key = Guid.NewGuid().ToString();
        var request = new RegisterOutletRequest { Name = "Naming " + Unique.Label(), PrimaryDomain = Unique.Domain() };
        var first = await api.Annotator.RegisterOutletAsync(request, idempotencyKey: key);
        var replayed = await api.Annotator.RegisterOutletAsync(request, idempotencyKey: key);
        replayed.Id.ShouldBe(first.Id);

        var updated = await api.Annotator.UpdateOutletAsync(first.Id, ifMatch: first.Etag, new UpdateOutletRequest
        {
            Name = first.Name, PrimaryDomain = first.PrimaryDomain, Notes = "named arguments",
        });
        updated.Notes.ShouldBe("named arguments");
    }
}

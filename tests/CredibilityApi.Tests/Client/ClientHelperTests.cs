using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Client;

/// <summary>Issue 18, point 3 (in part): the package's hand-written helpers over the generated client.</summary>
[Collection(ApiCollection.Name)]
public sealed class ClientHelperTests(ApiFixture api)
{
    [Fact]
    public async Task ListAll_follows_every_page_once_in_order()
    {
        var country = "IS";
        var name = "Paged " + Unique.Label();
        var registered = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var request = Requests.Outlet(Unique.Domain());
            request.Name = $"{name} {i}";
            request.Country = country;
            registered.Add((await api.Annotator.RegisterOutletAsync(request)).Id);
        }

        var listed = new List<string>();
        await foreach (var outlet in api.Researcher.ListAllOutletsAsync(name: name, pageSize: 2))
        {
            listed.Add(outlet.Id);
        }

        listed.ShouldBe(registered);

        var annotations = new List<Annotation>();
        await foreach (var a in api.Researcher.ListAllAnnotationsAsync(authorId: api.AnnotatorAccount.Id, pageSize: 3))
        {
            annotations.Add(a);
        }

        annotations.Select(a => a.Id).Distinct().Count().ShouldBe(annotations.Count);
    }

    [Fact]
    public async Task RegisterOrGet_returns_the_existing_article_and_outlet_instead_of_throwing()
    {
        var domain = Unique.Domain();
        var first = await api.Annotator.RegisterOrGetOutletAsync(Requests.Outlet(domain));
        first.Created.ShouldBeTrue();
        var again = await api.OtherAnnotator.RegisterOrGetOutletAsync(Requests.Outlet("www." + domain));
        again.Created.ShouldBeFalse();
        again.Resource.Id.ShouldBe(first.Resource.Id);

        var article = await api.Annotator.RegisterOrGetArticleAsync(Requests.Article($"https://{domain}/story", ArticleFixture.Body));
        article.Created.ShouldBeTrue();
        var same = await api.OtherAnnotator.RegisterOrGetArticleAsync(Requests.Article($"https://www.{domain}/story?utm_source=x", ArticleFixture.Body));
        same.Created.ShouldBeFalse();
        same.Resource.Id.ShouldBe(article.Resource.Id);
    }

    [Fact]
    public async Task A_look_alike_outlet_is_not_taken_for_the_existing_one()
    {
        var name = "Lookalike helper " + Unique.Label();
        await api.Annotator.RegisterOutletAsync(new RegisterOutletRequest { Name = name, PrimaryDomain = Unique.Domain() });

        var e = await Should.ThrowAsync<ApiException>(() => api.Annotator.RegisterOrGetOutletAsync(new RegisterOutletRequest { Name = name, PrimaryDomain = Unique.Domain() }));

        e.StatusCode.ShouldBe(409);
        e.ProblemCode().ShouldBe("duplicate-name");
    }
}

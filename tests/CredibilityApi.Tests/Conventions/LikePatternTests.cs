using CredibilityApi.Infrastructure;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// Text searched with LIKE is taken literally: <c>%</c> and <c>_</c> are wildcards on both providers, and SQL
/// Server also reads <c>[</c> as a character class, so each is escaped, and so is the escape character.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LikePatternTests(ApiFixture api)
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("100%", "100\\%")]
    [InlineData("snake_case", "snake\\_case")]
    [InlineData("[a-c]", "\\[a-c]")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("%_[\\", "\\%\\_\\[\\\\")]
    public void Every_wildcard_and_the_escape_character_are_escaped(string text, string pattern)
    {
        LikePattern.Literal(text).ShouldBe(pattern);
        LikePattern.Contains(text).ShouldBe("%" + pattern + "%");
    }

    [Fact]
    public async Task A_name_search_with_brackets_percent_and_underscore_finds_only_the_literal_text()
    {
        var label = Unique.Label();
        var literal = $"{label} [a-c] 100%_done";
        var wanted = await api.Annotator.RegisterOutletAsync(Named(literal));

        // Each would match the search if '[', '%' or '_' were read as wildcards or a character class.
        var bracket = await api.Annotator.RegisterOutletAsync(Named($"{label} b 100%_done"));
        var percent = await api.Annotator.RegisterOutletAsync(Named($"{label} [a-c] 100 or more_done"));
        var underscore = await api.Annotator.RegisterOutletAsync(Named($"{label} [a-c] 100%-done"));

        var found = await api.Researcher.ListOutletsAsync(name: "[a-c] 100%_done", limit: 500);
        var all = await api.Researcher.ListOutletsAsync(name: label, limit: 500);

        found.Items.Select(o => o.Id).ShouldBe([wanted.Id]);
        all.Items.Select(o => o.Id).Order().ShouldBe(new[] { wanted.Id, bracket.Id, percent.Id, underscore.Id }.Order());
    }

    private static CredibilityApi.Client.RegisterOutletRequest Named(string name)
    {
        var request = Requests.Outlet(Unique.Domain());
        request.Name = name;
        return request;
    }
}

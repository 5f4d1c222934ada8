using System.Net;
using System.Xml.Linq;
using CredibilityApi.Aggregation;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// Text that is not text: every string of every request refuses C0 controls other than tab and line breaks,
/// Unicode noncharacters and unpaired surrogates with a 400 naming the field; the SVG chart stays well-formed
/// XML even over such text stored by an older version.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TextFieldTests(ApiFixture api)
{
    [Theory]
    [InlineData("\uFFFE")]
    [InlineData("\uFFFF")]
    [InlineData("\uFDD0")]
    [InlineData("\uFDEF")]
    [InlineData("\U0001FFFE")]
    [InlineData("\U0010FFFF")]
    [InlineData("\u0001")]
    [InlineData("\u001B")]
    public async Task An_outlet_name_with_a_noncharacter_or_a_control_is_a_400_naming_the_field(string bad)
    {
        var request = Requests.Outlet(Unique.Domain());
        request.Name = "Press" + bad + "TV";

        var e = await api.Annotator.RegisterOutletAsync(request).ShouldFailWith(400);

        e.Response!.ShouldContain("\"name\":\"name\"");
    }

    [Fact]
    public async Task Nested_fields_are_checked_by_their_slice_and_fields_without_a_text_rule_by_the_convention()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        RegisterClaimRequest Claim(string agent, string tag) => new()
        {
            Selector = new TextSelector { Exact = "Forces advanced" },
            Claimant = new Claimant { Type = SourceType.Unknown },
            Attribution = [new AttributionHop { Agent = agent, AgentType = SourceType.Government, Medium = Medium.Statement, Relation = Relation.PrimarySource }],
            Tags = [tag],
        };

        var nested = await api.Annotator.RegisterClaimAsync(f.Article.Id, Claim("agent\uFDD5", "a")).ShouldFailWith(400);
        var withoutRule = await api.Annotator.RegisterClaimAsync(f.Article.Id, Claim("agent", "tag\U0002FFFF")).ShouldFailWith(400);

        nested.Response!.ShouldContain("\"name\":\"attribution[0].agent\"", customMessage: nested.Response);
        nested.Response!.ShouldContain("noncharacters", customMessage: nested.Response);
        withoutRule.Response!.ShouldContain("\"name\":\"tags[0]\"", customMessage: withoutRule.Response);
        withoutRule.Response!.ShouldContain("\"code\":\"invalid-text\"", customMessage: withoutRule.Response);
    }

    [Theory]
    [InlineData("tab\tinside")]
    [InlineData("line\nbreak")]
    [InlineData("crlf\r\nbreak")]
    [InlineData("emoji \U0001F600 and \uFFFD")]
    public void Tabs_line_breaks_and_ordinary_characters_are_text(string text) => TextRules.IsAcceptable(text).ShouldBeTrue();

    [Fact]
    public void The_chart_escapes_what_xml_cannot_hold()
    {
        var escaped = SvgChart.Escape("a\uFFFEb\u0001c\uD800d<&>");

        escaped.ShouldBe("a\uFFFDb\uFFFDc\uFFFDd&lt;&amp;&gt;");
        XDocument.Parse($"<t>{escaped}</t>").Root!.Value.ShouldBe("a\uFFFDb\uFFFDc\uFFFDd<&>");
    }

    [Fact]
    public async Task The_chart_of_an_outlet_whose_stored_name_breaks_xml_is_still_well_formed()
    {
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        using (var scope = api.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
            await db.Outlets.Where(o => o.Id == outlet.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Name, "Old\uFFFE\uFFFF\u0001 Name"));
        }

        var response = await api.Factory.CreateHttpClient(api.ResearcherKey)
            .GetAsync($"/api/v1/outlets/{outlet.Id}/scores.svg?dimension=slant&bucket=month&from=1750-01-01&to=1750-05-01");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        svg.Descendants(ns + "text").Select(t => t.Value).ShouldContain("Old\uFFFD\uFFFD\uFFFD Name");
    }
}

using System.Text.Json.Nodes;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Exports;

[Collection(ApiCollection.Name)]
public sealed class ClaimExportTests(ApiFixture api)
{
    private const string Body =
        "The minister said \"the front is stable, and holding\" on Monday.\nCritics disagreed. " +
        "An unnamed official said the town fell at dawn.";

    private HttpClient Researcher => api.Factory.CreateHttpClient(api.ResearcherKey);

    private Task<Claim> ClaimAsync(ArticleFixture f, string exact, Claimant claimant, params AttributionHop[] chain) =>
        api.Annotator.RegisterClaimAsync(f.Article.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = exact },
            Claimant = claimant,
            Attribution = chain.ToList(),
            Tags = [],
        });

    private Task<Claim> QuotedMinisterAsync(ArticleFixture f) => ClaimAsync(
        f,
        "\"the front is stable, and holding\"",
        new Claimant { Name = "Minister, Defence", Type = SourceType.Government },
        new AttributionHop { Agent = "Minister of Defence", AgentType = SourceType.Government, Medium = Medium.Statement, Relation = Relation.PrimarySource },
        new AttributionHop { Agent = "Daily Example", AgentType = SourceType.Outlet, Medium = Medium.OtherOutletArticle, Relation = Relation.QuotedFrom, Url = "https://daily.example/story" });

    private Task<Claim> AnonymousAsync(ArticleFixture f) => ClaimAsync(
        f,
        "An unnamed official said the town fell at dawn",
        new Claimant { Type = SourceType.Anonymous },
        new AttributionHop { Agent = "an unnamed official", AgentType = SourceType.Anonymous, Medium = Medium.Statement, Relation = Relation.PrimarySource });

    [Fact]
    public async Task Ndjson_lines_are_the_claims_with_their_chains_exactly_as_the_api_returns_them()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator, Body);
        var minister = await QuotedMinisterAsync(f);
        var anonymous = await AnonymousAsync(f);

        var lines = await ExportReader.NdjsonAsync(Researcher, $"/api/v1/exports/claims?outletId={f.Outlet.Id}");

        lines.Select(l => l["id"]!.GetValue<string>()).ShouldBe([minister.Id, anonymous.Id]);
        lines[0]["attribution"]!.AsArray().Count.ShouldBe(2);
        foreach (var line in lines)
        {
            var single = await ExportReader.GetJsonAsync(Researcher, $"/api/v1/claims/{line["id"]}");
            JsonNode.DeepEquals(line, single).ShouldBeTrue($"{line.ToJsonString()}\n!=\n{single.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Csv_flattens_the_chain_and_quotes_fields_with_commas_quotes_and_line_breaks()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator, Body);
        var minister = await QuotedMinisterAsync(f);
        var spanningLines = await ClaimAsync(f, "on Monday.\nCritics disagreed", new Claimant { Type = SourceType.Unknown });

        using var response = await ExportReader.GetAsync(Researcher, $"/api/v1/exports/claims?outletId={f.Outlet.Id}", "text/csv");
        var text = await response.Content.ReadAsStringAsync();

        text.ShouldStartWith(
            "id,article_id,outlet_id,article_published_at,exact,prefix,suffix,start,end,body_sha256,claimant_name,claimant_type," +
            "attribution_class,attribution_chain,hops,tags,created_by,created_at,updated_at\r\n");
        text.ShouldContain(",\"\"\"the front is stable, and holding\"\"\",");
        text.ShouldContain(",\"Minister, Defence\",government,namedSecondhand,");
        text.ShouldContain(",\"on Monday.\nCritics disagreed\",");
        var rows = ExportReader.CsvRows(ExportReader.Csv(text));
        rows.Select(r => r["id"]).ShouldBe([minister.Id, spanningLines.Id]);
        var m = rows[0];
        m["exact"].ShouldBe("\"the front is stable, and holding\"");
        m["attribution_chain"].ShouldBe("Minister of Defence (government, statement, primarySource) > Daily Example (outlet, otherOutletArticle, quotedFrom)");
        m["hops"].ShouldBe("2");
        (m["start"], m["end"], m["body_sha256"]).ShouldBe((minister.Anchor.Start!.Value.ToString(), minister.Anchor.End!.Value.ToString(), f.Article.BodySha256));
        var s = rows[1];
        (s["exact"], s["claimant_name"], s["claimant_type"], s["attribution_class"], s["attribution_chain"], s["hops"])
            .ShouldBe(("on Monday.\nCritics disagreed", "", "unknown", "unattributed", "", "0"));
    }

    [Fact]
    public async Task Claims_filter_by_class_page_by_cursor_and_pull_incrementally_by_since()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator, Body);
        var minister = await QuotedMinisterAsync(f);
        var anonymous = await AnonymousAsync(f);
        var third = await ClaimAsync(f, "Critics disagreed", new Claimant { Name = "Critics", Type = SourceType.Person });

        (await ExportReader.NdjsonAsync(Researcher, $"/api/v1/exports/claims?outletId={f.Outlet.Id}&attributionClass=anonymous"))
            .Select(l => l["id"]!.GetValue<string>()).ShouldBe([anonymous.Id]);

        var (bodies, pages) = await ExportReader.AllPagesAsync(Researcher, $"/api/v1/exports/claims?outletId={f.Outlet.Id}&limit=1");
        pages.ShouldBe(3);
        bodies.SelectMany(ExportReader.Lines).Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>()).ShouldBe([minister.Id, anonymous.Id, third.Id]);

        var since = $"/api/v1/exports/claims?outletId={f.Outlet.Id}&since={ExportReader.Instant(anonymous.UpdatedAt)}";
        (await ExportReader.NdjsonAsync(Researcher, since)).Select(l => l["id"]!.GetValue<string>()).ShouldBe([anonymous.Id, third.Id]);
    }
}

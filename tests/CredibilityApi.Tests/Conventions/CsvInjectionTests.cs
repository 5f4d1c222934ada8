using System.Globalization;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Infrastructure;
using CredibilityApi.Tests.Features.Exports;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// Formula injection: no CSV the API serves holds a live spreadsheet formula. Text cells that begin with
/// =, +, -, @, tab or carriage return come back prefixed with ', and numbers are never touched.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CsvInjectionTests(ApiFixture api)
{
    private const string Quote = "=HYPERLINK(\"http://x\",\"y\")";
    private const string Lead = "+cmd|' /C calc'!A0 ";
    private const string Claimant = "-2+3+cmd|' /C calc'!A0";
    private const string Agent = "=1+1";

    private HttpClient Researcher => api.Factory.CreateHttpClient(api.ResearcherKey);

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("-50", "-50")]
    [InlineData("-1.5E-07", "-1.5E-07")]
    [InlineData("+3", "+3")]
    [InlineData("plain text", "plain text")]
    [InlineData("", "")]
    [InlineData(null, null)]
    public void Text_that_starts_like_a_formula_is_prefixed_and_numbers_are_left_alone(string? cell, string? written) =>
        CsvInjection.Neutralise(cell).ShouldBe(written);

    [Fact]
    public async Task The_claims_export_neutralises_quote_prefix_claimant_and_hop_agent()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator, Lead + Quote + " said someone.");
        var claim = await api.Annotator.RegisterClaimAsync(f.Article.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = Quote },
            Claimant = new Claimant { Name = Claimant, Type = SourceType.Government },
            Attribution = [new AttributionHop { Agent = Agent, AgentType = SourceType.Government, Medium = Medium.Statement, Relation = Relation.PrimarySource }],
            Tags = [],
        });
        claim.Anchor.Prefix.ShouldStartWith("+");

        using var response = await ExportReader.GetAsync(Researcher, $"/api/v1/exports/claims?outletId={f.Outlet.Id}", "text/csv");
        var records = ExportReader.Csv(await response.Content.ReadAsStringAsync());

        var row = ExportReader.CsvRows(records).Single();
        row["exact"].ShouldBe("'" + Quote);
        row["prefix"].ShouldBe("'" + claim.Anchor.Prefix);
        row["claimant_name"].ShouldBe("'" + Claimant);
        row["attribution_chain"].ShouldStartWith("'" + Agent + " (");
        NoLiveFormulas(records);
    }

    [Fact]
    public async Task The_annotations_export_neutralises_text_and_keeps_negative_numbers()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var rating = (await api.Annotator.RateArticleAsync(f.Article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "slant", Value = -50 }],
            Tags = [],
        })).Ratings.Single();

        // Tags come from the taxonomy's keys, which cannot start so; text stored by an older version still can.
        await WithDbAsync(db => db.Annotations.Where(a => a.Id == rating.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Tags, new List<string> { "@SUM(A1)", "plain" })));

        using var response = await ExportReader.GetAsync(Researcher, $"/api/v1/exports/annotations?outletId={f.Outlet.Id}", "text/csv");
        var records = ExportReader.Csv(await response.Content.ReadAsStringAsync());

        var row = ExportReader.CsvRows(records).Single();
        row["value"].ShouldBe("-50");
        row["tags"].ShouldBe("'@SUM(A1);plain");
        NoLiveFormulas(records);
    }

    [Fact]
    public async Task The_framing_spans_export_neutralises_text()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var framing = await api.Annotator.RecordFramingAsync(f.Article.Id, new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = "loaded-language", Severity = 2, Selector = new TextSelector { Exact = "marauding militants", Prefix = "Officials called them " } },
            Tags = [],
        });
        await WithDbAsync(db => db.Annotations.Where(a => a.Id == framing.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Technique, "-loaded+language")));

        using var response = await ExportReader.GetAsync(Researcher, $"/api/v1/exports/framing-spans?outletId={f.Outlet.Id}", "text/csv");
        var records = ExportReader.Csv(await response.Content.ReadAsStringAsync());

        ExportReader.CsvRows(records).Single()["technique"].ShouldBe("'-loaded+language");
        NoLiveFormulas(records);
    }

    [Fact]
    public void The_series_csv_neutralises_its_text_and_keeps_negative_numbers()
    {
        var series = new CredibilityApi.Features.Scores.GetSeries.Response
        {
            OutletId = "out_x",
            OutletName = "X",
            MethodologyVersion = "v2",
            Points =
            [
                new CredibilityApi.Features.Scores.GetSeries.PointModel
                {
                    Dimension = "slant",
                    RawMean = -50,
                    LeniencyAdjustment = -1.25,
                    Agreement = new CredibilityApi.Features.Scores.AgreementModel(),
                    Reliability = "=HYPERLINK(\"http://x\")",
                },
            ],
            Composite = [],
        };

        var records = ExportReader.Csv(CredibilityApi.Features.Scores.GetSeries.Csv.Write(series).Replace("\n", "\r\n", StringComparison.Ordinal));

        var row = ExportReader.CsvRows(records).Single();
        row["raw_mean"].ShouldBe("-50");
        row["leniency_adjustment"].ShouldBe("-1.25");
        row["reliability"].ShouldBe("'=HYPERLINK(\"http://x\")");
        NoLiveFormulas(records);
    }

    [Fact]
    public async Task The_series_csv_served_keeps_negative_means()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        await api.Annotator.RateArticleAsync(f.Article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "slant", Value = -50 }],
            Tags = [],
        });
        await api.Factory.ApplyPendingRollupsAsync();

        using var response = await ExportReader.GetAsync(Researcher, $"/api/v1/outlets/{f.Outlet.Id}/scores?dimensions=slant&bucket=year", "text/csv");
        var text = await response.Content.ReadAsStringAsync();

        var records = ExportReader.Csv(text.Replace("\n", "\r\n", StringComparison.Ordinal));
        ExportReader.CsvRows(records).ShouldContain(r => r["raw_mean"] == "-50", text);
        NoLiveFormulas(records);
    }

    /// <summary>Every cell is a number or does not start like a formula.</summary>
    private static void NoLiveFormulas(List<List<string>> records)
    {
        foreach (var cell in records.SelectMany(r => r))
        {
            if (cell.Length > 0 && CsvInjection.StartsLikeFormula(cell))
            {
                double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _).ShouldBeTrue($"live formula: {cell}");
            }
        }
    }

    private async Task WithDbAsync(Func<CredibilityDbContext, Task> change)
    {
        using var scope = api.Factory.Services.CreateScope();
        await change(scope.ServiceProvider.GetRequiredService<CredibilityDbContext>());
    }
}

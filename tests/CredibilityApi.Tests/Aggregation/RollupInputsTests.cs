using System.Text.Json;
using CredibilityApi.Aggregation;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Bucket = CredibilityApi.Aggregation.Bucket;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// The score series and the chart read their rollups through prepared statements on SQLite (issue 13) and through EF
/// Core elsewhere: both readers must hand the scoring code the same inputs, and so the same series, for windows whole
/// and cut short, every bucket kind, methodology v1's stored priors and v2's annotator weights.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RollupInputsTests(ApiFixture api)
{
    /// <summary>A series point may hold a flat prior's infinite variance: written as "Infinity", compared as text.</summary>
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    [SkippableFact]
    public async Task The_prepared_statement_reader_reads_exactly_what_the_ef_reader_reads()
    {
        Skip.If(api.Factory.OnSqlServer, "The prepared-statement reader is SQLite's; on SQL Server the series uses the EF reader.");
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var other = await api.Annotator.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));
        var raters = new[] { api.Annotator, api.OtherAnnotator };
        var start = new DateTimeOffset(2021, 1, 4, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 12; i++)
        {
            // Articles over ten weeks on both outlets, rated by one or two annotators with different values.
            var on = i % 3 == 2 ? other : outlet;
            var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{(on == outlet ? domain : on.PrimaryDomain)}/ri{i}", publishedAt: start.AddDays(i * 6).AddHours(i)));
            foreach (var (by, rater) in raters.Take(1 + (i % 2)).Select((r, k) => (k, r)))
            {
                await rater.RateArticleAsync(article.Id, new RateArticleRequest
                {
                    RubricVersion = 1,
                    Values = [new RatingValue { Dimension = "factual_accuracy", Value = 20 + (i * 5) + (by * 7) }, new RatingValue { Dimension = "slant", Value = (i % 5) - by }],
                    Tags = [],
                });
            }
        }

        await api.Factory.ApplyPendingRollupsAsync();

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<IRollupInputs>().ShouldBeOfType<SqliteRollupInputs>("the series' reader on SQLite");
        var prepared = new SqliteRollupInputs(services.GetRequiredService<SqliteReadSessions>());
        var ef = new EfRollupInputs(services.GetRequiredService<CredibilityDbContext>());
        string[] dimensions = ["factual_accuracy", "slant", "headline_fidelity"];
        var windows = new (DateOnly From, DateOnly To)[]
        {
            (new DateOnly(2021, 1, 4), new DateOnly(2021, 3, 29)),   // whole weeks
            (new DateOnly(2021, 1, 7), new DateOnly(2021, 3, 17)),   // cut short at both ends: other outlets' days are read
            (new DateOnly(2020, 12, 1), new DateOnly(2021, 6, 1)),
        };
        var compared = 0;
        foreach (var (from, to) in windows)
        {
            foreach (var bucket in Enum.GetValues<Bucket>())
            {
                foreach (var v1Priors in new[] { true, false })
                {
                    var expected = await ef.ReadAsync(outlet.Id, dimensions, from, to, bucket, v1Priors, CancellationToken.None);
                    var actual = await prepared.ReadAsync(outlet.Id, dimensions, from, to, bucket, v1Priors, CancellationToken.None);
                    var at = $"{from}..{to} {bucket} v1Priors={v1Priors}";
                    var (want, got) = (Canonical(expected), Canonical(actual));
                    got.Except(want).ShouldBeEmpty($"{at}: read by the prepared statements only");
                    want.Except(got).ShouldBeEmpty($"{at}: read by EF only");
                    var built = SeriesBuilder.Build(actual, outlet.Id, dimensions, from, to, bucket, 180);
                    JsonSerializer.Serialize(built, Json).ShouldBe(JsonSerializer.Serialize(SeriesBuilder.Build(expected, outlet.Id, dimensions, from, to, bucket, 180), Json), at);
                    compared++;
                }
            }

            // Something was read: the outlet's days, articles and annotators, and (whole buckets) stored priors.
            var read = await prepared.ReadAsync(outlet.Id, dimensions, from, to, Bucket.Week, true, CancellationToken.None);
            read.Days.ShouldContain(d => d.OutletId == outlet.Id);
            read.OutletArticles.ShouldNotBeEmpty();
            read.OutletAnnotators.Values.ShouldContain(a => a.Count == 2);
            read.Priors!.Priors.ShouldNotBeEmpty();
        }

        compared.ShouldBe(windows.Length * Enum.GetValues<Bucket>().Length * 2);
        (await prepared.ReadAsync("out_doesnotexist", dimensions, windows[0].From, windows[0].To, Bucket.Week, true, CancellationToken.None)).Days
            .ShouldAllBe(d => d.OutletId != "out_doesnotexist");
    }

    /// <summary>The inputs as sorted text, so that the two readers' row orders (neither query has an ORDER BY) do not matter.</summary>
    private static List<string> Canonical(ScoreInputs inputs)
    {
        var lines = new List<string>();
        lines.AddRange(inputs.Days.Select(d => $"day {d.OutletId} {d.Dimension} {d.Day:O} {d.Scores} {d.Ratings} {d.Alpha} {d.InverseRatingsSum:R}"));
        lines.AddRange(inputs.OutletArticles.Select(a => $"article {a.OutletId} {a.Dimension} {a.PublishedAt:O} {a.PublishedAt.Kind} {a.Score:R}"));
        lines.AddRange(inputs.OutletAnnotators.Select(a => $"annotators {a.Key.Dimension} {a.Key.Day:O} {string.Join(",", a.Value.Order(StringComparer.Ordinal))}"));
        lines.AddRange((inputs.OutletAnnotatorWeights ?? new Dictionary<(string, DateOnly), IReadOnlyDictionary<string, double>>())
            .Select(a => $"weights {a.Key.Item1} {a.Key.Item2:O} {string.Join(",", a.Value.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={w.Value:R}"))}"));
        if (inputs.Priors is { } priors)
        {
            lines.Add($"priors {priors.Bucket} {priors.From:O} {priors.To:O}");
            lines.AddRange(priors.Priors.Select(p => $"prior {p.Key.Dimension} {p.Key.Start:O} {p.Value}"));
        }

        lines.Add($"weights given: {inputs.OutletAnnotatorWeights is not null}");
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}

using System.Net;
using CredibilityApi.Aggregation.Read;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Aggregation;

/// <summary>
/// A node runs at most <c>Scores:ConcurrentComputations</c> score computations at once (<see cref="ScoreComputations"/>,
/// issue 13's memory target): a series or chart not in the cache, a ranking and an agreement report wait for a slot; a
/// cached series does not. Shown on a node with one slot, held by the test.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ScoreComputationsTests(ApiFixture api)
{
    private static readonly TimeSpan Held = TimeSpan.FromMilliseconds(750);

    [Fact]
    public async Task Computations_wait_for_a_free_slot_and_a_cached_series_does_not()
    {
        var domain = Unique.Domain();
        var outlet = await api.Annotator.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Annotator.RegisterArticleAsync(Requests.Article($"https://{domain}/slots", publishedAt: new DateTimeOffset(2022, 3, 9, 10, 0, 0, TimeSpan.Zero)));
        await api.Annotator.RateArticleAsync(article.Id, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "factual_accuracy", Value = 40 }],
            Tags = [],
        });
        await api.Factory.ApplyPendingRollupsAsync();

        await using var node = api.Factory.WithWebHostBuilder(b => b.UseSetting("Scores:ConcurrentComputations", "1"));
        var computations = node.Services.GetRequiredService<ScoreComputations>();
        computations.Slots.ShouldBe(1);
        using var http = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Add("X-Api-Key", api.ResearcherKey);

        var series = $"/api/v1/outlets/{outlet.Id}/scores?dimensions=factual_accuracy&bucket=week&from=2022-03-07&to=2022-05-02";
        (await http.GetAsync(series)).StatusCode.ShouldBe(HttpStatusCode.OK, "computed, then cached");
        computations.Free.ShouldBe(1, "the slot is given back");

        // The four computations once with the slot free, so their code is compiled and their answer time known: each
        // comes back well within the time they are then held, so one still running then is waiting for the slot.
        foreach (var warm in Computations(http, outlet.Id, "2021"))
        {
            var timed = System.Diagnostics.Stopwatch.StartNew();
            (await warm).StatusCode.ShouldBe(HttpStatusCode.OK);
            timed.Elapsed.ShouldBeLessThan(Held, "a free computation answers within the time the held ones wait");
        }

        Task<HttpResponseMessage>[] waiting;
        using (await computations.EnterAsync(CancellationToken.None))
        {
            // The same series again: from the cache, without a slot.
            var cached = http.GetAsync(series);
            (await Task.WhenAny(cached, Task.Delay(TimeSpan.FromSeconds(30)))).ShouldBe(cached, "a cached series takes no slot");
            (await cached).StatusCode.ShouldBe(HttpStatusCode.OK);

            waiting = Computations(http, outlet.Id, "2022").ToArray();
            await Task.Delay(Held);
            foreach (var request in waiting)
            {
                request.IsCompleted.ShouldBeFalse("a computation waits while every slot is taken");
            }
        }

        foreach (var request in waiting)
        {
            (await request).StatusCode.ShouldBe(HttpStatusCode.OK, "and runs once a slot is free");
        }

        computations.Free.ShouldBe(1);
    }

    /// <summary>A series not in the cache, a chart, a ranking and an agreement report over one year, started one after another.</summary>
    private static IEnumerable<Task<HttpResponseMessage>> Computations(HttpClient http, string outletId, string year)
    {
        var window = $"from={year}-01-01&to={year}-12-31";
        yield return http.GetAsync($"/api/v1/outlets/{outletId}/scores?dimensions=factual_accuracy&bucket=month&{window}");
        yield return http.GetAsync($"/api/v1/outlets/{outletId}/scores.svg?dimension=factual_accuracy&{window}");
        yield return http.GetAsync($"/api/v1/scores?dimension=factual_accuracy&{window}");
        yield return http.GetAsync($"/api/v1/agreement?dimension=factual_accuracy&outletId={outletId}&{window}");
        yield return http.GetAsync($"/api/v1/agreement?dimension=factual_accuracy&outletId={outletId}&blindOnly=true&{window}");
    }

    [Fact]
    public void The_default_is_twice_the_processor_count_and_the_setting_is_bounded()
    {
        static ScoreComputations With(string? value)
        {
            var settings = new Dictionary<string, string?>();
            if (value is not null)
            {
                settings["Scores:ConcurrentComputations"] = value;
            }

            return new ScoreComputations(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        }

        With(null).Slots.ShouldBe(2 * Environment.ProcessorCount);
        With("0").Slots.ShouldBe(1, "at least one computation runs");
        With("3").Slots.ShouldBe(3);
    }
}

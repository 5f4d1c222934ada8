using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using static CredibilityApi.Tests.Features.Campaigns.StudyTestData;

namespace CredibilityApi.Tests.Features.Campaigns;

/// <summary>Campaign reports (issue 14, item 7): progress, agreement restricted to the campaign, leniency.</summary>
[Collection(ApiCollection.Name)]
public sealed class CampaignReportTests(ApiFixture api)
{
    [Fact]
    public async Task Campaign_restricted_agreement_equals_a_brute_force_recomputation_and_ignores_ad_hoc_ratings()
    {
        // Two outlets, four articles each, k = 3 of a pool of 4: ratings through each annotator's own queue.
        var (_, first) = await CampaignTestData.OutletWithArticlesAsync(api.Admin, 4);
        var (_, second) = await CampaignTestData.OutletWithArticlesAsync(api.Admin, 4);
        var pool = await CampaignTestData.AnnotatorsAsync(api, 4);
        var request = CampaignTestData.Listed(pool.Select(p => p.Id), 3, first.Concat(second));
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(request)).Id);
        var random = new Random(20260314);
        var given = new List<(string Article, string Annotator, string Dimension, double Value)>();
        foreach (var (id, client) in pool)
        {
            foreach (var assignment in (await client.ListMyAssignmentsAsync(campaign.Id)).Items)
            {
                var accuracy = Math.Round(random.NextDouble() * 100, 1);
                var slant = Math.Round((random.NextDouble() * 200) - 100, 1);
                await RateAsync(client, assignment.ArticleId, accuracy, slant);
                given.Add((assignment.ArticleId, id, "factual_accuracy", accuracy));
                given.Add((assignment.ArticleId, id, "slant", slant));
            }
        }

        // Ratings outside the campaign: the admin (not in the pool) on its articles.
        foreach (var article in first)
        {
            await RateAsync(api.Admin, article, 0, 100);
        }

        var report = await api.Researcher.GetCampaignAgreementAsync(campaign.Id);

        foreach (var dimension in CampaignTestData.Dimensions)
        {
            var mine = given.Where(g => g.Dimension == dimension).ToList();
            IEnumerable<IReadOnlyList<double>> Units(IEnumerable<(string Article, string Annotator, string Dimension, double Value)> rs) =>
                rs.GroupBy(r => r.Article).Select(g => (IReadOnlyList<double>)[.. g.Select(r => r.Value)]);
            var reported = report.Dimensions.Single(d => d.Dimension == dimension);
            reported.Ratings.ShouldBe(24);
            reported.Agreement.Units.ShouldBe(8);
            reported.Agreement.Alpha!.Value.ShouldBe(BruteForceAlpha(Units(mine))!.Value, 1e-9);

            foreach (var (outlet, articles) in new[] { (0, first), (1, second) })
            {
                var byOutlet = reported.Outlets.Single(o => o.Agreement.Units == 4 && Units(mine.Where(m => articles.Contains(m.Article))).Count() == 4
                    && Math.Abs(o.Agreement.Alpha!.Value - BruteForceAlpha(Units(mine.Where(m => articles.Contains(m.Article))))!.Value) < 1e-9);
                byOutlet.OutletId.ShouldNotBeNullOrEmpty();
            }

            reported.Pairs.Count.ShouldBe(6);
            foreach (var pair in reported.Pairs)
            {
                var a = mine.Where(m => m.Annotator == pair.AnnotatorA).ToDictionary(m => m.Article, m => m.Value);
                var b = mine.Where(m => m.Annotator == pair.AnnotatorB).ToDictionary(m => m.Article, m => m.Value);
                var shared = a.Keys.Intersect(b.Keys).ToList();
                pair.SharedItems.ShouldBe(shared.Count);
                var expected = BruteForceAlpha(shared.Select(k => (IReadOnlyList<double>)[a[k], b[k]]));
                if (expected is null)
                {
                    pair.Alpha.ShouldBeNull();
                }
                else
                {
                    pair.Alpha!.Value.ShouldBe(expected.Value, 1e-9);
                }
            }
        }
    }

    [Fact]
    public async Task The_agreement_aggregate_restricted_by_campaignId_equals_a_brute_force_recomputation()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 4, 3);
        var random = new Random(99);
        var given = new List<(string Article, string Annotator, double Value)>();
        foreach (var article in articles)
        {
            foreach (var (id, client) in pool)
            {
                var value = Math.Round(random.NextDouble() * 100, 1);
                await RateAsync(client, article, "factual_accuracy", value);
                given.Add((article, id, value));
            }

            // Ad hoc: the admin, outside the pool, rates the same articles.
            await RateAsync(api.Admin, article, "factual_accuracy", 100);
        }

        var report = await api.Researcher.GetAgreementAsync(
            dimension: "factual_accuracy", from: new DateOnly(2026, 3, 1), to: new DateOnly(2026, 4, 1), byAnnotatorPair: true, campaignId: campaign.Id);

        var accuracy = report.Dimensions.Single();
        accuracy.Ratings.ShouldBe(12);
        accuracy.Annotators.ShouldBe(3);
        accuracy.Alpha!.Value.ShouldBe(BruteForceAlpha(given.GroupBy(g => g.Article).Select(g => (IReadOnlyList<double>)[.. g.Select(x => x.Value)]))!.Value, 1e-9);
        accuracy.Pairs!.Count.ShouldBe(3);
        (await api.Researcher.GetCampaignAgreementAsync(campaign.Id)).Dimensions.Single(d => d.Dimension == "factual_accuracy").Agreement.Alpha!.Value
            .ShouldBe(accuracy.Alpha.Value, 1e-9);
        await api.Researcher.GetAgreementAsync(campaignId: "cmp_unknown").ShouldFailWith(404);
    }

    [Fact]
    public async Task Verdict_agreement_is_nominal_alpha_over_the_campaigns_claims()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 2, 2, verdicts: true);
        var c1 = await ClaimAsync(api.Admin, articles[0], "Forces advanced 40 km overnight");
        var c2 = await ClaimAsync(api.Admin, articles[1], "the town fell at dawn");
        await VerdictAsync(pool[0].Client, c1.Id, Verdict.False);
        await VerdictAsync(pool[1].Client, c1.Id, Verdict.False);
        await VerdictAsync(pool[0].Client, c2.Id, Verdict.Accurate);
        await VerdictAsync(pool[1].Client, c2.Id, Verdict.Mixed);

        var verdicts = (await api.Admin.GetCampaignAgreementAsync(campaign.Id)).Verdicts;

        // Categories coded 0..5; nominal δ = [a ≠ b].
        var expected = BruteForceAlpha([[4, 4], [0, 2]], (x, y) => x == y ? 0 : 1);
        verdicts.Alpha!.Value.ShouldBe(expected!.Value, 1e-9);
        (verdicts.PairableValues, verdicts.Units).ShouldBe((4, 2));
    }

    [Fact]
    public async Task Progress_counts_per_annotator_and_outlet_follow_ratings_and_skips()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 3, 3, overlap: 2);
        var firstQueue = (await pool[0].Client.ListMyAssignmentsAsync(campaign.Id)).Items.ToList();
        await RateAsync(pool[0].Client, firstQueue[0].ArticleId, 50, 0);
        await pool[0].Client.SkipAssignmentAsync(firstQueue[1].Id, new SkipAssignmentRequest { Reason = "Paywalled." });

        var progress = await api.Researcher.GetCampaignProgressAsync(campaign.Id);

        progress.Total.ShouldSatisfyAllConditions(
            t => t.Items.ShouldBe(3),
            t => t.Assignments.ShouldBe(7),
            t => t.Submitted.ShouldBe(1),
            t => t.Skipped.ShouldBe(1),
            t => t.Pending.ShouldBe(5),
            t => t.CompleteItems.ShouldBe(0));
        var first = progress.Annotators.Single(a => a.AnnotatorId == pool[0].Id).Counts;
        (first.Assignments, first.Submitted, first.Skipped, first.Pending).ShouldBe((2, 1, 1, 0));
        progress.Annotators.Sum(a => a.Counts.Assignments).ShouldBe(7);
        progress.Outlets.Single().Counts.Assignments.ShouldBe(7);
        await pool[0].Client.GetCampaignProgressAsync(campaign.Id).ShouldFailWith(403);
        await api.Researcher.GetCampaignProgressAsync("cmp_unknown").ShouldFailWith(404);
    }

    [Fact]
    public async Task Leniency_within_the_campaign_finds_the_annotator_who_rates_high()
    {
        var (campaign, articles, pool) = await OpenAsync(api, 8, 3);
        var random = new Random(7);
        foreach (var article in articles)
        {
            var truth = 20 + (random.NextDouble() * 50);
            await RateAsync(pool[0].Client, article, Math.Round(truth + 20 + random.NextDouble() * 4, 1), 0);
            await RateAsync(pool[1].Client, article, Math.Round(truth + random.NextDouble() * 4, 1), 0);
            await RateAsync(pool[2].Client, article, Math.Round(truth + random.NextDouble() * 4, 1), 0);
        }

        var report = await api.Researcher.GetCampaignLeniencyAsync(campaign.Id);

        var accuracy = report.Dimensions.Single(d => d.Dimension == "factual_accuracy");
        accuracy.Unavailable.ShouldBeNull();
        var lenient = accuracy.Annotators.Single(a => a.AnnotatorId == pool[0].Id);
        lenient.Identified.ShouldBeTrue();
        lenient.Estimate.ShouldBeGreaterThan(5, $"{lenient.Estimate} [{lenient.Lower95}, {lenient.Upper95}]");
        accuracy.Annotators.Where(a => a.AnnotatorId != pool[0].Id).ShouldAllBe(a => a.Estimate < lenient.Estimate);

        // Every slant rating is 0: no variation to separate leniency from noise, and the report says so.
        report.Dimensions.Single(d => d.Dimension == "slant").Unavailable.ShouldNotBeNull();
    }
}

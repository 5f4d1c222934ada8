using CredibilityApi.Domain;

namespace CredibilityApi.Tests.Domain;

public sealed class CampaignDrawTests
{
    [Fact]
    public void SplitMix64_gives_the_published_sequence_for_seed_zero()
    {
        // First outputs of SplitMix64 seeded with 0, as in Vigna's reference implementation (splitmix64.c).
        var rng = new SplitMix64(0);

        rng.Next().ShouldBe(0xE220A8397B1DCDAFUL);
        rng.Next().ShouldBe(0x6E789E6AA1B965F4UL);
        rng.Next().ShouldBe(0x06C45D188009454FUL);
    }

    [Fact]
    public void The_draw_does_not_depend_on_the_order_the_candidates_arrive_in()
    {
        var candidates = Enumerable.Range(0, 60)
            .Select(i => new DrawCandidate($"art_{i:D3}", $"out_{i % 3}", new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc).AddHours(i * 11)))
            .ToList();

        var drawn = CampaignDraw.Sample(candidates, 2, SamplingBucket.Week, 99);
        var reversed = CampaignDraw.Sample(Enumerable.Reverse(candidates), 2, SamplingBucket.Week, 99);

        reversed.ShouldBe(drawn);
        CampaignDraw.Sample(candidates, 2, SamplingBucket.Week, 100).ShouldNotBe(drawn);
    }

    [Theory]
    [InlineData(10, 5, 3)]
    [InlineData(7, 3, 3)]
    [InlineData(1, 4, 1)]
    [InlineData(13, 6, 4)]
    public void Dealing_gives_k_distinct_annotators_per_item_and_balanced_loads(int items, int poolSize, int k)
    {
        var pool = Enumerable.Range(0, poolSize).Select(i => $"acc_{i}").ToList();

        var assigned = CampaignDraw.Assign(items, pool, k, 5);

        assigned.Count.ShouldBe(items);
        assigned.ShouldAllBe(a => a.Count == k && a.Distinct().Count() == k);
        var loads = pool.Select(p => assigned.Count(a => a.Contains(p))).ToList();
        (loads.Max() - loads.Min()).ShouldBeLessThanOrEqualTo(1);
        CampaignDraw.Assign(items, Enumerable.Reverse(pool), k, 5).ShouldBe(assigned);
    }

    [Fact]
    public void Dealing_more_annotators_per_item_than_the_pool_has_is_refused()
    {
        Should.Throw<DomainException>(() => CampaignDraw.Assign(3, ["acc_a", "acc_b"], 3, 1)).Message.ShouldContain("needs at least 3");
    }

    [Theory]
    [InlineData("2026-03-04T10:00:00Z", SamplingBucket.Week, "2026-03-02")]
    [InlineData("2026-03-08T23:59:00Z", SamplingBucket.Week, "2026-03-02")]
    [InlineData("2026-03-09T00:00:00Z", SamplingBucket.Week, "2026-03-09")]
    [InlineData("2026-03-31T12:00:00Z", SamplingBucket.Month, "2026-03-01")]
    public void Buckets_start_on_monday_or_the_first_of_the_month(string at, SamplingBucket bucket, string start)
    {
        CampaignDraw.BucketStart(DateTime.Parse(at, null, System.Globalization.DateTimeStyles.AdjustToUniversal), bucket)
            .ShouldBe(DateTime.SpecifyKind(DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc));
    }
}

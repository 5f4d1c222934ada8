using CredibilityApi.Scoring;

namespace CredibilityApi.Tests.Scoring;

/// <summary>
/// The flat layout methodology v2's fit and priors group ratings by (<see cref="RatedArticles"/>): it must give each
/// article the ratings, in the order, that the LINQ grouping it replaced gave (articles by ordinal id, each article's
/// ratings by ordinal rater id, stable), or the fit's sums would run in another order and its numbers change.
/// </summary>
public sealed class RatedArticlesTests
{
    private sealed record Row(string Article, string Rater, double Value, string Tag);

    [Fact]
    public void Groups_by_article_in_ordinal_order_with_each_articles_ratings_by_rater_and_stable()
    {
        Row[] rows =
        [
            new("b", "r2", 1, "b-first"),
            new("a", "r9", 2, "a-first"),
            new("B", "r1", 3, "B-first"),
            new("b", "r1", 4, "b-second"),
            new("a", "r10", 5, "a-second"),
            new("b", "r2", 6, "b-third"), // the same rater twice: input order kept
            new("a", "r1", 7, "a-third"),
        ];
        var (raters, rank) = RatedArticles.RanksOf(rows.Select(r => r.Rater));
        var articles = RatedArticles.Of(rows, r => r.Article, r => r.Rater, r => r.Value, rank);

        raters.ShouldBe(["r1", "r10", "r2", "r9"], "ordinal, not numeric or culture order");
        articles.Ids.ShouldBe(["B", "a", "b"], "ordinal: upper case first");
        articles.Start.ShouldBe([0, 1, 4, 7]);

        // What the LINQ it replaced gives, rating by rating.
        var expected = rows
            .GroupBy(r => r.Article, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.OrderBy(r => r.Rater, StringComparer.Ordinal))
            .ToList();
        articles.Raters.ShouldBe(expected.Select(r => rank[r.Rater]).ToArray());
        articles.Values.ShouldBe(expected.Select(r => r.Value).ToArray());
        articles.Values.ShouldBe([3, 7, 5, 2, 4, 1, 6]);

        // Each article's first rating in input order, as g.First() gave it.
        articles.First.Select(i => rows[i].Tag).ShouldBe(["B-first", "a-first", "b-first"]);
        Enumerable.Range(0, articles.Count).Select(articles.Length).ShouldBe([1, 3, 3]);
    }

    [Fact]
    public void No_ratings_give_no_articles()
    {
        var (raters, rank) = RatedArticles.RanksOf([]);
        var articles = RatedArticles.Of(Array.Empty<Row>(), r => r.Article, r => r.Rater, r => r.Value, rank);

        raters.ShouldBeEmpty();
        articles.Count.ShouldBe(0);
        articles.Start.ShouldBe([0]);
    }

    [Fact]
    public void Slices_keep_each_groups_items_in_order()
    {
        var slices = Slices.Of([2, 0, 2, 1, 0], 4);

        slices.Start.ShouldBe([0, 2, 3, 5, 5]);
        slices.Items.ShouldBe([1, 4, 3, 0, 2]);
    }

    [Fact]
    public void The_fit_is_the_same_for_the_same_ratings_in_any_order()
    {
        // Three annotators over 40 articles in 4 outlet-months, one of them 6 points more lenient; then the same rows
        // shuffled. The fit must agree to the last bit (the sums run in the grouping's order, not the input's).
        var random = new Random(20261207);
        var rows = new List<RatingObservation>();
        for (var a = 0; a < 40; a++)
        {
            foreach (var (rater, lean) in new[] { ("ann-b", 0.0), ("ann-a", 6.0), ("ann-c", -2.0) })
            {
                if (random.NextDouble() < 0.8)
                {
                    rows.Add(new RatingObservation($"art-{a:00}", rater, Math.Round(40 + (a % 7 * 3) + lean + (random.NextDouble() * 10), 1), $"out-{a % 2}|2024-0{1 + (a % 4 / 2)}"));
                }
            }
        }

        var shuffled = rows.OrderBy(_ => random.Next()).ToList();
        var first = LeniencyModel.Fit(rows, 100, Methodology.V2);
        var second = LeniencyModel.Fit(shuffled, 100, Methodology.V2);

        first.Unavailable.ShouldBeNull();
        first.Annotators["ann-a"].Estimate.ShouldBeGreaterThan(first.Annotators["ann-c"].Estimate);
        second.NoiseVariance.ShouldBe(first.NoiseVariance);
        second.ArticleVariance.ShouldBe(first.ArticleVariance);
        second.LeniencyVariance.ShouldBe(first.LeniencyVariance);
        foreach (var (id, leniency) in first.Annotators)
        {
            second.Annotators[id].ShouldBe(leniency);
        }
    }
}

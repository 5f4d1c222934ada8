namespace CredibilityApi.Scoring;

/// <summary>
/// A dimension's ratings grouped by article, in flat arrays: article <c>a</c> (in ordinal order of <see cref="Ids"/>) has
/// the ratings at positions <c>Start[a]</c> to <c>Start[a + 1]</c> of <see cref="Raters"/> and <see cref="Values"/>, by
/// rater in ordinal order of their ids (ratings of one rater keep their input order). <see cref="First"/> is the input
/// position of each article's first rating, for what all its ratings share (outlet, publication date).
/// </summary>
/// <remarks>
/// Methodology v2's refit holds some 200,000 ratings through its fit and priors while requests go on. As one object and
/// two arrays per article (and LINQ groupings to build them) they were some 60,000 small objects that lived through
/// collection after collection and were copied at each: first- and second-generation pauses of 20-60 ms under writes
/// (docs/benchmarks/refit-gc-2026-12-07.md). These are a handful of large arrays, which the collector does not copy.
/// </remarks>
internal sealed class RatedArticles
{
    private RatedArticles(string[] ids, int[] start, int[] raters, double[] values, int[] first)
    {
        Ids = ids;
        Start = start;
        Raters = raters;
        Values = values;
        First = first;
    }

    public string[] Ids { get; }

    public int[] Start { get; }

    /// <summary>The rater of each rating, as the rank of their id in ordinal order.</summary>
    public int[] Raters { get; }

    public double[] Values { get; }

    public int[] First { get; }

    public int Count => Ids.Length;

    /// <summary>How many ratings article <paramref name="a"/> has.</summary>
    public int Length(int a) => Start[a + 1] - Start[a];

    /// <summary>
    /// Groups <paramref name="ratings"/> by article; <paramref name="raterRank"/> gives each rater id's rank in ordinal order.
    /// </summary>
    public static RatedArticles Of<T>(IReadOnlyList<T> ratings, Func<T, string> article, Func<T, string> rater, Func<T, double> value, IReadOnlyDictionary<string, int> raterRank)
    {
        // Articles as first met, then their ranks in ordinal order of id.
        var met = new Dictionary<string, int>(StringComparer.Ordinal);
        var metIds = new List<string>();
        var firstMet = new List<int>();
        var articleOf = new int[ratings.Count];
        for (var i = 0; i < ratings.Count; i++)
        {
            var id = article(ratings[i]);
            if (!met.TryGetValue(id, out var m))
            {
                m = metIds.Count;
                met[id] = m;
                metIds.Add(id);
                firstMet.Add(i);
            }

            articleOf[i] = m;
        }

        var ids = metIds.ToArray();
        var byRank = new int[ids.Length];
        for (var m = 0; m < byRank.Length; m++)
        {
            byRank[m] = m;
        }

        Array.Sort(ids, byRank, StringComparer.Ordinal);
        var rankOf = new int[ids.Length];
        var first = new int[ids.Length];
        for (var a = 0; a < ids.Length; a++)
        {
            rankOf[byRank[a]] = a;
            first[a] = firstMet[byRank[a]];
        }

        var start = new int[ids.Length + 1];
        for (var i = 0; i < ratings.Count; i++)
        {
            start[rankOf[articleOf[i]] + 1]++;
        }

        for (var a = 0; a < ids.Length; a++)
        {
            start[a + 1] += start[a];
        }

        // In input order into each article's slots, then each article's ratings by rater, stably (an insertion sort:
        // an article has tens of ratings).
        var raters = new int[ratings.Count];
        var values = new double[ratings.Count];
        var filled = new int[ids.Length];
        for (var i = 0; i < ratings.Count; i++)
        {
            var a = rankOf[articleOf[i]];
            var at = start[a] + filled[a]++;
            raters[at] = raterRank[rater(ratings[i])];
            values[at] = value(ratings[i]);
        }

        for (var a = 0; a < ids.Length; a++)
        {
            for (var p = start[a] + 1; p < start[a + 1]; p++)
            {
                var r = raters[p];
                var v = values[p];
                var q = p - 1;
                for (; q >= start[a] && raters[q] > r; q--)
                {
                    raters[q + 1] = raters[q];
                    values[q + 1] = values[q];
                }

                raters[q + 1] = r;
                values[q + 1] = v;
            }
        }

        return new RatedArticles(ids, start, raters, values, first);
    }

    /// <summary>Rater ids, distinct, in ordinal order, and the rank of each.</summary>
    public static (string[] Ids, Dictionary<string, int> Rank) RanksOf(IEnumerable<string> raters)
    {
        var ids = raters.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var rank = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            rank[ids[i]] = i;
        }

        return (ids, rank);
    }
}

/// <summary>Items 0..n−1 grouped by a key in [0, keys), each group's items in order: group <c>g</c> is <c>Items[Start[g]..Start[g + 1]]</c>.</summary>
internal sealed record Slices(int[] Start, int[] Items)
{
    public static Slices Of(int[] keyOfItem, int keys)
    {
        var start = new int[keys + 1];
        foreach (var key in keyOfItem)
        {
            start[key + 1]++;
        }

        for (var k = 0; k < keys; k++)
        {
            start[k + 1] += start[k];
        }

        var filled = new int[keys];
        var items = new int[keyOfItem.Length];
        for (var i = 0; i < keyOfItem.Length; i++)
        {
            items[start[keyOfItem[i]] + filled[keyOfItem[i]]++] = i;
        }

        return new Slices(start, items);
    }
}

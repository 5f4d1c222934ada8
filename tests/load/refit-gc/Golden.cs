using System.Globalization;
using System.Text;
using CredibilityApi.Aggregation;
using CredibilityApi.Data;
using CredibilityApi.Scoring;
using Microsoft.EntityFrameworkCore;

/// <summary>Every dimension's v2 fit and priors from the database's current ratings, as read and reversed, written to the bit (doubles as "R", priors as their packed grids): run before and after a change to the fit and compare the files.</summary>
internal static class Golden
{
    public static async Task RunAsync(string db, string outFile)
    {
        var options = new DbContextOptionsBuilder<SqliteCredibilityDbContext>().UseSqlite($"Data Source={db}").Options;
        await using var ctx = new SqliteCredibilityDbContext(options);
        var sb = new StringBuilder();
        string F(double? d) => d?.ToString("R", CultureInfo.InvariantCulture) ?? "null";
        foreach (var dim in (await ctx.RubricDimensions.Select(d => d.Key).Distinct().ToListAsync()).Order(StringComparer.Ordinal))
        {
            var rows = await V2Model.CurrentRatingsAsync(ctx, dim, CancellationToken.None);
            if (rows.Count == 0) continue;
            foreach (var variant in new[] { "as-read", "reversed" })
            {
                var input = variant == "as-read" ? rows : Enumerable.Reverse(rows).ToList();
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var fit = V2Model.Fit(input, 100, Methodology.V2);
                var priors = V2Model.Priors(input, fit, 100, Methodology.V2, Enum.GetValues<Bucket>()).ToList();
                Console.WriteLine($"{dim} {variant}: {rows.Count} ratings, {priors.Count} priors, {sw.ElapsedMilliseconds} ms");
                sb.AppendLine($"{dim} {variant} noise={F(fit.NoiseVariance)} article={F(fit.ArticleVariance)} len={F(fit.LeniencyVariance)} shared={F(fit.SharedVariance)} r={fit.Ratings} a={fit.Articles} o={fit.OverlappingArticles} u={fit.Unavailable}");
                foreach (var a in fit.Annotators.Values.OrderBy(a => a.AnnotatorId, StringComparer.Ordinal))
                    sb.AppendLine($"  {a.AnnotatorId} {F(a.Estimate)} {F(a.Sd)} {F(a.Lower95)} {F(a.Upper95)} {a.Ratings} {F(a.Overlap)} {a.Identified} {F(a.OwnVariance)} {F(a.Loading)}");
                foreach (var p in priors)
                    sb.AppendLine($"  {p.Bucket} {p.Start:yyyy-MM-dd} {Convert.ToBase64String(BucketPriorV2.Pack(p.Prior))}");
            }
        }
        await File.WriteAllTextAsync(outFile, sb.ToString());
    }
}

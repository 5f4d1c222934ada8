using System.Globalization;
using System.Security;
using System.Text;

namespace CredibilityApi.Aggregation;

/// <summary>
/// A small line chart of a series with its 95% band: pure drawing, no data access. Buckets without a
/// score leave a gap in the line and the band, rather than dropping to zero.
/// </summary>
public static class SvgChart
{
    private const double Width = 640, Height = 280, Left = 56, Right = 16, Top = 40, Bottom = 44;

    public static string Render(string title, string subtitle, double min, double max, IReadOnlyList<SeriesPoint> points)
    {
        static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int i) => Left + (points.Count <= 1 ? plotWidth / 2 : i * plotWidth / (points.Count - 1));
        double Y(double v) => Top + ((max - Math.Clamp(v, min, max)) / (max - min) * plotHeight);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(Width)}\" height=\"{F(Height)}\" viewBox=\"0 0 {F(Width)} {F(Height)}\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}: {Escape(subtitle)}</title>");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left)}\" y=\"16\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left)}\" y=\"30\" fill=\"#555\">{Escape(subtitle)}</text>");

        // Axes with the dimension's range and the first and last bucket.
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{F(Left)}\" y1=\"{F(Top)}\" x2=\"{F(Left)}\" y2=\"{F(Top + plotHeight)}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{F(Left)}\" y1=\"{F(Top + plotHeight)}\" x2=\"{F(Left + plotWidth)}\" y2=\"{F(Top + plotHeight)}\" stroke=\"#333\"/>");
        foreach (var tick in new[] { min, (min + max) / 2, max })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left - 6)}\" y=\"{F(Y(tick) + 4)}\" text-anchor=\"end\">{F(tick)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Left)}\" y1=\"{F(Y(tick))}\" x2=\"{F(Left + plotWidth)}\" y2=\"{F(Y(tick))}\" stroke=\"#eee\"/>");
        }

        if (points.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left)}\" y=\"{F(Height - 24)}\">{points[0].Start:yyyy-MM-dd}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + plotWidth)}\" y=\"{F(Height - 24)}\" text-anchor=\"end\">{points[^1].Start:yyyy-MM-dd}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + (plotWidth / 2))}\" y=\"{F(Height - 8)}\" text-anchor=\"middle\" fill=\"#555\">shrunk score with 95% interval, by article publication date</text>");

        // One band and one line per run of consecutive buckets that have a score.
        var run = new List<int>();
        void Flush()
        {
            if (run.Count == 0)
            {
                return;
            }

            if (run.Count == 1)
            {
                // A bucket with no scored neighbour: its interval as an error bar, since a band of one point has no width.
                var (x, p) = (X(run[0]), points[run[0]].Posterior!);
                svg.Append(CultureInfo.InvariantCulture, $"<g class=\"band\" stroke=\"#4a7ab5\"><line x1=\"{F(x)}\" y1=\"{F(Y(p.Upper95))}\" x2=\"{F(x)}\" y2=\"{F(Y(p.Lower95))}\" stroke-width=\"6\" stroke-opacity=\"0.35\"/>");
                foreach (var end in new[] { p.Upper95, p.Lower95 })
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x - 5)}\" y1=\"{F(Y(end))}\" x2=\"{F(x + 5)}\" y2=\"{F(Y(end))}\" stroke-width=\"1.5\"/>");
                }

                svg.Append("</g>");
            }
            else
            {
                var upper = string.Join(' ', run.Select(i => $"{F(X(i))},{F(Y(points[i].Posterior!.Upper95))}"));
                var lower = string.Join(' ', run.AsEnumerable().Reverse().Select(i => $"{F(X(i))},{F(Y(points[i].Posterior!.Lower95))}"));
                svg.Append(CultureInfo.InvariantCulture, $"<polygon class=\"band\" points=\"{upper} {lower}\" fill=\"#4a7ab5\" fill-opacity=\"0.2\" stroke=\"none\"/>");
            }

            var line = string.Join(' ', run.Select(i => $"{F(X(i))},{F(Y(points[i].Posterior!.Mean))}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"score\" points=\"{line}\" fill=\"none\" stroke=\"#1f4e8c\" stroke-width=\"2\"/>");
            foreach (var i in run)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(i))}\" cy=\"{F(Y(points[i].Posterior!.Mean))}\" r=\"2.5\" fill=\"#1f4e8c\"><title>{points[i].Start:yyyy-MM-dd}: {F(points[i].Posterior!.Mean)} ({F(points[i].Posterior!.Lower95)}–{F(points[i].Posterior!.Upper95)}), {points[i].Articles} article{(points[i].Articles == 1 ? "" : "s")}</title></circle>");
            }

            run.Clear();
        }

        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Posterior is null)
            {
                Flush();
            }
            else
            {
                run.Add(i);
            }
        }

        Flush();
        if (points.All(p => p.Posterior is null))
        {
            // An empty plot says why, rather than looking like a drawing that failed.
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"empty\" x=\"{F(Left + (plotWidth / 2))}\" y=\"{F(Top + (plotHeight / 2))}\" text-anchor=\"middle\" fill=\"#888\">No scored bucket in this window</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// Text as XML character data. Validation refuses text that XML cannot hold, but a database written by an
    /// older version may still have some, so a character that is not text (a C0 control other than tab and line
    /// breaks, a noncharacter, an unpaired surrogate) becomes U+FFFD: the chart is well-formed whatever is stored.
    /// </summary>
    internal static string Escape(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            // EnumerateRunes already yields U+FFFD for an unpaired surrogate.
            clean.Append(Infrastructure.TextRules.IsAcceptable(rune) ? rune.ToString() : "\uFFFD");
        }

        return SecurityElement.Escape(clean.ToString()) ?? "";
    }
}

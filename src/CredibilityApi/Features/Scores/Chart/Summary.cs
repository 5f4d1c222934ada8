using FastEndpoints;
using CredibilityApi.Features.Assignments;

namespace CredibilityApi.Features.Scores.Chart;

/// <summary>The OpenAPI summary, description and response example of <see cref="Endpoint"/>.</summary>
public sealed class Summary : Summary<Endpoint>
{
    public Summary()
    {
        RollupsPendingHeader.Describe(this);
        Summary = "An outlet's score over time, as an SVG chart";
        Description =
            "A small line chart of the shrunk score on one dimension per bucket with its 95% interval band, axis labels and the " +
            "outlet's name and the methodology; buckets without data (or, under v2, without an interval the data supports) are " +
            "gaps. The numbers are those of GET /outlets/{id}/scores with the same methodology (default v2). Without from and to " +
            "the chart spans the outlet's rated articles on the dimension, as the series does, and its subtitle says so. A bucket " +
            "with no scored neighbour shows its interval as an error bar. asOf draws from the revisions recorded by then (not " +
            "later than now: 400), as the series' asOf, and the subtitle names the instant." + Blinding.PooledNote;
        ResponseExamples[200] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"280\">…</svg>";
    }
}

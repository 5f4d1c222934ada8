using System.Globalization;
using System.Text;
using CredibilityApi.Infrastructure;

namespace CredibilityApi.Features.Scores.GetSeries;

/// <summary>The series as CSV, for 'Accept: text/csv'.</summary>
internal static class Csv
{
    /// <summary>Tidy CSV: one row per outlet, dimension and bucket; empty cells for null values.</summary>
    public static string Write(Response r)
    {
        static string N(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "";
        // Text cells are quoted and neutralised against formula injection (CsvInjection); numbers are left alone.
        static string Text(string? v) => CsvInjection.Neutralise(v) is { } t ? "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : "";
        var fitted = (r.VarianceComponents ?? []).ToDictionary(v => v.Dimension, v => v.ComputedAt);
        var csv = new StringBuilder();
        csv.Append("outlet_id,dimension,bucket,bucket_start,bucket_end,articles,ratings,annotators,raw_mean,raw_sd,shrunk_mean,shrunk_sd,lower_95,upper_95,decayed,half_life_days,alpha,alpha_pairable_values,methodology_version,as_of,computed_at,leniency_adjustment,effective_annotators,leniency_computed_at,reliability,blind_only,campaign_id\n");
        foreach (var p in r.Points)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.OutletId},{CsvInjection.Neutralise(p.Dimension)},{r.Bucket.ToString().ToLowerInvariant()},{p.Start:yyyy-MM-dd},{p.End:yyyy-MM-dd},{p.Articles},{p.Ratings},{p.Annotators},")
                .Append(CultureInfo.InvariantCulture, $"{N(p.RawMean)},{N(p.RawSd)},{N(p.Shrunk?.Mean)},{N(p.Shrunk?.Sd)},{N(p.Shrunk?.Lower95)},{N(p.Shrunk?.Upper95)},{N(p.Decayed)},{N(r.HalfLifeDays)},")
                .Append(CultureInfo.InvariantCulture, $"{N(p.Agreement.Alpha)},{p.Agreement.PairableValues},{r.MethodologyVersion},{r.AsOf:O},{r.ComputedAt:O},")
                .Append(CultureInfo.InvariantCulture, $"{N(p.LeniencyAdjustment)},{N(p.EffectiveAnnotators)},{fitted.GetValueOrDefault(p.Dimension):O},{Text(p.Reliability)},{(r.BlindOnly ? "true" : "false")},{Text(r.CampaignId)}\n");
        }

        return csv.ToString();
    }
}

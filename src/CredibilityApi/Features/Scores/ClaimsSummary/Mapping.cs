using CredibilityApi.Aggregation.Read;
using CredibilityApi.Domain;

namespace CredibilityApi.Features.Scores.ClaimsSummary;

internal static class ResponseMapping
{
    public static Response ToResponse(this ClaimsSummaryReport r) => new()
    {
        OutletId = r.OutletId,
        From = r.From,
        To = r.To,
        Claims = r.Claims,
        Annotators = r.Annotators,
        Attribution = new AttributionMix
        {
            NamedPrimary = Of(r.Attribution[AttributionClass.NamedPrimary]),
            NamedSecondhand = Of(r.Attribution[AttributionClass.NamedSecondhand]),
            Anonymous = Of(r.Attribution[AttributionClass.Anonymous]),
            Unattributed = Of(r.Attribution[AttributionClass.Unattributed]),
        },
        Verdicts = new VerdictSummary
        {
            VerdictedClaims = r.Verdicts.VerdictedClaims,
            WithoutConsensus = r.Verdicts.WithoutConsensus,
            MisleadingOrFalse = r.Verdicts.MisleadingOrFalse.Successes,
            Share = r.Verdicts.MisleadingOrFalse.Share,
            Lower95 = r.Verdicts.MisleadingOrFalse.Lower,
            Upper95 = r.Verdicts.MisleadingOrFalse.Upper,
        },
        Framing = new FramingSummary
        {
            Articles = r.Framing.Articles,
            FramingNotes = r.Framing.FramingNotes,
            NotesPerArticle = r.Framing.NotesPerArticle,
            ByTechnique = r.Framing.ByTechnique.Select(t => new TechniqueCount { Technique = t.Technique, Count = t.Count }).ToList(),
        },
        MethodologyVersion = r.MethodologyVersion,
        ComputedAt = r.ComputedAt,
    };

    private static CountShare Of(Portion p) => new() { Count = p.Count, Share = p.Share };
}

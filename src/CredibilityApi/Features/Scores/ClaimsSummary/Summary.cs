using FastEndpoints;
using CredibilityApi.Features.Assignments;

namespace CredibilityApi.Features.Scores.ClaimsSummary;

/// <summary>The OpenAPI summary, description and response example of <see cref="Endpoint"/>.</summary>
public sealed class Summary : Summary<Endpoint>
{
    public Summary()
    {
        Summary = "An outlet's claims: attribution, verdicts, framing";
        Description =
            "Over the outlet's articles published in [from, to): the attribution mix of its claims (counts and shares), the " +
            "misleading-or-false share of its verdicted claims with a Wilson 95% interval, and framing notes per article " +
            "with counts by technique. The share: " + Scoring.VerdictShares.Definition + " " +
            "Only current annotations count (not retracted, not hidden)." + Blinding.OutletNote;
        ResponseExamples[200] = new Response
        {
            OutletId = "out_0192f0c1a2b37c4d8e9f0a1b2c3d4e5f",
            From = new DateOnly(2021, 1, 1),
            To = new DateOnly(2022, 1, 1),
            Claims = 40,
            Annotators = 3,
            Attribution = new AttributionMix
            {
                NamedPrimary = new CountShare { Count = 14, Share = 0.35 },
                NamedSecondhand = new CountShare { Count = 10, Share = 0.25 },
                Anonymous = new CountShare { Count = 12, Share = 0.3 },
                Unattributed = new CountShare { Count = 4, Share = 0.1 },
            },
            Verdicts = new VerdictSummary { VerdictedClaims = 18, WithoutConsensus = 2, MisleadingOrFalse = 7, Share = 0.3889, Lower95 = 0.2031, Upper95 = 0.6138 },
            Framing = new FramingSummary { Articles = 25, FramingNotes = 31, NotesPerArticle = 1.24, ByTechnique = [new TechniqueCount { Technique = "loaded-language", Count = 12 }] },
            MethodologyVersion = Scoring.Methodology.Default.Version,
            ComputedAt = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc),
        };
    }
}

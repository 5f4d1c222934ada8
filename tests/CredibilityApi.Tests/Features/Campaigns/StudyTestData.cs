using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Campaigns;

/// <summary>Opened campaigns whose pool is every annotator (k = pool size), and ratings given through each annotator's own queue.</summary>
internal static class StudyTestData
{
    public static async Task<(Campaign Campaign, List<string> Articles, List<(string Id, CredibilityApiClient Client)> Pool)> OpenAsync(
        ApiFixture api, int articles, int pool, int? overlap = null, IEnumerable<string>? adjudicators = null, double? threshold = null, bool verdicts = false)
    {
        var (_, ids) = await CampaignTestData.OutletWithArticlesAsync(api.Admin, articles);
        var annotators = await CampaignTestData.AnnotatorsAsync(api, pool);
        var request = CampaignTestData.Listed(annotators.Select(a => a.Id), overlap ?? pool, ids);
        request.Adjudicators = [.. adjudicators ?? []];
        request.DisagreementThreshold = threshold;
        request.Tasks.Verdicts = verdicts;
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(request)).Id);
        return (campaign, ids, annotators);
    }

    public static Task RateAsync(CredibilityApiClient client, string articleId, string dimension, double value) =>
        client.RateArticleAsync(articleId, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = dimension, Value = value }],
            Tags = [],
        });

    public static Task RateAsync(CredibilityApiClient client, string articleId, double accuracy, double slant) =>
        client.RateArticleAsync(articleId, new RateArticleRequest
        {
            RubricVersion = 1,
            Values = [new RatingValue { Dimension = "factual_accuracy", Value = accuracy }, new RatingValue { Dimension = "slant", Value = slant }],
            Tags = [],
        });

    public static async Task<Claim> ClaimAsync(CredibilityApiClient client, string articleId, string exact) =>
        await client.RegisterClaimAsync(articleId, new RegisterClaimRequest { Selector = new TextSelector { Exact = exact }, Attribution = [], Tags = [] });

    public static Task VerdictAsync(CredibilityApiClient client, string claimId, Verdict verdict) =>
        client.RecordProvenanceAsync(new RecordProvenanceRequest
        {
            Target = new AnnotationTarget { Type = TargetType.Claim, Id = claimId },
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Verdict, Verdict = verdict, EvidenceUrls = [] },
            Tags = [],
        });

    /// <summary>
    /// Krippendorff's alpha by its definition, pair by pair: 1 − D_o/D_e with D_o = Σ_u Σ_{i≠j∈u} δ/(m_u − 1) / n and
    /// D_e = Σ_{i≠j} δ over all pairable values / (n(n − 1)). Null below two pairable values or without variation.
    /// </summary>
    public static double? BruteForceAlpha(IEnumerable<IReadOnlyList<double>> units, Func<double, double, double>? delta = null)
    {
        delta ??= (a, b) => (a - b) * (a - b);
        var pairable = units.Where(u => u.Count >= 2).ToList();
        var all = pairable.SelectMany(u => u).ToList();
        double n = all.Count;
        if (n < 2)
        {
            return null;
        }

        double observed = 0;
        foreach (var u in pairable)
        {
            for (var i = 0; i < u.Count; i++)
            {
                for (var j = 0; j < u.Count; j++)
                {
                    if (i != j)
                    {
                        observed += delta(u[i], u[j]) / (u.Count - 1);
                    }
                }
            }
        }

        double expected = 0;
        for (var i = 0; i < all.Count; i++)
        {
            for (var j = 0; j < all.Count; j++)
            {
                if (i != j)
                {
                    expected += delta(all[i], all[j]);
                }
            }
        }

        return expected == 0 ? null : 1 - (observed / n / (expected / (n * (n - 1))));
    }
}

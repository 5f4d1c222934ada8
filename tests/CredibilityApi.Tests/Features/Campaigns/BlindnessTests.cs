using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using static CredibilityApi.Tests.Features.Campaigns.CampaignTestData;

namespace CredibilityApi.Tests.Features.Campaigns;

/// <summary>
/// Blind annotation (issue 14, item 3): an annotator whose assignment of an article is pending in an open campaign sees
/// no other annotator's work on it, nor any aggregate of it, through any read, until they submit or the campaign closes.
/// The reads are enumerated from the served OpenAPI document, as the authorization matrix does: every GET operation is
/// named in <see cref="Table"/>, so a new read path fails <see cref="Every_read_of_the_document_is_classified_for_blindness"/>
/// until it is covered.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BlindnessTests(ApiFixture api)
{
    private enum Blindness
    {
        /// <summary>A list or export: answers 2xx, without the other annotator's work while pending, with it after.</summary>
        Filtered,

        /// <summary>A read of one annotation: 404 as if absent while pending, 200 after.</summary>
        Absent,

        /// <summary>An aggregate: 403 blind-assignment-pending naming the article while pending, 200 after (with their work counted, where the row says how to see it).</summary>
        Refused,

        /// <summary>Carries no annotation data: answers 2xx and shows none of the other annotator's annotations, before and after.</summary>
        NotAnnotationBearing,

        /// <summary>Closed to annotators by role (admins are not blinded, researchers cannot be in a pool): 403 without the blind code.</summary>
        NotForAnnotators,
    }

    /// <summary>What a row checks, the request it sends (path and query, from the scenario), and why when it is not blinded.</summary>
    private sealed record Row(Blindness Kind, Func<Scenario, string> Url, Func<Scenario, string>? Shows = null, string? Reason = null);

    private static readonly Dictionary<string, Row> Table = new()
    {
        // Annotation-level reads: filtered, or absent.
        ["ListAnnotations"] = new(Blindness.Filtered, s => $"/api/v1/annotations?articleId={s.ArticleId}", s => s.TheirRatingId),
        ["GetAnnotation"] = new(Blindness.Absent, s => $"/api/v1/annotations/{s.TheirRatingId}", s => s.TheirRatingId),
        ["ListRevisions"] = new(Blindness.Absent, s => $"/api/v1/annotations/{s.TheirRatingId}/revisions", s => s.TheirRatingId),
        ["ExportAnnotations"] = new(Blindness.Filtered, s => $"/api/v1/exports/annotations?outletId={s.OutletId}", s => s.TheirRatingId),
        ["ExportFramingSpans"] = new(Blindness.Filtered, s => $"/api/v1/exports/framing-spans?outletId={s.OutletId}", s => s.TheirSpanId),
        ["ExportClaimReviews"] = new(Blindness.Filtered, s => $"/api/v1/exports/claim-reviews?outletId={s.OutletId}", s => s.TheirVerdictId),

        // Aggregates: refused while pending.
        ["GetScoreSeries"] = new(Blindness.Refused, s => $"/api/v1/outlets/{s.OutletId}/scores?from=2026-03-01&to=2026-04-01"),
        ["GetScoreChart"] = new(Blindness.Refused, s => $"/api/v1/outlets/{s.OutletId}/scores.svg?dimension=slant&from=2026-03-01&to=2026-04-01"),
        ["RankOutlets"] = new(Blindness.Refused, s => "/api/v1/scores?dimension=slant"),
        ["GetAgreement"] = new(Blindness.Refused, s => $"/api/v1/agreement?outletId={s.OutletId}&from=2026-03-01&to=2026-04-01", s => "\"pairableValues\":2"),
        ["GetClaimsSummary"] = new(Blindness.Refused, s => $"/api/v1/outlets/{s.OutletId}/claims-summary", s => "\"verdictedClaims\":1"),

        // Reads of other things.
        ["GetMe"] = new(Blindness.NotAnnotationBearing, s => "/api/v1/me", Reason: "the caller's own account"),
        ["GetAccount"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/accounts/{s.MyAccountId}", Reason: "the caller's own account record"),
        ["ListKeys"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/accounts/{s.MyAccountId}/keys", Reason: "the caller's API keys"),
        ["ListOutlets"] = new(Blindness.NotAnnotationBearing, s => "/api/v1/outlets", Reason: "outlet records, no annotations or scores"),
        ["GetOutlet"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/outlets/{s.OutletId}", Reason: "an outlet record"),
        ["LookupOutlet"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/outlets/lookup?url=https%3A%2F%2F{s.Domain}%2Fx", Reason: "an outlet record"),
        ["ListOutletRevisions"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/outlets/{s.OutletId}/revisions", Reason: "an outlet record's history"),
        ["ListArticles"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/articles?outletId={s.OutletId}", Reason: "article records"),
        ["GetArticle"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/articles/{s.ArticleId}", Reason: "an article record"),
        ["LookupArticle"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/articles/lookup?url=https%3A%2F%2F{s.Domain}%2Fstory", Reason: "an article record"),
        ["ListClaims"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/claims?outletId={s.OutletId}", Reason: "claims are shared records; verdicts are annotations and are not on them"),
        ["GetClaim"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/claims/{s.ClaimId}", Reason: "a claim record, without verdicts"),
        ["ListArticleClaims"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/articles/{s.ArticleId}/claims", Reason: "claim records, without verdicts"),
        ["ExportClaims"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/exports/claims?outletId={s.OutletId}", Reason: "claims with attribution chains, without verdicts"),
        ["ListRubrics"] = new(Blindness.NotAnnotationBearing, s => "/api/v1/rubrics", Reason: "the rubric"),
        ["GetRubric"] = new(Blindness.NotAnnotationBearing, s => "/api/v1/rubrics/1", Reason: "the rubric"),
        ["ListTechniques"] = new(Blindness.NotAnnotationBearing, s => "/api/v1/taxonomy/techniques", Reason: "the taxonomy"),
        ["ListTags"] = new(Blindness.NotAnnotationBearing, s => "/api/v1/taxonomy/tags", Reason: "the tag vocabulary"),
        ["GetMethodology"] = new(Blindness.NotAnnotationBearing, s => "/api/v1/methodology", Reason: "the published methodology, no data"),
        ["ListCampaigns"] = new(Blindness.NotAnnotationBearing, s => "/api/v1/campaigns", Reason: "campaign designs, no annotations"),
        ["GetCampaign"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/campaigns/{s.CampaignId}", Reason: "a campaign's design, no annotations"),
        ["ListMyAssignments"] = new(Blindness.NotAnnotationBearing, s => $"/api/v1/me/assignments?campaignId={s.CampaignId}", Reason: "the caller's own assignments"),

        // Closed to annotators by role.
        ["ListAccounts"] = new(Blindness.NotForAnnotators, s => "/api/v1/accounts", Reason: "admins only"),
        ["GetRollupStatus"] = new(Blindness.NotForAnnotators, s => "/api/v1/admin/rollups", Reason: "admins only"),
        ["ListLeniencies"] = new(Blindness.NotForAnnotators, s => "/api/v1/annotators/leniency?dimension=slant", Reason: "admins and researchers only"),
        ["ExportAssignments"] = new(Blindness.NotForAnnotators, s => "/api/v1/exports/assignments", Reason: "admins and researchers only"),
        ["GetGoldAccuracy"] = new(Blindness.NotForAnnotators, s => $"/api/v1/campaigns/{s.CampaignId}/gold-accuracy", Reason: "admins and researchers only"),
        ["ListAdjudicationLog"] = new(Blindness.NotForAnnotators, s => $"/api/v1/campaigns/{s.CampaignId}/adjudications/log", Reason: "admins and researchers only"),
        ["ExportCampaign"] = new(Blindness.NotForAnnotators, s => $"/api/v1/campaigns/{s.CampaignId}/export", Reason: "admins and researchers only"),
        ["GetCampaignProgress"] = new(Blindness.NotForAnnotators, s => $"/api/v1/campaigns/{s.CampaignId}/progress", Reason: "admins and researchers only"),
        ["GetCampaignAgreement"] = new(Blindness.NotForAnnotators, s => $"/api/v1/campaigns/{s.CampaignId}/agreement", Reason: "admins and researchers only"),
        ["GetCampaignLeniency"] = new(Blindness.NotForAnnotators, s => $"/api/v1/campaigns/{s.CampaignId}/leniency", Reason: "admins and researchers only"),
        ["ListAdjudicationQueue"] = new(Blindness.NotForAnnotators, s => $"/api/v1/campaigns/{s.CampaignId}/adjudications",
            Reason: "admins and the campaign's named adjudicators only; an adjudicator in the pool does not see their own pending items in it (AdjudicationTests.An_adjudicator_in_the_pool_does_not_see_disagreements_on_their_own_pending_items)"),
    };

    /// <summary>
    /// A study of its own: an outlet with one article (a body and a claim), a pool of two annotators ("me" and "them"),
    /// overlap 2. "Them" has submitted (rated on every dimension) and left a framing span and a verdict; "me" has rated
    /// one dimension only, so my assignment is pending.
    /// </summary>
    private sealed record Scenario(
        string Domain, string OutletId, string ArticleId, string ClaimId, string CampaignId, string MyAccountId, string MyKey,
        CredibilityApiClient Me, string MyRatingId, string TheirRatingId, string TheirSpanId, string TheirVerdictId)
    {
        public IEnumerable<string> TheirIds => [TheirRatingId, TheirSpanId, TheirVerdictId];
    }

    [Fact]
    public async Task Every_read_of_the_document_is_classified_for_blindness()
    {
        var reads = await ReadOperationsAsync();

        reads.Count.ShouldBeGreaterThan(30);
        reads.Select(r => r.Id).Where(id => !Table.ContainsKey(id)).ShouldBeEmpty(
            "these GET operations are not classified for blind annotation: add each to BlindnessTests.Table, either with a " +
            "request that proves another annotator's work on a pending item is hidden or refused, or as not annotation-bearing with a reason");
        Table.Keys.Except(reads.Select(r => r.Id)).ShouldBeEmpty("rows for operations the document no longer has");
        Table.Where(r => r.Value.Kind is Blindness.NotAnnotationBearing or Blindness.NotForAnnotators && string.IsNullOrWhiteSpace(r.Value.Reason))
            .Select(r => r.Key).ShouldBeEmpty("an unblinded read says why");
    }

    [Theory]
    [InlineData("submit")]
    [InlineData("close")]
    public async Task No_read_shows_another_annotators_work_on_a_pending_item_until_submission_or_close(string lift)
    {
        var s = await ScenarioAsync();
        var reads = await ReadOperationsAsync();
        var mine = api.Factory.CreateHttpClient(s.MyKey);

        foreach (var read in reads)
        {
            await CheckAsync(mine, read, Table[read.Id], s, pending: true);
        }

        if (lift == "submit")
        {
            await s.Me.RateArticleAsync(s.ArticleId, AllDimensions(30));
            (await s.Me.ListMyAssignmentsAsync(s.CampaignId)).Items.Single().State.ShouldBe(AssignmentState.Submitted);
        }
        else
        {
            await api.Admin.CloseCampaignAsync(s.CampaignId);
        }

        foreach (var read in reads)
        {
            await CheckAsync(mine, read, Table[read.Id], s, pending: false);
        }
    }

    [Fact]
    public async Task Writing_to_their_annotation_while_pending_is_a_404_as_if_absent_and_changes_nothing()
    {
        var s = await ScenarioAsync();
        var before = await api.Admin.GetAnnotationAsync(s.TheirRatingId);

        await s.Me.EditAnnotationAsync(s.TheirRatingId, before.Etag, new EditAnnotationRequest { Rating = new RatingEditInput { Value = 0 }, Tags = [] }).ShouldFailWith(404);
        await s.Me.RetractAnnotationAsync(s.TheirRatingId, new ReasonRequest { Reason = "Not mine." }).ShouldFailWith(404);

        var after = await api.Admin.GetAnnotationAsync(s.TheirRatingId);
        (after.Revision, after.Rating!.Value, after.Status).ShouldBe((before.Revision, before.Rating!.Value, before.Status));

        // Once my item is submitted, the same edit is refused for what it is: not my annotation.
        await s.Me.RateArticleAsync(s.ArticleId, AllDimensions(30));
        await s.Me.EditAnnotationAsync(s.TheirRatingId, before.Etag, new EditAnnotationRequest { Rating = new RatingEditInput { Value = 0 }, Tags = [] }).ShouldFailWith(403);
    }

    [Fact]
    public async Task Admins_and_readers_outside_the_pool_are_not_blinded()
    {
        var s = await ScenarioAsync();

        foreach (var reader in new[] { api.Admin, api.Researcher, api.OtherAnnotator })
        {
            (await reader.ListAnnotationsAsync(articleId: s.ArticleId)).Items.Select(a => a.Id).ShouldContain(s.TheirRatingId);
            (await reader.GetAnnotationAsync(s.TheirRatingId)).Id.ShouldBe(s.TheirRatingId);
            (await reader.GetClaimsSummaryAsync(s.OutletId)).ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task The_refusal_names_the_pending_articles_and_how_to_lift_it()
    {
        var s = await ScenarioAsync();
        var response = await api.Factory.CreateHttpClient(s.MyKey).GetAsync($"/api/v1/outlets/{s.OutletId}/claims-summary");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        problem["code"]!.GetValue<string>().ShouldBe("blind-assignment-pending");
        problem["articleIds"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe([s.ArticleId]);
        problem["campaignIds"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe([s.CampaignId]);
        problem["detail"]!.GetValue<string>().ShouldContain("submit");

        // Through the generated client too: a list hides their work but keeps mine, an aggregate is refused.
        (await s.Me.ListAnnotationsAsync(articleId: s.ArticleId)).Items.Select(a => a.Id).ShouldBe([s.MyRatingId]);
        var e = await s.Me.GetScoreSeriesAsync(s.OutletId).ShouldFailWith(403);
        (e.Response ?? "").ShouldContain("blind-assignment-pending");
    }

    [Fact]
    public async Task Ratings_verdicts_and_framing_notes_made_on_a_pending_item_are_marked_blind_with_their_campaign()
    {
        var s = await ScenarioAsync();

        foreach (var id in s.TheirIds.Append(s.MyRatingId))
        {
            var annotation = await api.Admin.GetAnnotationAsync(id);
            annotation.Blind.ShouldBeTrue(id);
            annotation.CampaignId.ShouldBe(s.CampaignId, id);
        }

        // After the campaign closes, my edit is no longer blind (others' work is visible), but stays the campaign's.
        await api.Admin.CloseCampaignAsync(s.CampaignId);
        var mine = await s.Me.GetAnnotationAsync(s.MyRatingId);
        var edited = await s.Me.EditAnnotationAsync(mine.Id, mine.Etag, new EditAnnotationRequest { Rating = new RatingEditInput { Value = 12 }, Tags = [] });
        edited.Blind.ShouldBeFalse();
        edited.CampaignId.ShouldBe(s.CampaignId);

        // A rating outside any campaign carries neither.
        var adHoc = (await api.OtherAnnotator.RateArticleAsync(s.ArticleId, new RateArticleRequest { Values = [new RatingValue { Dimension = "slant", Value = 1 }], Tags = [] })).Ratings.Single();
        adHoc.Blind.ShouldBeFalse();
        adHoc.CampaignId.ShouldBeNull();
    }

    [Fact]
    public async Task An_admin_in_the_pool_is_not_blinded_and_their_ratings_are_not_marked_blind()
    {
        var (outlet, articles) = await OutletWithArticlesAsync(api.Admin, 1);
        var other = (await AnnotatorsAsync(api, 1)).Single();
        var admin = await api.Admin.GetMeAsync();
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Listed([admin.AccountId, other.Id], 2, articles))).Id);
        await other.Client.RateArticleAsync(articles[0], AllDimensions(50));

        var rating = (await api.Admin.RateArticleAsync(articles[0], new RateArticleRequest { Values = [new RatingValue { Dimension = "slant", Value = 3 }], Tags = [] })).Ratings.Single();

        rating.Blind.ShouldBeFalse();
        rating.CampaignId.ShouldBe(campaign.Id);
        (await api.Admin.ListAnnotationsAsync(articleId: articles[0])).Items.Count.ShouldBe(CampaignTestData.Dimensions.Length + 1);
        (await api.Admin.GetClaimsSummaryAsync(outlet.Id)).ShouldNotBeNull();
    }

    [Fact]
    public async Task The_annotation_export_carries_the_blind_mark_and_campaign_in_ndjson_and_csv()
    {
        var s = await ScenarioAsync();
        var http = api.Factory.CreateHttpClient(ApiFactory.AdminKey);

        var ndjson = await http.GetStringAsync($"/api/v1/exports/annotations?outletId={s.OutletId}");
        var row = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).Single(n => n["id"]!.GetValue<string>() == s.TheirRatingId);
        row["blind"]!.GetValue<bool>().ShouldBeTrue();
        row["campaignId"]!.GetValue<string>().ShouldBe(s.CampaignId);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/exports/annotations?outletId={s.OutletId}");
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = (await (await http.SendAsync(request)).Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = csv[0].Split(',');
        var cells = csv.Single(l => l.StartsWith(s.TheirRatingId, StringComparison.Ordinal)).Split(',');
        cells[Array.IndexOf(header, "blind")].ShouldBe("true");
        cells[Array.IndexOf(header, "campaign_id")].ShouldBe(s.CampaignId);
    }

    private async Task CheckAsync(HttpClient http, Operation read, Row row, Scenario s, bool pending)
    {
        var url = row.Url(s);
        Regex.IsMatch(url.Split('?')[0], "^" + Regex.Replace(read.Path, @"\{[^}]+\}", "[^/]+") + "$")
            .ShouldBeTrue($"the row for {read.Id} sends {url}, not a request to {read.Path}");
        var phase = pending ? "while my item is pending" : "after it is lifted";
        var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var because = $"{read.Id} {url} {phase}: {status} {body[..Math.Min(body.Length, 300)]}";
        var showsTheirs = s.TheirIds.Any(id => body.Contains(id, StringComparison.Ordinal));

        switch (row.Kind)
        {
            case Blindness.Filtered:
                status.ShouldBeInRange(200, 299, because);
                if (pending)
                {
                    showsTheirs.ShouldBeFalse(because);
                }
                else
                {
                    body.ShouldContain(row.Shows!(s), Case.Sensitive, because);
                }

                break;
            case Blindness.Absent:
                if (pending)
                {
                    // The 404 echoes the id asked for, and nothing else.
                    status.ShouldBe(404, because);
                    JsonNode.Parse(body)!["title"]!.GetValue<string>().ShouldBe("Annotation not found", because);
                }
                else
                {
                    status.ShouldBe(200, because);
                    body.ShouldContain(row.Shows!(s), Case.Sensitive, because);
                }

                break;
            case Blindness.Refused:
                if (pending)
                {
                    status.ShouldBe(403, because);
                    var problem = JsonNode.Parse(body)!;
                    problem["code"]!.GetValue<string>().ShouldBe("blind-assignment-pending", because);
                    problem["articleIds"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldContain(s.ArticleId, because);
                }
                else
                {
                    status.ShouldBe(200, because);
                    if (row.Shows is not null)
                    {
                        body.ShouldContain(row.Shows(s), Case.Sensitive, because);
                    }
                }

                break;
            case Blindness.NotAnnotationBearing:
                status.ShouldBeInRange(200, 299, because);
                showsTheirs.ShouldBeFalse(because);
                break;
            default:
                status.ShouldBe(403, because);
                body.ShouldNotContain("blind-assignment-pending", Case.Sensitive, because);
                break;
        }
    }

    private async Task<Scenario> ScenarioAsync()
    {
        var domain = Unique.Domain();
        var outlet = await api.Admin.RegisterOutletAsync(Requests.Outlet(domain));
        var article = await api.Admin.RegisterArticleAsync(Requests.Article(
            $"https://{domain}/story", ArticleFixture.Body, new DateTimeOffset(2026, 3, 4, 8, 0, 0, TimeSpan.Zero)));
        var claim = await api.Admin.RegisterClaimAsync(article.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = "Forces advanced 40 km overnight" },
            Claimant = new Claimant { Name = "A spokesman", Type = SourceType.Government },
            Attribution = [],
            Tags = [],
        });
        var (meAccount, myKey) = await api.CreateAccountAsync("Blind me " + Unique.Label(), Role.Annotator);
        var (themAccount, theirKey) = await api.CreateAccountAsync("Blind them " + Unique.Label(), Role.Annotator);
        var me = api.Factory.CreateApiClient(myKey);
        var them = api.Factory.CreateApiClient(theirKey);
        var campaign = await api.Admin.OpenCampaignAsync((await api.Admin.CreateCampaignAsync(Listed([meAccount.Id, themAccount.Id], 2, [article.Id]))).Id);

        // Their span and verdict first: rating every dimension submits their item, and later work is no longer blind.
        var span = await them.RecordFramingAsync(article.Id, new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = "loaded-language", Severity = 2, Selector = new TextSelector { Exact = "marauding militants", Suffix = ";" } },
            Tags = [],
        });
        var verdict = await them.RecordProvenanceAsync(new RecordProvenanceRequest
        {
            Target = new AnnotationTarget { Type = TargetType.Claim, Id = claim.Id },
            Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Verdict, Verdict = Verdict.False, Explanation = "No such advance.", EvidenceUrls = [] },
            Tags = [],
        });
        var theirRatings = (await them.RateArticleAsync(article.Id, AllDimensions(80))).Ratings;
        var mine = (await me.RateArticleAsync(article.Id, new RateArticleRequest { RubricVersion = 1, Values = [new RatingValue { Dimension = "slant", Value = 10 }], Tags = [] })).Ratings.Single();

        (await me.ListMyAssignmentsAsync(campaign.Id)).Items.Single().State.ShouldBe(AssignmentState.Pending);
        (await them.ListMyAssignmentsAsync(campaign.Id)).Items.Single().State.ShouldBe(AssignmentState.Submitted);
        return new Scenario(domain, outlet.Id, article.Id, claim.Id, campaign.Id, meAccount.Id, myKey, me, mine.Id,
            theirRatings.Single(r => r.Rating!.Dimension == "slant").Id, span.Id, verdict.Id);
    }

    private sealed record Operation(string Id, string Path);

    private async Task<List<Operation>> ReadOperationsAsync()
    {
        var document = JsonNode.Parse(await api.Factory.CreateHttpClient(apiKey: null).GetStringAsync("/openapi/v1.json"))!;
        return document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => op.Key.Equals("get", StringComparison.OrdinalIgnoreCase))
                .Select(op => new Operation(op.Value!["operationId"]!.GetValue<string>(), path.Key)))
            .ToList();
    }
}

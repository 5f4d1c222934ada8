using System.Globalization;
using System.Net;
using CredibilityApi.Client;
using CredibilityApi.Tests.Features.Campaigns;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Exports;

/// <summary>
/// Time on task (issue 14, item 4): every assignment's assigned, first-fetched, submitted and skipped instants, and
/// the seconds from first fetch to submission, exported as NDJSON and CSV. On an app of its own whose clock the test moves.
/// </summary>
public sealed class AssignmentExportTests(ClockedApiFactory factory) : IClassFixture<ClockedApiFactory>
{
    private readonly CredibilityApiClient _admin = factory.CreateApiClient(ApiFactory.AdminKey);

    [Fact]
    public async Task An_assignment_reports_the_seconds_from_its_first_fetch_to_its_submission()
    {
        var (annotator, campaign, articles) = await CampaignAsync();
        var queue = await annotator.ListMyAssignmentsAsync(campaign.Id);
        queue.Items.Count.ShouldBe(2);
        factory.Clock.Advance(TimeSpan.FromSeconds(750));
        var beforeSubmission = factory.Clock.GetUtcNow();
        await annotator.RateArticleAsync(articles[0], CampaignTestData.AllDimensions(55));

        var rows = await ExportReader.NdjsonAsync(await ResearcherAsync(), $"/api/v1/exports/assignments?campaignId={campaign.Id}");

        rows.Count.ShouldBe(2);
        var done = rows.Single(r => r["articleId"]!.GetValue<string>() == articles[0]);
        done["state"]!.GetValue<string>().ShouldBe("submitted");
        done["assignmentId"]!.GetValue<string>().ShouldBe(queue.Items.Single(i => i.ArticleId == articles[0]).Id);
        var fetched = done["firstFetchedAt"]!.GetValue<DateTimeOffset>();
        var submitted = done["submittedAt"]!.GetValue<DateTimeOffset>();
        fetched.ShouldBe(queue.Items.Single(i => i.ArticleId == articles[0]).FirstFetchedAt!.Value);
        var seconds = done["secondsOnTask"]!.GetValue<double>();
        seconds.ShouldBe((submitted - fetched).TotalSeconds, 0.001);
        seconds.ShouldBeInRange(750, 810);

        var open = rows.Single(r => r["articleId"]!.GetValue<string>() == articles[1]);
        open["state"]!.GetValue<string>().ShouldBe("pending");
        open["firstFetchedAt"].ShouldNotBeNull();
        open["secondsOnTask"].ShouldBeNull();

        // 'since' keeps the rows changed at or after it: only the submission happened after the fetch.
        var since = await ExportReader.NdjsonAsync(await ResearcherAsync(), $"/api/v1/exports/assignments?campaignId={campaign.Id}&since={ExportReader.Instant(beforeSubmission)}");
        since.Select(r => r["articleId"]!.GetValue<string>()).ShouldBe([articles[0]]);
    }

    [Fact]
    public async Task The_csv_has_one_flat_row_per_assignment_and_pages_follow_the_cursor()
    {
        var (annotator, campaign, articles) = await CampaignAsync();
        await annotator.ListMyAssignmentsAsync(campaign.Id);
        await annotator.RateArticleAsync(articles[1], CampaignTestData.AllDimensions(20));

        using var response = await ExportReader.GetAsync(await ResearcherAsync(), $"/api/v1/exports/assignments?campaignId={campaign.Id}", "text/csv");
        response.ContentType().MediaType.ShouldBe("text/csv");
        var records = ExportReader.Csv(await response.Content.ReadAsStringAsync());
        string.Join(',', records[0]).ShouldBe(
            "assignment_id,campaign_id,annotator_id,article_id,outlet_id,position,state,assigned_at,first_fetched_at,submitted_at," +
            "skipped_at,reassigned_to_id,seconds_on_task");
        var rows = ExportReader.CsvRows(records);
        rows.Count.ShouldBe(2);
        var done = rows.Single(r => r["article_id"] == articles[1]);
        (done["state"], done["position"], done["campaign_id"]).ShouldBe(("submitted", "1", campaign.Id));
        var seconds = double.Parse(done["seconds_on_task"], CultureInfo.InvariantCulture);
        var fetched = DateTimeOffset.Parse(done["first_fetched_at"], CultureInfo.InvariantCulture);
        var submitted = DateTimeOffset.Parse(done["submitted_at"], CultureInfo.InvariantCulture);
        seconds.ShouldBe((submitted - fetched).TotalSeconds, 0.001);
        rows.Single(r => r["article_id"] == articles[0])["seconds_on_task"].ShouldBe("");

        var (pages, count) = await ExportReader.AllPagesAsync(await ResearcherAsync(), $"/api/v1/exports/assignments?campaignId={campaign.Id}&limit=1");
        count.ShouldBe(2);
        pages.SelectMany(ExportReader.Lines).Count().ShouldBe(2);
    }

    [Fact]
    public async Task Annotators_may_not_export_time_on_task_and_a_foreign_cursor_is_a_400()
    {
        var (annotator, campaign, _) = await CampaignAsync();

        var refused = await annotator.ExportAssignmentsAsync(campaignId: campaign.Id).ShouldFailWith(403);
        refused.Header("Content-Type").ShouldStartWith("application/problem+json");

        var foreign = await (await ResearcherAsync()).GetAsync("/api/v1/exports/assignments?cursor=bm90LWEtY3Vyc29y");
        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        foreign.ContentType().MediaType.ShouldBe("application/problem+json");
    }

    private HttpClient? _researcher;

    /// <summary>A researcher of this app (made once): time on task is for admins and researchers.</summary>
    private async Task<HttpClient> ResearcherAsync()
    {
        if (_researcher is null)
        {
            var account = await _admin.CreateAccountAsync(new CreateAccountRequest { Name = "Time researcher " + Unique.Label(), Role = Role.Researcher });
            var key = await _admin.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "tests" });
            _researcher = factory.CreateHttpClient(key.Key);
        }

        return _researcher;
    }

    /// <summary>An open campaign of two articles given to one annotator of the test's own.</summary>
    private async Task<(CredibilityApiClient Annotator, Campaign Campaign, List<string> Articles)> CampaignAsync()
    {
        var (_, articles) = await CampaignTestData.OutletWithArticlesAsync(_admin, 2);
        var account = await _admin.CreateAccountAsync(new CreateAccountRequest { Name = "Timed " + Unique.Label(), Role = Role.Annotator });
        var key = await _admin.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "tests" });
        var campaign = await _admin.OpenCampaignAsync((await _admin.CreateCampaignAsync(CampaignTestData.Listed([account.Id], 1, articles))).Id);
        return (factory.CreateApiClient(key.Key), campaign, articles);
    }
}
